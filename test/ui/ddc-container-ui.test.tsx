// DDC's own container in the containers panel (issue #15 §3): its row marked ◆, its line under the panel's
// title at 120x40 (bands and limit) and 80x24 (the facts), whatever the filter; the line changes with what it
// says, not every second; "not running" once it is gone; the one --container names. Fed by hand through the
// store's own events (the Docker source's shapes), as the other UI tests.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import type {ContainerDetails} from '../../source/core/container-details.js';
import type {ContainerSample} from '../../source/core/samples.js';
import type {SourceEvent} from '../../source/core/source-events.js';
import {createStore} from '../../source/state/store.js';
import {containerSample} from '../helpers/samples.js';
import {type Harness, KEYS, NOW_MS, renderApp} from '../helpers/ui.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const MiB = 1024 * 1024;
const LIVE: SourceEvent = {type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}};
const listed = (name: string, health?: string): SourceEvent => ({
	type: 'container-listed',
	container: {id: `id-${name}`, name, state: 'running', ...(health ? {health} : {})},
	at: NOW_MS,
});
const inspected = (name: string, over: Partial<ContainerDetails> = {}): SourceEvent => ({
	type: 'container-details',
	id: `id-${name}`,
	details: {
		image: name === 'ddc' ? 'dockerdiscordcontrol/dockerdiscordcontrol:latest' : 'nginx:1.27',
		state: 'running',
		startedAt: NOW_MS - (3 * 86_400 + 4 * 3600 + 10 * 60) * 1000,
		restartCount: 0,
		oomKilled: false,
		...over,
	},
});

/** Emitted one a second from the harness's start: each sample is current at the publish that follows. */
function samples(h: Harness, from: number, count: number, make: (i: number) => Partial<ContainerSample>[]): void {
	for (let i = from; i < from + count; i++) {
		const at = NOW_MS + i * 1000;
		const [first, ...rest] = make(i).map((over) => containerSample({at, ...over}));
		for (const s of rest) h.store.ingest({type: 'container-sample', sample: s});
		h.emit({type: 'container-sample', sample: first});
	}
}

const SETUP: SourceEvent[] = [
	LIVE,
	listed('web'),
	listed('ddc', 'healthy'),
	listed('db'),
	inspected('web'),
	inspected('ddc'),
	inspected('db'),
];

/** ddc at 162 MiB (a few KiB up and down each second) of 512 MiB, web and db busier, so ddc is not first. */
const three = (ddcBytes: (i: number) => number) => (i: number) => [
	{name: 'ddc', health: 'healthy', memUsedBytes: ddcBytes(i), memLimitBytes: 512 * MiB, cpuPercent: 0.5},
	{name: 'web', cpuPercent: 30, memUsedBytes: 40 * MiB, memLimitBytes: 1024 * MiB},
	{name: 'db', cpuPercent: 20, memUsedBytes: 300 * MiB, memLimitBytes: 1024 * MiB},
];
const steady = three((i) => 161.5 * MiB + (i % 3) * 40 * 1024);

const within = (frame: string, columns: number, rows: number) => {
	const lines = frame.split('\n');
	assert.ok(lines.length <= rows - 1, `${lines.length} lines at ${rows} rows`);
	for (const line of lines) assert.ok(Array.from(line).length <= columns, `a line over ${columns} columns: ${line}`);
};

const ddcLineOf = (frame: string) => frame.split('\n').find((l) => l.includes('◆ DDC'));

test('120x40: the line under the title with bands and limit, the row marked, both kept when a filter hides ddc', async () => {
	h = await renderApp({columns: 120, rows: 40, dockerEnabled: true, events: SETUP});
	samples(h, 0, 3, steady);
	const f = await h.waitForFrame((f) => /mem 162MiB/.test(f), 'the DDC line with its memory');
	within(f, 120, 40);
	const lines = f.split('\n');
	const title = lines.findIndex((l) => /Containers \(3\)/.test(l));
	assert.equal(
		lines[title + 1],
		'◆ DDC ddc · healthy · up 3d 4h · restarts 0 · OOM 0 · mem 162MiB normal (150-180; investigate > 300; limit 512MiB)',
	);
	assert.match(lines[title + 2], /NAME +CPU %/, 'the header follows the line');
	const rows = lines.slice(title + 3, title + 6);
	assert.match(rows[2], /^◆ ddc +0\.50%/, `ddc's row is marked, sorted where its CPU puts it: ${rows.join(' | ')}`);
	assert.equal(rows.filter((r) => r.includes('◆')).length, 1);
	// The menu's export says what the line says.
	const exported = h.store.exportDocument({version: 'test', containers: true});
	assert.ok(exported.ok);
	assert.deepEqual(exported.doc.ddc_top.ddc_container, {
		id: 'id-ddc',
		name: 'ddc',
		state: 'running',
		health: 'healthy',
		uptime_s: 3 * 86_400 + 4 * 3600 + 10 * 60 + 3,
		restarts: 0,
		oom_killed: false,
		memory_bytes: 161.5 * MiB + 2 * 40 * 1024,
		memory_band: 'normal',
		memory_limit_bytes: 512 * MiB,
	});

	// A filter on the containers hides ddc's row, not its line.
	await h.press(KEYS.tab, '/', 'w', 'e', 'b', KEYS.enter);
	const filtered = await h.waitForFrame((f) => /Containers \(1 of 3\)/.test(f), 'the filtered panel');
	assert.ok(ddcLineOf(filtered)?.startsWith('◆ DDC ddc · healthy'), filtered);
	assert.ok(!filtered.split('\n').some((l) => l.startsWith('◆ ddc')));
});

