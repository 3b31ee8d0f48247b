// The container detail in the live view (issue #14 §3): Enter on the selected container opens it, Esc goes
// back, `l` shows its logs. Fed by hand through the store's own events (the Docker source's shapes), at
// 120x40 and 80x24; the operations naming it are checked against counts made here from the same lines.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import type {ContainerSample} from '../../source/core/samples.js';
import type {SourceEvent} from '../../source/core/source-events.js';
import {containerInterest} from '../../source/state/container-detail.js';
import {ddcLineText, type LineSpec} from '../helpers/ddc-lines.js';
import {type Harness, KEYS, NOW_MS, NOW_S, renderApp} from '../helpers/ui.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const ID = 'c0ffee'.repeat(10);
const MiB = 1024 * 1024;

/** Calls naming `web` (two operations, failures in one) and `db`, over the last half hour and two days ago. */
function specs(): LineSpec[] {
	const out: LineSpec[] = [];
	for (let i = 0; i < 40; i++)
		out.push({
			operation: 'docker_container_start',
			end: NOW_S - 1800 + i * 30,
			duration: 0.1 + i / 100,
			success: i % 8 !== 0,
			metadata: {container: 'web'},
		});
	for (let i = 0; i < 15; i++)
		out.push({operation: 'docker_stats', end: NOW_S - 600 + i * 20, duration: 0.05, metadata: {container: 'web'}});
	for (let i = 0; i < 30; i++)
		out.push({operation: 'docker_stats', end: NOW_S - 600 + i * 10, duration: 0.05, metadata: {container: 'db'}});
	for (let i = 0; i < 9; i++)
		out.push({operation: 'docker_container_stop', end: NOW_S - 2 * 86_400 + i, duration: 1, metadata: {container: 'web'}});
	return out;
}

function sample(i: number): ContainerSample {
	return {
		id: ID,
		name: 'web',
		state: 'running',
		health: 'healthy',
		// A saw-tooth up to 40 % of one core: under its 0.5-core limit.
		cpuPercent: i === 0 ? null : (i % 20) * 2,
		memUsedBytes: 100 * MiB + i * 1024,
		memLimitBytes: 256 * MiB,
		memPercent: ((100 * MiB + i * 1024) / (256 * MiB)) * 100,
		netRxBytes: 5000 + i * 2000,
		netTxBytes: i * 500,
		blockReadBytes: 1_000_000,
		blockWriteBytes: i * 4096,
		pids: 7,
		at: NOW_MS + i * 1000,
	};
}

const SETUP: SourceEvent[] = [
	{type: 'metrics-lines', lines: specs().map(ddcLineText)},
	{type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}},
	{type: 'container-listed', container: {id: ID, name: 'web', state: 'running', health: 'healthy'}, at: NOW_MS},
	{
		type: 'container-details',
		id: ID,
		details: {
			image: 'nginx:1.27',
			state: 'running',
			startedAt: NOW_MS - 3 * 3600_000,
			restartCount: 2,
			oomKilled: false,
			health: 'healthy',
			cpuLimitCores: 0.5,
			oomEvents: 1,
		},
	},
];

async function openAt(columns: number, rows: number, seconds = 300): Promise<Harness> {
	const harness = await renderApp({columns, rows, dockerEnabled: true, events: SETUP});
	for (let i = 0; i < seconds; i++) harness.emit({type: 'container-sample', sample: sample(i)});
	await harness.press(KEYS.tab, KEYS.enter);
	await harness.waitForFrame((f) => /container web · running \(healthy\)/.test(f) && !/reading…/.test(f), 'the container detail, read');
	return harness;
}

const within = (frame: string, columns: number, rows: number) => {
	const lines = frame.split('\n');
	assert.ok(lines.length <= rows - 1, `${lines.length} lines at ${rows} rows`);
	for (const line of lines) assert.ok(Array.from(line).length <= columns, `a line over ${columns} columns: ${line}`);
};

