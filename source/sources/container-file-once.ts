import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import {isDdcImage} from '../core/ddc-container.js';
import {createContainerFileSource} from './container-file.js';

/**
 * The metrics file inside a container, read once (`--once`, `export`) by the same follower the live view
 * runs, so the bytes are exactly those it would ingest. Never rejects.
 */
export type ContainerRead =
	| {kind: 'ok'; bytes: Buffer}
	/** The container runs but the path does not exist in it (yet, or any more). */
	| {kind: 'absent'}
	| {kind: 'problem'; message: string};

export async function readContainerFile(options: {docker: Docker; container: string; path: string}): Promise<ContainerRead> {
	const source = createContainerFileSource({...options, retryMs: 60_000});
	let parts: Buffer[] = [];
	source.start((event) => {
		if (event.type === 'metrics-reset') parts = [];
		else if (event.type === 'metrics-bytes') parts.push(Buffer.from(event.chunk));
	});
	try {
		for (;;) {
			const state = source.state;
			if (state?.kind === 'following') return {kind: 'ok', bytes: Buffer.concat(parts)};
			if (state?.kind === 'waiting' || state?.kind === 'deleted') return {kind: 'absent'};
			if (state?.kind === 'not-regular')
				return {kind: 'problem', message: `${options.path} in container ${options.container} is ${state.what}, not a regular file`};
			if (state?.kind === 'error') return {kind: 'problem', message: state.message};
			await source.settled();
		}
	} finally {
		await source.stop();
	}
}

/** The bytes in a temporary file, for the readers of a local file (the statistics, the detail); removed by `remove`. */
export async function toTempFile(bytes: Buffer): Promise<{file: string; remove: () => Promise<void>}> {
	const dir = await mkdtemp(path.join(tmpdir(), 'ddc-top-container-'));
	const file = path.join(dir, 'performance_metrics.jsonl');
	await writeFile(file, bytes, {mode: 0o600});
	return {file, remove: () => rm(dir, {recursive: true, force: true})};
}

/**
 * A running container that is DDC (issue #15 §1 auto): the one named `ddc`, else the first whose image is
 * DDC's. Undefined when none runs or Docker cannot be asked.
 */
export async function findDdcContainer(docker: Docker): Promise<string | undefined> {
	try {
		const list = await docker.listContainers();
		const named = list.find((c) => c.Names?.includes('/ddc'));
		if (named) return 'ddc';
		const byImage = list.find((c) => isDdcImage(c.Image));
		return byImage?.Names?.[0]?.replace(/^\//, '') ?? byImage?.Id;
	} catch {
		return undefined;
	}
}