test('80x24: the facts without the legend, within the width; the table still shows every row', async () => {
	h = await renderApp({columns: 80, rows: 24, dockerEnabled: true, events: SETUP});
	samples(h, 0, 3, steady);
	const f = await h.waitForFrame((f) => /mem 162MiB/.test(f), 'the DDC line');
	within(f, 80, 24);
	assert.equal(ddcLineOf(f), '◆ DDC ddc · healthy · up 3d 4h · restarts 0 · OOM 0 · mem 162MiB normal');
	for (const name of ['web', 'db', '◆ ddc'])
		assert.ok(
			f.split('\n').some((l) => l.startsWith(name)),
			`${name} row in\n${f}`,
		);
});

test('80x24 with 30 containers: the line costs one row, the panel scrolls within the screen and End reaches the last', async () => {
	const many = Array.from({length: 30}, (_, i) => `svc-${String(i).padStart(2, '0')}`);
	h = await renderApp({columns: 80, rows: 24, dockerEnabled: true, events: [...SETUP, ...many.map((n) => listed(n))]});
	samples(h, 0, 2, (i) => [...three(() => 162 * MiB)(i), ...many.map((name) => ({name}))]);
	const f = await h.waitForFrame((f) => /mem 162MiB/.test(f) && /more/.test(f), 'the scrolled panel');
	within(f, 80, 24);
	assert.equal(f.split('\n').length, 23);
	await h.press(KEYS.tab, '\u001B[F');
	const end = await h.waitForFrame((f) => /above · \d+-33 of 33/.test(f), 'the last rows');
	within(end, 80, 24);
	assert.ok(ddcLineOf(end), 'the line stays while scrolled');
});

test('the line holds still while memory wiggles within a MiB; it says investigate over 300 MiB; gone reads not running', async () => {
	h = await renderApp({columns: 120, rows: 40, dockerEnabled: true, events: SETUP});
	samples(h, 0, 2, steady);
	const seen = new Set<string>();
	for (let i = 2; i < 42; i++) {
		samples(h, i, 1, steady);
		seen.add(ddcLineOf(h.frame()) ?? '');
	}
	// 40 refreshes cross at most one minute boundary of the uptime (3d 4h 10m: not shown in minutes at all).
	assert.equal(seen.size, 1, [...seen].join('\n'));

	samples(
		h,
		42,
		2,
		three(() => 320 * MiB),
	);
	const high = await h.waitForFrame((f) => /mem 320MiB investigate/.test(f), 'the investigate band');
	assert.match(ddcLineOf(high)!, /mem 320MiB investigate \(150-180; investigate > 300; limit 512MiB\)$/);

	h.emit({type: 'container-details', id: 'id-ddc', details: {...(inspected('ddc') as {details: ContainerDetails}).details, restarts: 2}});
	await h.waitForFrame((f) => /restarts 2/.test(ddcLineOf(f) ?? ''), 'the restarts');

	h.emit({type: 'container-gone', id: 'id-ddc'});
	const gone = await h.waitForFrame((f) => /not running/.test(f), 'DDC gone');
	assert.equal(ddcLineOf(gone), '◆ DDC ddc · not running (stopped or removed) · a lists stopped containers');
	assert.match(gone, /Containers \(2\)/);
});

test('--container names DDC: that container is marked even under another name; absent, the line says so', async () => {
	const store = createStore({clock: () => NOW_MS, metricsPath: '/x', dockerEnabled: true, ddcContainer: 'bot'});
	h = await renderApp({columns: 100, rows: 30, dockerEnabled: true, store, events: [LIVE, listed('bot'), listed('ddc'), inspected('bot')]});
	h.emit({
		type: 'container-sample',
		sample: containerSample({name: 'bot', at: NOW_MS, memUsedBytes: 190 * MiB, memLimitBytes: 8 * 1024 * MiB}),
	});
	const f = await h.waitForFrame((f) => /◆ DDC bot/.test(f), 'bot as DDC');
	within(f, 100, 30);
	assert.match(ddcLineOf(f)!, /^◆ DDC bot · running · up 3d 4h · restarts 0 · OOM 0 · mem 190MiB above normal/);
	assert.ok(f.split('\n').some((l) => l.startsWith('◆ bot')));
	assert.ok(
		f.split('\n').some((l) => l.startsWith('ddc ')),
		'the container named ddc is not DDC here',
	);

	const missing = createStore({clock: () => NOW_MS, metricsPath: '/x', dockerEnabled: true, ddcContainer: 'nothere'});
	h.unmount();
	h = await renderApp({columns: 80, rows: 24, dockerEnabled: true, store: missing, events: [LIVE, listed('web')]});
	const m = await h.waitForFrame((f) => /◆ DDC nothere/.test(f), 'the missing line');
	assert.equal(ddcLineOf(m), '◆ DDC nothere · not running, or no such container · a lists stopped containers');
});