test('120x40: figures, I/O rates and totals, inspect facts, both charts and the operations naming it', async () => {
	h = await openAt(120, 40);
	const f = h.frame();
	within(f, 120, 40);
	const last = sample(299);
	assert.match(f, /CPU 38\.00% of 0\.5 cores/);
	assert.match(f, /mem 100\.3MiB \/ 256MiB \(39\.2%\)/);
	assert.match(f, /PIDs 7/);
	// 2000 B and 500 B more per second, 4096 B written per second.
	assert.match(f, /net rx 2kB\/s tx 500B\/s \(total 603kB \/ 150kB\)/);
	assert.ok(last.netRxBytes === 603_000);
	assert.match(f, /block read 0B\/s write 4\.1kB\/s \(total 1MB \/ 1\.22MB\)/);
	assert.match(f, /image nginx:1\.27/);
	assert.match(f, /restarts 2/);
	assert.match(f, /OOM kills 1/);
	assert.match(f, /started \d\d:\d\d:\d\d \(3h ago\)/);
	assert.match(f, /CPU % of 0\.5 cores \(top = 50%\) \(last 10 min, 10 s per column\)/);
	assert.match(f, /Memory of its limit 256MiB/);
	assert.match(f, /╵-5m/);
	assert.match(f, /╵now/);

	// The operations naming `web` in the 24h window, counted here from the same specs.
	const web = specs().filter((s) => s.metadata?.container === 'web' && s.end >= NOW_S - 86_400);
	const count = (op: string) => web.filter((s) => s.operation === op);
	const starts = count('docker_container_start');
	assert.equal(starts.length, 40);
	const startRow = f.split('\n').find((l) => /^ {2}docker_container_start /.test(l));
	assert.ok(startRow, f);
	assert.deepEqual(startRow.trim().split(/\s+/).slice(0, 3), [
		'docker_container_start',
		String(starts.length),
		String(starts.filter((s) => s.success === false).length),
	]);
	const statsRow = f.split('\n').find((l) => /^ {2}docker_stats /.test(l));
	assert.deepEqual(statsRow?.trim().split(/\s+/).slice(0, 3), ['docker_stats', String(count('docker_stats').length), '0']);
	assert.doesNotMatch(f, /docker_container_stop/, 'calls of two days ago are outside the 24h window');

	// `w` to all: the old calls count too.
	await h.press('w');
	await h.waitForFrame((x) => /docker_container_stop +9 /.test(x), 'the 9 old calls in the window all');

	await h.press(KEYS.escape);
	await h.waitForFrame((x) => !/container web ·/.test(x) && /CONTAINER|NAME/i.test(x), 'back on the dashboard');
});

test('`l` shows the log lines the source sends, and hides them again', async () => {
	h = await openAt(120, 40, 30);
	await h.press('l');
	await h.waitForFrame((f) => /Logs \(opening…; l hides\)/.test(f), 'the logs opening');
	h.emit({type: 'container-log-state', id: ID, state: {kind: 'following'}});
	h.emit({
		type: 'container-log-lines',
		id: ID,
		lines: [
			{text: 'GET / 200', stderr: false},
			{text: 'warn: ␛[2J sanitized by the source', stderr: true},
		],
	});
	const f = await h.waitForFrame((x) => /Logs \(following; l hides\)/.test(x) && /GET \/ 200/.test(x), 'the log lines');
	assert.match(f, /warn: ␛\[2J sanitized by the source/);
	// Lines of another container are not this one's.
	h.emit({type: 'container-log-lines', id: 'other', lines: [{text: 'not mine', stderr: false}]});
	assert.doesNotMatch(h.frame(), /not mine/);
	assert.deepEqual(h.store.getSnapshot().ui.view, {kind: 'container', id: ID, name: 'web', logs: true});
	await h.press('l');
	await h.waitForFrame((x) => !/Logs \(/.test(x), 'the logs hidden');
});

test('80x24: the detail fits, the figures wrap, the footer keeps Esc back and q quit', async () => {
	h = await openAt(80, 24);
	const f = h.frame();
	within(f, 80, 24);
	assert.match(f, /CPU 38\.00% of 0\.5 cores/);
	assert.match(f, /net rx 2kB\/s/);
	assert.match(f, /CPU % of 0\.5 cores/);
	assert.match(f, /Memory of its limit/);
	assert.match(f, /Operations naming it/);
	const footer = f.split('\n').at(-1) ?? '';
	assert.match(footer, /Esc back/);
	assert.match(footer, /q quit/);
	assert.match(footer, /l logs/);
});

test('a container that goes away while its detail is open says so', async () => {
	h = await openAt(100, 30, 10);
	h.emit({type: 'container-gone', id: ID});
	await h.waitForFrame((f) => /container web · gone/.test(f) && /the container is gone/.test(f), 'gone');
});

test('`a` lists stopped containers too: the title says so and the Docker source is asked; again: running only', async () => {
	h = await renderApp({columns: 100, rows: 30, dockerEnabled: true, events: SETUP});
	assert.deepEqual(containerInterest(h.store.getSnapshot().ui), {all: false});
	await h.press('a');
	await h.waitForFrame((f) => /Containers \(1, stopped too\)/.test(f), 'the title saying stopped ones are listed');
	assert.deepEqual(containerInterest(h.store.getSnapshot().ui), {all: true});
	await h.press('a');
	await h.waitForFrame((f) => /Containers \(1\)/.test(f), 'running only again');
	// In a container's detail with its logs shown, the source is asked for that container's logs.
	await h.press(KEYS.tab, KEYS.enter, 'l');
	assert.deepEqual(containerInterest(h.store.getSnapshot().ui), {all: false, logs: ID});
	await h.press(KEYS.backspace);
	assert.deepEqual(containerInterest(h.store.getSnapshot().ui), {all: false});
});
