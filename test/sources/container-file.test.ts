/**
 * Issue #15 §1 against the PRIVATE engine (.ci/docker-engine.sh, named in every call): the metrics file
 * inside a busybox container, followed through one exec, gives the same events, hence the same statistics,
 * as the same file read locally: from byte 0, appends (from the host through a bind mount and from a shell
 * inside), a partial last line held, rename-over, truncation, deletion; the container stopped, started,
 * removed and recreated; a container without a shell. (Busybox's shell runs its applets without
 * their links, so a busybox image cannot lack `ls` or `dd`.) Run with --test-concurrency=1.
 */
import assert from 'node:assert/strict';
import {appendFileSync, chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {parseDockerHost} from '../../source/core/docker-host.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import type {TailState} from '../../source/core/samples.js';
import {createContainerFileSource} from '../../source/sources/container-file.js';
import {createDockerClient, type DockerClient} from '../../source/sources/docker-client.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {ddcLine, metricsBody} from '../helpers/ddc-lines.js';
import {createContainers, docker, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddc');
const INSIDE = '/app/data/metrics/performance_metrics.jsonl';
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

/** The store's handling of the file events, on a fixed clock: bytes ingested, a reset forgets. */
function follow(container: string) {
	const source = createContainerFileSource({docker: client.docker, container, path: INSIDE, intervalMs: 100, retryMs: 200});
	stops.push(() => source.stop());
	const ingest = new MetricsIngest();
	const resets: string[] = [];
	const states: TailState[] = [];
	source.start((event: SourceEvent) => {
		if (event.type === 'metrics-bytes') ingest.ingestBytes(event.chunk, NOW);
		else if (event.type === 'metrics-reset') {
			resets.push(event.reason);
			ingest.reset();
		} else if (event.type === 'metrics-state') states.push(event.state);
	});
	const state = () => states.at(-1);
	return {source, ingest, resets, states, state};
}

/** The same bytes read locally in one go: the numbers every follower must end with. */
function numbers(ingest: MetricsIngest) {
	return JSON.stringify({
		read: ingest.linesRead,
		rejected: ingest.linesRejected,
		all: ingest.stats.summaries('all'),
		day: ingest.stats.summaries('24h'),
	});
}
function local(body: Buffer | string): string {
	const ingest = new MetricsIngest();
	ingest.ingestBytes(typeof body === 'string' ? Buffer.from(body) : body, NOW);
	return numbers(ingest);
}

/** Waits for `condition`, ticking the source as the app's refresh does. */
async function ticking(f: ReturnType<typeof follow>, condition: () => boolean, what: string) {
	await waitFor(
		() => {
			f.source.tick?.();
			return condition();
		},
		10_000,
		what,
		50,
	);
}

/** Polls (with the source's own tick, as the app's refresh does) until the numbers match `want`. */
async function settlesTo(f: ReturnType<typeof follow>, want: string, what: string) {
	await waitFor(
		() => {
			f.source.tick?.();
			return f.state()?.kind === 'following' && numbers(f.ingest) === want;
		},
		20_000,
		what,
		50,
	);
}

test('a file in a container: same numbers as read locally, through appends, a partial line, rename-over, truncation, deletion', async () => {
	const dir = tempDir();
	chmodSync(dir, 0o777);
	const file = path.join(dir, 'performance_metrics.jsonl');
	const body = metricsBody({nowSeconds: NOW, old: 3000, recent: 20_000, malformed: 7, seed: 3});
	writeFileSync(file, body);
	const c = await containers.run('file', ['-v', `${dir}:/app/data/metrics`], ['sleep', '100000']);
	const f = follow(c.name);
	await settlesTo(f, local(body), 'the whole file read from byte 0');
	assert.ok(f.ingest.linesRead > 20_000);
	assert.deepEqual(f.resets, []);

	// From the host: a line, then half a line (held), then its rest.
	const line = ddcLine({operation: 'host_append', end: NOW - 5, duration: 0.25});
	appendFileSync(file, line + line.slice(0, 20));
	await settlesTo(f, local(readFileSync(file)), 'a host append, the partial line held');
	const before = f.ingest.linesRead;
	appendFileSync(file, line.slice(20));
	await settlesTo(f, local(readFileSync(file)), 'the partial line completed');
	assert.equal(f.ingest.linesRead, before + 1);

	// From a shell inside the container.
	const inside = ddcLine({operation: 'inside', end: NOW - 2, duration: 0.5})
		.trimEnd()
		.replaceAll('"', '\\"');
	await docker(['exec', c.name, 'sh', '-c', `for i in 1 2 3 4 5; do echo "${inside}" >> ${INSIDE}; done`]);
	await settlesTo(f, local(readFileSync(file)), 'five lines appended by a shell loop inside');

	// DDC's cleanup: a temp file renamed over it (inside the container).
	const fresh = metricsBody({nowSeconds: NOW, old: 0, recent: 500, seed: 9});
	writeFileSync(path.join(dir, 'tmp.jsonl'), fresh);
	await docker(['exec', c.name, 'busybox', 'mv', '/app/data/metrics/tmp.jsonl', INSIDE]);
	await settlesTo(f, local(fresh), 'the replaced file re-read');
	assert.deepEqual(f.resets, ['replaced']);

	// Truncated, then written again.
	writeFileSync(file, '');
	await ticking(f, () => f.resets.length === 2, 'the truncation seen');
	assert.equal(f.resets[1], 'truncated');
	const small = ddcLine({operation: 'after_truncate', end: NOW - 1, duration: 0.1});
	appendFileSync(file, small);
	await settlesTo(f, local(small), 'the truncated file re-read');

	// Deleted: the numbers stay; written again: re-read.
	await docker(['exec', c.name, 'busybox', 'rm', INSIDE]);
	await ticking(f, () => f.state()?.kind === 'deleted', 'the deletion seen');
	assert.equal(numbers(f.ingest), local(small), 'numbers kept after deletion');
	writeFileSync(file, fresh);
	await settlesTo(f, local(fresh), 'the recreated file re-read');
	assert.equal(f.resets.at(-1), 'recreated');
});

test('the container stopped (numbers kept), started (re-read), removed and recreated under its name (followed); a missing file waits', async () => {
	const write = `busybox mkdir -p /app/data/metrics && printf '%s' '${ddcLine({operation: 'first', end: NOW - 9, duration: 0.3})}' > ${INSIDE}`;
	const c = await containers.run('life', [], ['sh', '-c', `${write}; exec sleep 100000`]);
	const f = follow(c.name);
	const one = local(ddcLine({operation: 'first', end: NOW - 9, duration: 0.3}));
	await settlesTo(f, one, 'the file written by the container read');

	await docker(['stop', '-t', '0', c.name]);
	await waitFor(() => f.state()?.kind === 'error' && /is exited/.test((f.state() as {message: string}).message), 15_000, 'the stop said');
	assert.match((f.state() as {message: string}).message, /keeping the last numbers/);
	assert.equal((f.state() as {cause?: string}).cause, 'container-stopped', 'issue #15 §2: state container_stopped');
	assert.equal(numbers(f.ingest), one, 'numbers kept while stopped');

	await docker(['start', c.name]);
	await settlesTo(f, one, 'started again: re-read');
	assert.deepEqual(f.resets, ['recreated'], 'one reset: the old run is not counted twice');

	await containers.remove(c.name);
	await waitFor(
		() => f.state()?.kind === 'error' && /no container/.test((f.state() as {message: string}).message),
		15_000,
		'the removal said',
	);
	assert.equal((f.state() as {cause?: string}).cause, 'container-gone', 'issue #15 §2: state container_gone');
	const two = ddcLine({operation: 'second', end: NOW - 3, duration: 0.7});
	await containers.run(
		'life',
		[],
		['sh', '-c', `busybox mkdir -p /app/data/metrics && printf '%s' '${two}' > ${INSIDE}; exec sleep 100000`],
	);
	await settlesTo(f, local(two), 'the recreated container followed');

	const empty = await containers.run('empty', [], ['sleep', '100000']);
	const g = follow(empty.name);
	await waitFor(() => g.state()?.kind === 'waiting', 10_000, 'a missing file waited for');

	// Stopped: the follower in the container ends with the exec's connection (EOF on its stdin).
	const followers = async () =>
		(await docker(['exec', empty.name, 'busybox', 'ps', '-o', 'args'])).split('\n').filter((l) => l.includes('ddc-top-follow'));
	assert.equal((await followers()).length, 1, 'one follower while following');
	await g.source.stop();
	const deadline = Date.now() + 10_000;
	while ((await followers()).length > 0) {
		assert.ok(Date.now() < deadline, 'the follower ended after stop()');
	}
});

test('a container without a shell: one clear line', async () => {
	const noShell = await containers.run('nosh', [], ['sleep', '100000']);
	await docker(['exec', noShell.name, 'busybox', 'rm', '/bin/sh']);
	const f = follow(noShell.name);
	await waitFor(() => f.state()?.kind === 'error', 15_000, 'the missing shell said');
	assert.match((f.state() as {message: string}).message, /has no `sh`: ddc-top cannot read its metrics file/);
});
