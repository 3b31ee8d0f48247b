import {readSync, type Stats, statSync} from 'node:fs';
import {type FileHandle, stat, statfs} from 'node:fs/promises';
import {type FSWatcher, watch} from 'chokidar';
import {errorCode} from '../core/error-code.js';
import {nonRegularKind} from '../core/file-kind.js';
import {isLocalFilesystem} from '../core/local-fs.js';
import type {TailState} from '../core/samples.js';
import {NotRegularFileError, openRegularFile} from './regular-file.js';
import type {Emit, Source} from './source.js';

export interface MetricsFileOptions {
	path: string;
	/** Poll instead of inotify: needed on NFS/CIFS and Docker Desktop bind mounts. */
	poll?: boolean;
	/** How often the path is checked even without a watcher event (a safety net for missed events). */
	checkIntervalMs?: number;
	/**
	 * No timer of its own: the app calls tick() every refresh, which does the same check. With inotify,
	 * the watcher is also off from its first event until a tick finds the file idle (see `start`).
	 */
	ticked?: boolean;
	chunkBytes?: number;
}

export interface MetricsFileSource extends Source {
	/** Reads whatever is new now; resolves when caught up. Calls made while one runs are coalesced. */
	sync(): Promise<void>;
	/**
	 * Ticked with inotify: the path is unwatched after a watcher event, until a tick finds nothing new
	 * (while the file keeps growing, the ticks' reads follow it).
	 */
	readonly watchPaused: boolean;
}

/**
 * Largest read done synchronously while following: far more than DDC appends between two events, small
 * enough to be a memcpy from the page cache. Anything bigger takes the asynchronous, chunked path.
 */
const SYNC_READ_BYTES = 64 * 1024;

/**
 * How much of the file's start, and of what lies just before our offset, is remembered to tell a rewrite in
 * place from appends: `cp new.jsonl m.jsonl` keeps the inode and may leave the file larger than our offset,
 * so neither the inode nor the size says it. The start alone is not enough: a new file can share far more
 * than its first 4 KiB with the old one (the same first 250 lines, then others). Bytes that match both at
 * the start and just before the offset while differing in between are not seen: that reads as appends.
 */
const HEAD_BYTES = 4096;
const TAIL_BYTES = 4096;

/** Two states are the same news: only a change, or catch-up progress, is emitted. */
function sameState(a: TailState | undefined, b: TailState): boolean {
	if (!a || a.kind !== b.kind) return false;
	if (b.kind === 'reading') return false;
	if (b.kind === 'error') return false;
	if (b.kind === 'not-regular') return (a as {what: string}).what === b.what;
	return true;
}

/**
 * Follows DDC's metrics file from byte 0. chokidar only says "something happened"; we keep our own fd and
 * byte offset and decide from the path's inode, size and first bytes what it was:
 * new inode at the path -> replaced (DDC's cleanup renames a temp file over it): forget and re-read;
 * size below our offset -> truncated: forget and re-read; same inode, but its first bytes or those just
 * before our offset are no longer those we read -> rewritten in place (e.g. `cp` over it, ending up
 * larger): forget and re-read;
 * path gone -> deleted: keep the numbers, wait; the path is a FIFO, device, directory or socket -> say
 * so, read nothing (a FIFO would block the reader, /dev/zero never ends), keep the numbers.
 * Every byte is read once per inode, so no line is counted twice.
 *
 * A periodic check (checkIntervalMs) catches whatever a watcher misses.
 *
 * Cost: every thread-pool round trip wakes the event loop, and on a VM a wakeup costs more CPU than the
 * work, so a change is one stat, one read of the first 4 KiB (about 4 µs from the page cache) and one read
 * of what is new, which starts 4 KiB early to check the end of what was read, not also a read that returns
 * 0. Within a file's first 4 KiB the start is that end: the one read does both. While following a file on a local filesystem with
 * inotify, all are synchronous: the inode is cached and the bytes are in the page cache (see local-fs.ts).
 * With --poll (NFS, CIFS, Docker Desktop mounts) and for catch-up reads everything stays asynchronous.
 */
