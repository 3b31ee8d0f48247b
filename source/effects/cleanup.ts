import type {Stats} from 'node:fs';
import {type FileHandle, open, readdir, realpath, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {checkDays, cleanupCutoff} from '../core/cleanup-rule.js';
import {errorCode} from '../core/error-code.js';
import {
	type Backup,
	backupPrefix,
	backupTempPrefix,
	catchUpBackup,
	chownIfNeeded,
	commitBackup,
	discardBackup,
	FileReplacedError,
	makeBackup,
} from './backup.js';
import {acquireCleanupLock, CleanupLockedError, inspectCleanupLock, lockPathFor, lockTempPrefixes} from './cleanup-lock.js';
import {classifyLines} from './cleanup-pass.js';
import {CleanupInputError, type CleanupPlanOptions} from './cleanup-plan.js';
import {copyCompleteLines} from './file-lines.js';
import {fsyncDir, removeIfPresent, writeAll} from './fs-util.js';

export interface CleanupOptions extends CleanupPlanOptions {
	/** Keep the old file as `<file>.bak-YYYYMMDD-HHMMSS` (default true). */
	backup?: boolean;
	/** The old file counts as finished once nothing reached it for this long after the rename (default 1000). */
	quietMs?: number;
	/** Stop draining the old file after this long even if something keeps writing to it (default 30 s). */
	maxDrainMs?: number;
	pollMs?: number;
	/** For progress display; called as the cleanup moves on. */
	onPhase?: (phase: 'copying' | 'committing' | 'draining') => void;
}

export interface CleanupSummary {
	path: string;
	cutoff: number;
	/** Lines removed in all (old ones, plus unreadable ones when dropped). */
	removed: number;
	old: number;
	/** Readable lines kept from the file as it was when the cleanup started. */
	kept: number;
	invalid: number;
	invalidDropped: boolean;
	/** Lines writers appended while the kept lines were being copied, copied too before the rename. */
	carriedOver: number;
	/** Lines writers appended to the old file after the rename (they opened it just before), moved over. */
	drained: number;
	/**
	 * An unfinished last line that nobody finished was moved over unchanged (no newline added, not counted
	 * as appended): the new file ends as the old one did.
	 */
	partialKept: boolean;
	/** Base names of what an interrupted earlier run left next to the file, removed before this run. */
	leftovers: string[];
	/** Something kept writing to the old file past `maxDrainMs`; later bytes are only in a link backup. */
	drainTimedOut: boolean;
	backup: {path: string; kind: Backup['kind']} | null;
	sizeBefore: number;
	/** Size of the new file when the cleanup finished (writers may have added to it already). */
	sizeAfter: number;
	/** A problem after the rename: the cleanup took effect, but the note says what may be incomplete. */
	warning?: string;
}

export function tempPathFor(file: string): string {
	return path.join(path.dirname(file), `.${path.basename(file)}.ddc-top-tmp-${process.pid}`);
}

/**
 * Removes lines older than `days` from DDC's metrics file without losing a line that DDC appends meanwhile.
 *
 * DDC's own cleanup reads every line, writes the kept ones to a temp file and `os.replace`s it over the file,
 * losing whatever was appended between its read and its replace. Here: copy the lines that stay into a temp
 * file next to the original; copy over the bytes appended since; rename over the path (the only step that
 * changes it, so a kill at any earlier point leaves the original as it was); then keep moving whatever writers
 * that opened the old file before the rename still append to it, until it has been quiet for `quietMs`. The
 * lock makes a second cleanup refuse. Order is not kept for lines appended during the run (DDC's statistics do not depend on it).
 */
export async function runCleanup(file: string, options: CleanupOptions): Promise<CleanupSummary> {
	const problem = checkDays(options.days);
	if (problem) throw new CleanupInputError(problem);
	const real = await realpath(file);
	let staleLock = false;
	const release = await acquireCleanupLock(real, options.now, () => (staleLock = true));
	try {
		const leftovers = await removeLeftovers(real);
		const summary = await cleanLocked(real, options);
		summary.leftovers = withStaleLock(real, leftovers, staleLock);
		return summary;
	} finally {
		await release();
	}
}

/**
 * Only removes what an interrupted run left (a stale lock included), under the lock, and changes nothing
 * else: for a run that has no line to remove. It looks first without the lock, so with nothing to remove it
 * leaves no trace. While another cleanup holds the lock nothing is removed (its files are its own).
 * Returns the base names removed, sorted.
 */
export async function sweepLeftovers(file: string, now: () => number): Promise<string[]> {
	const real = await realpath(file);
	const found = await previewLeftovers(real, now);
	if (found.heldBy !== undefined || found.names.length === 0) return [];
	let staleLock = false;
	let release: () => Promise<void>;
	try {
		release = await acquireCleanupLock(real, now, () => (staleLock = true));
	} catch (error) {
		if (error instanceof CleanupLockedError) return []; // a cleanup started meanwhile: they are its files
		throw error;
	}
	try {
		return withStaleLock(real, await removeLeftovers(real), staleLock);
	} finally {
		await release();
	}
}

export interface LeftoverPreview {
	/** Base names the next run would remove, sorted (the stale lock among them). */
	names: string[];
	/** A running cleanup holds the lock: its files are its own, and a run now would be refused. */
	heldBy?: string;
}

/** What the next run would remove, without taking the lock or removing anything (for --dry-run). */
export async function previewLeftovers(file: string, now: () => number): Promise<LeftoverPreview> {
	const real = await realpath(file);
	const lock = await inspectCleanupLock(real, now);
	if (lock.state === 'held') return {names: [], heldBy: lock.holder};
	return {names: withStaleLock(real, await findLeftovers(real), lock.state === 'stale')};
}

function withStaleLock(file: string, names: string[], stale: boolean): string[] {
	return stale ? [...names, path.basename(lockPathFor(file))].sort() : names;
}

/**
 * With no live cleanup holding the lock, every temp file of ours is a leftover of a killed run (the new
 * file being written, a copy backup not yet named, the lock's own temp files). So is a `.bak-` that is a
 * hard link to the file itself: a run killed between its backup and its rename. It backs up nothing (the
 * file still has every line), and as a second name of the live file it would grow with it. Returns their
 * base names, sorted.
 */
async function findLeftovers(file: string): Promise<string[]> {
	const dir = path.dirname(file);
	const temps = [`.${path.basename(file)}.ddc-top-tmp-`, backupTempPrefix(file), ...lockTempPrefixes(file)];
	const backups = backupPrefix(file);
	const current = await stat(file);
	const found: string[] = [];
	for (const name of await readdir(dir)) {
		let leftover = temps.some((p) => name.startsWith(p));
		if (!leftover && name.startsWith(backups)) {
			const s = await stat(path.join(dir, name)).catch(() => undefined);
			leftover = s !== undefined && s.ino === current.ino && s.dev === current.dev;
		}
		if (leftover) found.push(name);
	}
	return found.sort();
}

/** Removes the leftovers `findLeftovers` names; call it holding the lock. Returns the names removed. */
export async function removeLeftovers(file: string): Promise<string[]> {
	const names = await findLeftovers(file);
	for (const name of names) await removeIfPresent(unlink, path.join(path.dirname(file), name));
	return names;
}

async function cleanLocked(file: string, options: CleanupOptions): Promise<CleanupSummary> {
	const tmpPath = tempPathFor(file);
	const old = await open(file, 'r');
	let tmp: FileHandle | undefined;
	let append: FileHandle | undefined;
	let backup: Backup | undefined;
	let renamed = false;
	try {
		const stats = await old.stat();
		if (!stats.isFile()) throw new CleanupInputError(`${file} is not a regular file`);
		const nowMs = options.now();
		const cutoff = cleanupCutoff(nowMs, options.days);
		const dropInvalid = options.dropInvalid ?? false;
		tmp = await open(tmpPath, 'wx', 0o600);
		options.onPhase?.('copying');
		const counts = await classifyLines(old, stats.size, cutoff, dropInvalid, tmp);
		const during = await copyCompleteLines(old, counts.end, tmp);
		await tmp.chmod(stats.mode & 0o7777);
		await chownIfNeeded(tmp, stats);
		// From here on every write appends: after the rename DDC appends to the same file.
		append = await open(tmpPath, 'a');
		options.onPhase?.('committing');
		if (options.backup !== false) backup = await makeBackup(file, old, stats, new Date(nowMs), during.offset);
		const last = await copyCompleteLines(old, during.offset, append);
		await append.sync();
		await checkStillOurs(file, stats, old, last.offset);
		if (backup) await commitBackup(backup);
		await rename(tmpPath, file);
		renamed = true;
		await fsyncDir(path.dirname(file));
		options.onPhase?.('draining');
		const summary: CleanupSummary = {
			path: file,
			cutoff,
			removed: counts.old + (dropInvalid ? counts.invalid : 0),
			old: counts.old,
			kept: counts.kept,
			invalid: counts.invalid,
			invalidDropped: dropInvalid,
			carriedOver: during.lines + last.lines,
			drained: 0,
			partialKept: false,
			leftovers: [],
			drainTimedOut: false,
			backup: backup ? {path: backup.path, kind: backup.kind} : null,
			sizeBefore: stats.size,
			sizeAfter: 0,
		};
		try {
			await drainOldFile(old, append, last.offset, backup, summary, options);
		} catch (error) {
			summary.warning =
				`the file was cleaned, but moving lines appended during the cleanup failed (${(error as Error).message})` +
				(backup?.kind === 'link' ? `; they are in the backup ${backup.path}` : '');
		}
		summary.sizeAfter = (await append.stat()).size;
		return summary;
	} catch (error) {
		if (!renamed) {
			await removeIfPresent(unlink, tmpPath);
			if (backup) await discardBackup(backup);
		}
		throw error;
	} finally {
		await tmp?.close();
		await append?.close();
		await old.close();
	}
}

/**
 * The rename is unconditional, so check just before it that the path still names the file we read and that
 * nobody truncated it: replacing someone else's new file would throw their lines away.
 */
async function checkStillOurs(file: string, stats: Stats, old: FileHandle, offset: number): Promise<void> {
	let now: Stats;
	try {
		now = await stat(file);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') throw new FileReplacedError(file);
		throw error;
	}
	if (now.ino !== stats.ino || now.dev !== stats.dev) throw new FileReplacedError(file);
	if ((await old.stat()).size < offset) {
		throw new CleanupInputError(`${file} was truncated by another program while cleaning`);
	}
}

/**
 * DDC opens, writes and closes for every line; a writer that opened the old file just before the rename
 * writes into it after. Move those lines (whole lines only, each one O_APPEND write, so they cannot split a
 * line DDC appends to the new file at the same time) until the old file has been quiet for a while.
 * Polling on purpose: this is real elapsed time, measured on the monotonic clock.
 */
async function drainOldFile(
	old: FileHandle,
	append: FileHandle,
	from: number,
	backup: Backup | undefined,
	summary: CleanupSummary,
	options: CleanupOptions,
): Promise<void> {
	const quietMs = options.quietMs ?? 1000;
	const maxDrainMs = options.maxDrainMs ?? 30_000;
	const pollMs = options.pollMs ?? 20;
	const started = performance.now();
	let lastChange = started;
	let offset = from;
	let size = (await old.stat()).size;
	for (;;) {
		const moved = await copyCompleteLines(old, offset, append);
		summary.drained += moved.lines;
		offset = moved.offset;
		const nowSize = (await old.stat()).size;
		const t = performance.now();
		if (nowSize !== size || moved.lines > 0) {
			size = nowSize;
			lastChange = t;
		}
		if (t - lastChange >= quietMs) break;
		if (t - started >= maxDrainMs) {
			summary.drainTimedOut = true;
			break;
		}
		await sleep(pollMs);
	}
	if (size > offset) {
		// An unfinished line nobody finished: its bytes go last, unchanged, so the new file ends as the old
		// one did. It is not a line anyone appended, and adding a newline would change what was written.
		const rest = Buffer.allocUnsafe(size - offset);
		const {bytesRead} = await old.read(rest, 0, rest.length, offset);
		await writeAll(append, rest.subarray(0, bytesRead));
		summary.partialKept = bytesRead > 0;
	}
	await append.sync();
	if (backup) await catchUpBackup(backup, old, size);
}
