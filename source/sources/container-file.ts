import {createHash} from 'node:crypto';
import type {Duplex} from 'node:stream';
import type Docker from 'dockerode';
import {ReadWindow} from '../core/container-file-check.js';
import {ExecDemuxer, type FollowerMessage, FollowerParser, modeWords} from '../core/container-file-frames.js';
import {CONTAINER_FOLLOWER} from '../core/container-file-script.js';
import type {TailState} from '../core/samples.js';
import {sanitize} from '../core/sanitize.js';
import type {Emit, Source} from './source.js';

export {DDC_CONTAINER_METRICS} from '../core/container-file-target.js';

export interface ContainerFileOptions {
	docker: Docker;
	/** The container's name or id, looked up again whenever the follower ends (restarted, recreated). */
	container: string;
	path: string;
	/** The app's refresh interval: each tick asks the follower to look (one `ls` in the container). */
	intervalMs?: number;
	/** No timer of its own: the app calls tick() every refresh (see Source.tick). */
	ticked?: boolean;
	/** How often a missing or stopped container is looked up again. */
	retryMs?: number;
}

export interface ContainerFileSource extends Source {
	/** Resolves once the follower has caught up with the file (or found it absent), or the container is not running. */
	settled(): Promise<void>;
	readonly state: TailState | undefined;
}

type Ended = 'ended' | 'no-tools';

/**
 * The metrics file inside a container (issue #15 §1), through the Engine API only: one exec per container
 * start runs the follower script (core/container-file-script.ts), which keeps the file open and reports
 * what the local tailer (metrics-file.ts) finds with stat and reads: the same events come out of here
 * (metrics-bytes from byte 0, metrics-reset for replaced, truncated and recreated files, the states), so the
 * store's statistics are those of the same file read locally. A rewrite in place that leaves the file as
 * large or larger (same inode) is found as the local tailer finds it, by the bytes at the file's start and
 * just before what was read: each refresh's line to the follower carries their hash (container-file-check.ts).
 *
 * The container stopped: the exec ends with it; the numbers stay and the state says so. Started again or
 * recreated under the same name: a new follower reads the file from byte 0 after a reset (the numbers of
 * the old run are not counted twice). Cost at rest: a short line written per refresh, shell builtins in
 * the container, nothing sent back.
 */
