/**
 * Issue #15 §1 against the PRIVATE engine: the metrics file inside a busybox container rewritten in place
 * (same inode, never shorter: `dd conv=notrunc` run by `sh -c` inside it) is read again from byte 0, as the
 * local tailer does, whether the change is at the file's start, just before what was read, or both, and
 * whether the file ended up larger or the same size; appends after it are not mistaken for a rewrite.
 * After each step every byte of the file was handed on once since the last reset, and the numbers are those
 * of the same file read locally. Run with --test-concurrency=1.
 */
import assert from 'node:assert/strict';
import {chmodSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {parseDockerHost} from '../../source/core/docker-host.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import type {TailState} from '../../source/core/samples.js';
import {createContainerFileSource} from '../../source/sources/container-file.js';
import {createDockerClient, type DockerClient} from '../../source/sources/docker-client.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {createContainers, docker, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddc');
const DIR = '/app/data/metrics';
const INSIDE = `${DIR}/performance_metrics.jsonl`;
const NOW = 1_780_000_000;
let client: DockerClient;
const stops: Array<() => Promise<void>> = [];

before(async () => {
	await ensureEngine();
	client = createDockerClient(parseDockerHost(ENGINE_HOST, {}));
});

after(async () => {
	await Promise.allSettled(stops.map((stop) => stop()));
	client?.destroy();
	await containers.removeAll();
});

/** `n` lines of operation `op` (always 4 characters, so a changed name keeps the file's length). */
const lines = (op: string, n: number, from = 0) =>
	Array.from({length: n}, (_, i) => ddcLine({operation: op, end: NOW - 5000 + from + i, duration: 0.1 + ((from + i) % 17) / 100})).join('');

function numbers(ingest: MetricsIngest) {
	return JSON.stringify({read: ingest.linesRead, rejected: ingest.linesRejected, all: ingest.stats.summaries('all')});
}

function local(body: Buffer): string {
	const ingest = new MetricsIngest();
	ingest.ingestBytes(body, NOW);
	return numbers(ingest);
}

/**
 * A container holding the file (bind-mounted, so the test reads it locally too) and a follower of it that
 * counts the bytes handed on since the last reset.
 */
async function setup(suffix: string, flags: string[]) {
	const dir = tempDir();
	chmodSync(dir, 0o777);
	const file = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(file, lines('op_a', 5));
	const c = await containers.run(suffix, ['-v', `${dir}:${DIR}`, ...flags], ['sleep', '100000']);

	const source = createContainerFileSource({docker: client.docker, container: c.name, path: INSIDE, intervalMs: 100, retryMs: 200});
	stops.push(() => source.stop());
	const ingest = new MetricsIngest();
	const resets: string[] = [];
	let state: TailState | undefined;
	/** Bytes handed on since the last reset: the whole file, once, when caught up. */
	let bytes = 0;
	source.start((event) => {
		if (event.type === 'metrics-bytes') {
			ingest.ingestBytes(event.chunk, NOW);
			bytes += event.chunk.length;
		} else if (event.type === 'metrics-reset') {
			resets.push(event.reason);
			ingest.reset();
			bytes = 0;
		} else if (event.type === 'metrics-state') state = event.state;
	});

	/** Ticks as the app's refresh does until the follower holds exactly the file as it is now. */
	const settled = async (what: string, resetsWanted: number) => {
		await waitFor(
			() => {
				source.tick?.();
				const body = readFileSync(file);
				return state?.kind === 'following' && resets.length === resetsWanted && bytes === body.length && numbers(ingest) === local(body);
			},
			20_000,
			what,
			50,
		);
	};
	/** The new body written over the old one in place, inside the container: same inode, never shorter. */
	const rewrite = async (body: string) => {
		const before = statSync(file).ino;
		writeFileSync(path.join(dir, 'next.jsonl'), body);
		await docker(['exec', c.name, 'sh', '-c', `dd if=${DIR}/next.jsonl of=${INSIDE} conv=notrunc 2>/dev/null`]);
		assert.equal(statSync(file).ino, before, 'the same inode');
		assert.equal(readFileSync(file, 'utf8'), body);
	};
	return {c, file, ingest, resets, settled, rewrite};
}

test('a file rewritten in place inside the container, larger or the same size: re-read from byte 0, every byte once', async () => {
	const {c, file, ingest, resets, settled, rewrite} = await setup('rewrite', []);
	await settled('the small file read', 0);

	// Under 4 KiB, larger afterwards.
	await rewrite(lines('op_b', 12));
	await settled('a small file rewritten larger', 1);

	// Over 8 KiB (start and end checked apart), larger, different from the first byte.
	const big = lines('op_c', 200);
	await rewrite(big);
	await settled('rewritten to over 8 KiB', 2);

	// Appends inside the container: not a rewrite.
	const more = lines('op_c', 3, 200).trimEnd().split('\n');
	const echo = more.map((l) => `echo '${l}' >> ${INSIDE}`).join('; ');
	await docker(['exec', c.name, 'sh', '-c', echo]);
	await settled('appends followed without a reset', 2);
	const withAppends = readFileSync(file, 'utf8');

	// Only the last line read changed (the start is the same), and lines added.
	const lastStart = withAppends.lastIndexOf('"op_c"');
	const tailChanged = `${withAppends.slice(0, lastStart)}"op_t"${withAppends.slice(lastStart + 6)}${lines('op_d', 4, 300)}`;
	await rewrite(tailChanged);
	await settled('a change just before what was read', 3);

	// Only the first line changed, and lines added.
	const headChanged = `${tailChanged.replace('"op_c"', '"op_h"')}${lines('op_e', 2, 400)}`;
	await rewrite(headChanged);
	await settled('a change at the start', 4);

	// The same size: nothing new to read, but what was read changed.
	const sameSize = headChanged.replace('"op_e"', '"op_s"');
	assert.equal(sameSize.length, headChanged.length);
	await rewrite(sameSize);
	await settled('a rewrite of the same size', 5);

	assert.deepEqual(resets, ['rewritten', 'rewritten', 'rewritten', 'rewritten', 'rewritten']);
	assert.equal(ingest.linesRead, sameSize.split('\n').length - 1);
});

test('without a writable /tmp (a read-only container): a rewrite that grows the file is still re-read', async () => {
	const {resets, settled, rewrite} = await setup('readonly', ['--read-only']);
	await settled('the small file read', 0);
	await rewrite(lines('op_b', 12));
	await settled('a small file rewritten larger', 1);
	await rewrite(lines('op_c', 200));
	await settled('rewritten to over 8 KiB', 2);
	assert.deepEqual(resets, ['rewritten', 'rewritten']);
});