export function createMetricsFileSource(options: MetricsFileOptions): MetricsFileSource {
	const {path} = options;
	const chunkBytes = options.chunkBytes ?? 4 * 1024 * 1024;
	/** Room for the remembered end's bytes read again ahead of a chunk (see readToEnd). */
	const buffer = Buffer.allocUnsafe(TAIL_BYTES + chunkBytes);
	let emit: Emit = () => {};
	let handle: FileHandle | undefined;
	let inode = -1;
	let offset = 0;
	let everOpened = false;
	/** The open file is on a local filesystem, watched with inotify: its stat and small reads may be synchronous. */
	let local = false;
	let usePolling = false;
	let state: TailState | undefined;
	/** The file's first bytes as read (up to HEAD_BYTES; always min(offset, HEAD_BYTES) of them). */
	const head = Buffer.alloc(HEAD_BYTES);
	let headLength = 0;
	const headNow = Buffer.allocUnsafe(HEAD_BYTES);
	/** The bytes just before `offset` as read (up to TAIL_BYTES; always min(offset, TAIL_BYTES) of them). */
	const tail = Buffer.alloc(TAIL_BYTES);
	let tailLength = 0;
	/** Size and mtime at the last check: the head is compared again only when one of them moved. */
	let seenSize = -1;
	let seenMtimeMs = -1;
	/** The size the catch-up is heading for, for its progress. */
	let catchUpSize = 0;
	let watcher: FSWatcher | undefined;
	/** Ticked with inotify: unwatched from a watcher event until a tick finds the file idle. */
	let watchPaused = false;
	/** Bytes handed on so far: tells a refresh that found the file growing from one that found it idle. */
	let bytesEmitted = 0;
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = false;

	const setState = (next: TailState) => {
		if (sameState(state, next)) return;
		state = next;
		emit({type: 'metrics-state', state: next});
	};

	/** Start over from byte 0 of the open fd: nothing read, nothing remembered. */
	const restart = (size: number) => {
		offset = 0;
		headLength = 0;
		tailLength = 0;
		catchUpSize = size;
		setState({kind: 'reading', bytesRead: 0, size});
	};

	/** Keeps the file's first bytes as they are read: `chunk`, just read at `offset`. */
	const rememberHead = (chunk: Buffer) => {
		if (offset >= HEAD_BYTES) return;
		const n = Math.min(chunk.length, HEAD_BYTES - offset);
		chunk.copy(head, offset, 0, n);
		headLength = offset + n;
	};

	/** Keeps the last bytes before the offset as they are read: `chunk`, just read at `offset`. */
	const rememberTail = (chunk: Buffer) => {
		if (chunk.length >= TAIL_BYTES) {
			chunk.copy(tail, 0, chunk.length - TAIL_BYTES);
			tailLength = TAIL_BYTES;
			return;
		}
		const keep = Math.min(tailLength, TAIL_BYTES - chunk.length);
		tail.copyWithin(0, tailLength - keep, tailLength);
		chunk.copy(tail, keep);
		tailLength = keep + chunk.length;
	};

	/**
	 * Whether the file no longer starts with the bytes we read from it: one pread of at most 4 KiB. While
	 * everything read fits in the start, the check of the end in readToEnd covers it, with no read of its own.
	 */
	const headChanged = async (fd: FileHandle): Promise<boolean> => {
		if (headLength === 0 || headLength >= offset) return false;
		const quick = local && state?.kind === 'following';
		const n = quick ? readSync(fd.fd, headNow, 0, headLength, 0) : (await fd.read(headNow, 0, headLength, 0)).bytesRead;
		return n < headLength || headNow.compare(head, 0, headLength, 0, headLength) !== 0;
	};

	const syncReadBytes = Math.min(SYNC_READ_BYTES, chunkBytes);

	/**
	 * Reads from `offset` to the end of the open fd, a chunk at a time, yielding between chunks. `size` is
	 * the path's size just seen (undefined: unknown); it only decides whether a read may be synchronous.
	 * With `checkTail` the first read starts at the remembered end's first byte, so one pread both checks
	 * that the bytes before the offset are still those we read and brings what is new. Returns false, with
	 * nothing read, when they are not: the file was rewritten in place.
	 */
	const readToEnd = async (fd: FileHandle, size?: number, checkTail = false): Promise<boolean> => {
		for (;;) {
			const ahead = checkTail ? tailLength : 0;
			checkTail = false;
			const quick = local && state?.kind === 'following' && size !== undefined && size - offset <= syncReadBytes;
			// A local file's stat is exact: a quiet file's refresh costs the stat alone, not also a read of 0 bytes.
			if (quick && size === offset && ahead === 0) return true;
			const asked = quick ? syncReadBytes : chunkBytes;
			const got = quick
				? readSync(fd.fd, buffer, 0, ahead + asked, offset - ahead)
				: (await fd.read(buffer, 0, ahead + asked, offset - ahead)).bytesRead;
			if (ahead > 0 && (got < ahead || buffer.compare(tail, 0, ahead, 0, ahead) !== 0)) return false;
			const bytesRead = got - ahead;
			if (bytesRead <= 0 || stopped) return true;
			const chunk = buffer.subarray(ahead, got);
			rememberHead(chunk);
			rememberTail(chunk);
			offset += bytesRead;
			bytesEmitted += bytesRead;
			emit({type: 'metrics-bytes', chunk});
			if (state?.kind === 'reading') {
				catchUpSize = Math.max(catchUpSize, offset);
				setState({kind: 'reading', bytesRead: offset, size: catchUpSize});
			}
			// A regular file gives less than asked only at its end; bytes appended meanwhile bring an event.
			if (bytesRead < asked) return true;
			// Let keys and redraws in between chunks of a large catch-up.
			await new Promise<void>((resolve) => setImmediate(resolve));
		}
	};

	const closeHandle = async () => {
		const fd = handle;
		handle = undefined;
		inode = -1;
		local = false;
		await fd?.close().catch(() => {});
	};

	/**
	 * Opens the path (a regular file only) to read it from byte 0; `reason` is emitted once it is open, so a
	 * path that turns out to be gone or a FIFO leaves the numbers as they were.
	 */
	const openAtZero = async (reason?: 'replaced' | 'recreated') => {
		const {handle: fd, stats} = await openRegularFile(path);
		handle = fd;
		inode = stats.ino;
		everOpened = true;
		local = !usePolling && (await isLocalPath());
		if (reason) emit({type: 'metrics-reset', reason});
		restart(stats.size);
	};

	const isLocalPath = async () => {
		try {
			return isLocalFilesystem(process.platform, (await statfs(path)).type);
		} catch {
			return false;
		}
	};

	/** The path's stat, undefined when it is gone. */
	const statPath = async (): Promise<Stats | undefined> => {
		if (local) return statSync(path, {throwIfNoEntry: false});
		try {
			return await stat(path);
		} catch (error) {
			if (errorCode(error) === 'ENOENT') return undefined;
			throw error;
		}
	};

	/** Same inode, not shorter, yet its start or the end of what we read changed: rewritten in place. */
	const rewritten = (size: number) => {
		emit({type: 'metrics-reset', reason: 'rewritten'});
		restart(size);
	};

	const syncOnce = async () => {
		let st: Stats | undefined;
		try {
			st = await statPath();
		} catch (error) {
			setState({kind: 'error', message: `cannot read ${path}: ${(error as Error).message}`});
			return;
		}
		const notRegular = st && nonRegularKind(st);
		if (!st || notRegular) {
			if (handle) {
				// Deleted (or something else put at the path): what was appended to our inode before that is
				// still readable through our fd.
				await readToEnd(handle);
				await closeHandle();
			}
			if (notRegular) setState({kind: 'not-regular', what: notRegular});
			else setState({kind: everOpened ? 'deleted' : 'waiting'});
			return;
		}
		try {
			if (!handle) {
				await openAtZero(everOpened ? 'recreated' : undefined);
			} else if (st.ino !== inode) {
				// Lines that land on the old inode after a rename would not be in a fresh ingest either.
				await closeHandle();
				await openAtZero('replaced');
			} else if (st.size < offset) {
				emit({type: 'metrics-reset', reason: 'truncated'});
				restart(st.size);
			}
			// Size or mtime moved: the start and the end of what was read are compared; otherwise neither.
			const moved = st.size !== seenSize || st.mtimeMs !== seenMtimeMs;
			seenSize = st.size;
			seenMtimeMs = st.mtimeMs;
			if (handle && moved && (await headChanged(handle))) rewritten(st.size);
			if (handle && !(await readToEnd(handle, st.size, moved))) {
				rewritten(st.size);
				await readToEnd(handle, st.size);
			}
			setState({kind: 'following'});
		} catch (error) {
			if (error instanceof NotRegularFileError) {
				// Swapped for a FIFO or device between the stat and the open: the fd's own type decided.
				setState({kind: 'not-regular', what: error.kind});
				return;
			}
			// e.g. the file vanished between stat and open: the next check sorts it out.
			if (errorCode(error) === 'ENOENT') return;
			setState({kind: 'error', message: `cannot read ${path}: ${(error as Error).message}`});
		}
	};

	const sync = (): Promise<void> => {
		if (stopped) return Promise.resolve();
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				await syncOnce();
			} while (again && !stopped);
			running = undefined;
		})();
		return running;
	};

	return {
		sync,
		start(next) {
			emit = next;
			usePolling = options.poll ?? process.env.CHOKIDAR_USEPOLLING === '1';
			watcher = watch(path, {
				persistent: true,
				ignoreInitial: true,
				usePolling,
				interval: 500,
				// We compare inodes ourselves; chokidar's own rename smoothing would only delay us.
				atomic: false,
				awaitWriteFinish: false,
			});
			// Cost: chokidar spends four wakeups on each write it sees (the inotify event, a stat in
			// the thread pool, its 5 ms and 50 ms throttle timers), about 1 ms of CPU per appended line here,
			// however close together the lines come. A ticked view only draws once per refresh and the tick reads
			// whatever is new, so after one event the path is unwatched until a tick finds the file idle (see
			// tick): following a busy file costs no watcher round at all, and an idle file still costs nothing.
			// Replacement, truncation and deletion in between are found by the tick's stat, as with --poll.
			const pauseAfterEvent = options.ticked === true && !usePolling;
			watcher.on('all', () => {
				void sync();
				if (pauseAfterEvent && !watchPaused && !stopped) {
					watchPaused = true;
					watcher?.unwatch(path);
				}
			});
			watcher.on('error', () => void sync());
			if (!options.ticked) {
				timer = setInterval(() => void sync(), options.checkIntervalMs ?? 1000);
				timer.unref();
			}
			void sync();
		},
		tick() {
			if (!watchPaused || stopped) {
				void sync();
				return;
			}
			// While the file keeps growing, each refresh's own read is all the following there is (no watcher
			// round at all); the watch comes back once a refresh finds nothing new, so an idle file again
			// costs nothing between refreshes. A line written between that read and the re-watch waits for
			// the next refresh, which reads it: nothing is lost, at most one refresh late.
			const before = bytesEmitted;
			void sync().then(() => {
				if (watchPaused && !stopped && bytesEmitted === before) {
					watchPaused = false;
					watcher?.add(path);
				}
			});
		},
		get watchPaused() {
			return watchPaused;
		},
		async stop() {
			stopped = true;
			if (timer) clearInterval(timer);
			await watcher?.close();
			await running;
			await closeHandle();
		},
	};
}