export function createContainerFileSource(options: ContainerFileOptions): ContainerFileSource {
	const {docker, container, path} = options;
	const intervalMs = options.intervalMs ?? 1000;
	const retryMs = options.retryMs ?? 2000;
	const shown = sanitize(container);
	// The follower's read timeout: several refreshes without a newline from us mean we are gone.
	const livenessS = Math.max(30, Math.ceil((intervalMs * 3) / 1000));
	let emit: Emit = () => {};
	let state: TailState | undefined;
	let stopped = false;
	let stream: Duplex | undefined;
	let timer: NodeJS.Timeout | undefined;
	let wake: (() => void) | undefined;
	let loop: Promise<void> | undefined;
	/** Bytes handed on since the last reset: a new follower's first read needs a reset before it. */
	let ingested = false;
	let everOpened = false;
	let waiters: Array<() => void> = [];
	/** What the running follower's file gave since its last open: the bytes it checks for a rewrite. */
	let window = new ReadWindow();
	let said: {key: string; line: string} | undefined;

	const settle = () => {
		const all = waiters;
		waiters = [];
		for (const resolve of all) resolve();
	};

	const setState = (next: TailState) => {
		const same =
			state &&
			state.kind === next.kind &&
			next.kind !== 'reading' &&
			(next.kind !== 'error' || (state as {message: string}).message === next.message) &&
			(next.kind !== 'not-regular' || (state as {what: string}).what === next.what);
		if (!same) {
			state = next;
			emit({type: 'metrics-state', state: next});
		}
		if (next.kind !== 'reading') settle();
	};

	const onMessage = (message: FollowerMessage) => {
		if (stopped) return;
		switch (message.kind) {
			case 'opened':
				if (message.why !== 'first' || ingested) emit({type: 'metrics-reset', reason: message.why === 'first' ? 'recreated' : message.why});
				ingested = false;
				everOpened = true;
				window.opened();
				setState({kind: 'reading', bytesRead: 0, size: message.size});
				return;
			case 'data':
				ingested = true;
				window.read(message.chunk);
				emit({type: 'metrics-bytes', chunk: message.chunk});
				if (state?.kind === 'reading')
					setState({kind: 'reading', bytesRead: message.position, size: Math.max(state.size ?? 0, message.position)});
				return;
			case 'following':
				return setState({kind: 'following'});
			case 'absent':
				return setState({kind: everOpened ? 'deleted' : 'waiting'});
			case 'not-regular':
				return setState({kind: 'not-regular', what: modeWords(message.mode)});
			case 'cannot-open':
				return setState({kind: 'error', message: `cannot read ${path} in container ${shown}`});
			case 'missing-tool':
				return setState({kind: 'error', message: noToolsText(shown, `\`${message.tool}\``)});
			default:
		}
	};

	/** Runs one follower in a running container; resolves when its stream ends. */
	const follow = async (id: string): Promise<Ended> => {
		const exec = await docker.getContainer(id).exec({
			Cmd: ['sh', '-c', CONTAINER_FOLLOWER, 'ddc-top-follow', path, String(livenessS)],
			AttachStdin: true,
			AttachStdout: true,
			AttachStderr: true,
			Tty: false,
		});
		const duplex = await exec.start({hijack: true, stdin: true});
		if (stopped) {
			duplex.destroy();
			return 'ended';
		}
		stream = duplex;
		window = new ReadWindow();
		said = undefined;
		let hello = false;
		const parser = new FollowerParser((message) => {
			if (message.kind === 'hello') hello = true;
			onMessage(message);
		});
		const demuxer = new ExecDemuxer((bytes) => parser.feed(bytes));
		await new Promise<void>((resolve) => {
			duplex.on('data', (chunk: Buffer) => demuxer.feed(chunk));
			duplex.on('error', () => {});
			duplex.on('close', () => resolve());
			duplex.on('end', () => resolve());
		});
		stream = undefined;
		duplex.destroy();
		if (hello || stopped) return 'ended';
		// It never started: no shell (exit 126/127, or the Engine's own "executable file not found").
		const info = await exec.inspect().catch(() => undefined);
		if (info?.ExitCode === 126 || info?.ExitCode === 127 || /not found|no such file/i.test(demuxer.stderr)) {
			setState({kind: 'error', message: noToolsText(shown, '`sh`')});
			return 'no-tools';
		}
		return 'ended';
	};

	const pause = (ms: number) =>
		new Promise<void>((resolve) => {
			if (stopped) return resolve();
			wake = resolve;
			timer = setTimeout(resolve, ms);
		}).finally(() => {
			if (timer) clearTimeout(timer);
			timer = undefined;
			wake = undefined;
		});

	const run = async () => {
		while (!stopped) {
			let info: Docker.ContainerInspectInfo;
			try {
				info = await docker.getContainer(container).inspect();
			} catch (error) {
				if (stopped) return;
				const code = (error as {statusCode?: number}).statusCode;
				const message =
					code === 404
						? `no container ${shown}${ingested ? ' (keeping the last numbers)' : ''}`
						: `cannot reach Docker for container ${shown}: ${sanitize((error as Error).message)}`;
				setState(code === 404 ? {kind: 'error', message, cause: 'container-gone'} : {kind: 'error', message});
				await pause(retryMs);
				continue;
			}
			if (!info.State?.Running) {
				setState({
					kind: 'error',
					message: `container ${shown} is ${sanitize(info.State?.Status ?? 'stopped')}${ingested ? ' (keeping the last numbers)' : ''}`,
					cause: 'container-stopped',
				});
				await pause(retryMs);
				continue;
			}
			let ended: Ended;
			try {
				ended = await follow(info.Id);
			} catch (error) {
				if (stopped) return;
				// e.g. the container stopped between inspect and exec (409): looked at again shortly.
				setState({kind: 'error', message: `cannot follow ${path} in container ${shown}: ${sanitize((error as Error).message)}`});
				ended = 'ended';
			}
			// A follower that ended in a running container (our liveness timeout after a suspend) restarts
			// at once; a stop is found by the next inspect. Without a shell nothing changes until it is replaced.
			await pause(ended === 'no-tools' ? retryMs * 15 : 200);
		}
	};

	/** The refresh's line: "<opens> <position> <md5>" of what was read (see container-file-script.ts); hashed once per position. */
	const checkLine = (): string => {
		if (window.position === 0) return '\n';
		const key = `${window.generation} ${window.position}`;
		if (said?.key !== key) {
			const hash = createHash('md5');
			for (const part of window.region()) hash.update(part);
			said = {key, line: `${key} ${hash.digest('hex')}\n`};
		}
		return said.line;
	};

	const poke = () => {
		if (stream && !stream.destroyed) stream.write(checkLine());
	};

	let pinger: NodeJS.Timeout | undefined;
	return {
		get state() {
			return state;
		},
		settled() {
			if (stopped) return Promise.resolve();
			return new Promise<void>((resolve) => waiters.push(resolve));
		},
		start(next) {
			emit = next;
			setState({kind: 'opening'});
			loop = run();
			if (!options.ticked) {
				pinger = setInterval(poke, intervalMs);
				pinger.unref();
			}
		},
		tick() {
			poke();
		},
		async stop() {
			stopped = true;
			if (pinger) clearInterval(pinger);
			wake?.();
			// EOF on its stdin ends the follower in the container at once (its `read` returns).
			stream?.end();
			stream?.destroy();
			await loop?.catch(() => {});
			settle();
		},
	};
}

/** The one line for a container that cannot run the follower. */
export function noToolsText(container: string, tool: string): string {
	return `container ${container} has no ${tool}: ddc-top cannot read its metrics file from inside it (mount its data/ folder and use --metrics)`;
}
