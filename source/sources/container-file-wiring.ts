import {existsSync} from 'node:fs';
import type {Config} from '../config.js';
import {containerFileLabel, DDC_CONTAINER_METRICS, lookedAt, notRecordingText} from '../core/container-file-target.js';
import type {DetailHistory} from '../core/detail/detail-history.js';
import {parseDockerHost} from '../core/docker-host.js';
import {createContainerFileSource} from './container-file.js';
import {findDdcContainer, readContainerFile, toTempFile} from './container-file-once.js';
import type {Source} from './source.js';

/** How long the auto look for DDC's container may delay the start (an unreachable Docker host). */
const FIND_TIMEOUT_MS = 3000;

type Where = Pick<Config, 'metricsPath' | 'container' | 'metricsDefault' | 'docker' | 'dockerHost'>;

/** Loaded only here: --once without a container, and --no-docker, never load dockerode. */
async function client(dockerHost: string | undefined) {
	const {createDockerClient} = await import('./docker-client.js');
	return createDockerClient(parseDockerHost(dockerHost, process.env));
}

/**
 * Issue #15 §1 auto: nothing said where the file is and the default local path does not exist: a running
 * container named `ddc` (or of DDC's image) is read instead. The config unchanged when there is none.
 */
export async function withAutoContainer<C extends Where>(config: C): Promise<C> {
	if (!config.metricsDefault || config.container || !config.docker || existsSync(config.metricsPath)) return config;
	let docker: Awaited<ReturnType<typeof client>>;
	try {
		docker = await client(config.dockerHost);
	} catch {
		return config;
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		const found = await Promise.race([
			findDdcContainer(docker.docker),
			new Promise<undefined>((resolve) => {
				timer = setTimeout(() => resolve(undefined), FIND_TIMEOUT_MS);
			}),
		]);
		return found
			? {...config, metricsPath: DDC_CONTAINER_METRICS, container: {name: found, auto: {localPath: config.metricsPath}}}
			: config;
	} finally {
		clearTimeout(timer);
		docker.destroy();
	}
}

/** How the file is named on screen and in documents: the path, or "<path> in container <name>". */
export function metricsLabel(config: Pick<Config, 'metricsPath' | 'container'>): string {
	return config.container ? containerFileLabel(config.metricsPath, config.container.name) : config.metricsPath;
}

/** The live view's (and serve's) follower of the file inside the container, with its own Docker client. */
export async function createContainerSource(config: Where & {intervalMs: number}): Promise<Source> {
	const docker = await client(config.dockerHost);
	const source = createContainerFileSource({
		docker: docker.docker,
		container: config.container!.name,
		path: config.metricsPath,
		intervalMs: config.intervalMs,
		ticked: true,
	});
	return {
		start: (emit) => source.start(emit),
		tick: () => source.tick?.(),
		async stop() {
			await source.stop();
			docker.destroy();
		},
	};
}

/** What a one-shot reader (--once, export) reads: a local file, maybe a temporary copy of the container's. */
export type OnceFile =
	| {
			ok: true;
			/** A local file to read (a temporary copy for a container, removed by `remove`). */
			path: string;
			label: string;
			container?: string;
			/** Issue #15 §2: nothing found where ddc-top looked; `path` is then an empty file. */
			notRecording?: string;
			remove: () => Promise<void>;
	  }
	| {ok: false; message: string};

const nothing = async () => {};

/**
 * --once and export with a container, or with nothing said and nothing found: the container's file copied
 * once to a temporary file (the statistics are read from it as from any local file), or, when there is no
 * file anywhere ddc-top looked, an empty one and the line that says so (issue #15 §2).
 */
export async function prepareOnceFile(config: Where): Promise<OnceFile> {
	if (!config.container) {
		if (!config.metricsDefault || existsSync(config.metricsPath))
			return {ok: true, path: config.metricsPath, label: config.metricsPath, remove: nothing};
		const empty = await toTempFile(Buffer.alloc(0));
		return {ok: true, path: empty.file, label: config.metricsPath, notRecording: notRecordingText(lookedAt(config)), remove: empty.remove};
	}
	const name = config.container.name;
	const label = containerFileLabel(config.metricsPath, name);
	let docker: Awaited<ReturnType<typeof client>>;
	try {
		docker = await client(config.dockerHost);
	} catch (error) {
		return {ok: false, message: `cannot reach Docker for container ${name}: ${(error as Error).message}`};
	}
	try {
		const read = await readContainerFile({docker: docker.docker, container: name, path: config.metricsPath});
		if (read.kind === 'problem') return {ok: false, message: read.message};
		const copy = await toTempFile(read.kind === 'ok' ? read.bytes : Buffer.alloc(0));
		const notRecording = read.kind === 'absent' ? notRecordingText(lookedAt(config)) : undefined;
		return {ok: true, path: copy.file, label, container: name, ...(notRecording && {notRecording}), remove: copy.remove};
	} finally {
		docker.destroy();
	}
}

/** As detail-history.ts: one chunk's scan never holds a key or a frame back noticeably. */
const HISTORY_CHUNK = 1024 * 1024;

/**
 * An operation's detail in the live view re-reads the file's past (sources/detail-history.ts); for a
 * container's file that past is read once more through a follower, when the detail opens (not per refresh),
 * and handed on up to what the live tail has read.
 */
export function containerDetailHistory(config: Pick<Config, 'metricsPath' | 'container' | 'dockerHost'>): DetailHistory {
	return {
		async read(upTo, onChunk, signal) {
			if (upTo() <= 0 || !config.container) return;
			const docker = await client(config.dockerHost);
			let read: Awaited<ReturnType<typeof readContainerFile>>;
			try {
				read = await readContainerFile({docker: docker.docker, container: config.container.name, path: config.metricsPath});
			} finally {
				docker.destroy();
			}
			if (read.kind !== 'ok') throw new Error(read.kind === 'problem' ? read.message : `no file at ${metricsLabel(config)}`);
			const {bytes} = read;
			let offset = 0;
			while (offset < Math.min(upTo(), bytes.length) && !signal.aborted) {
				const end = Math.min(upTo(), bytes.length, offset + HISTORY_CHUNK);
				onChunk(bytes.subarray(offset, end));
				offset = end;
				await new Promise<void>((resolve) => setImmediate(resolve));
			}
		},
	};
}
