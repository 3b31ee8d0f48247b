// The operation detail in the live view (issue #14 §2): Enter on the selected operation opens it, Esc or
// Backspace goes back, `w` changes its window, and what it shows is checked against counts made here,
// independently, from the same lines.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {formatDuration} from '../../source/core/format.js';
import {logNormal, seededRandom} from '../../source/core/random.js';
import {ddcLineText, type LineSpec} from '../helpers/ddc-lines.js';
import {type Harness, KEYS, NOW_S, renderApp} from '../helpers/ui.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const OP = 'docker_container_start';
const CONTAINERS = ['web', 'db', 'cache'];
const ERRORS = ['container not found', 'timeout after 30s', 'permission denied'];

/** Seeded calls: OP over the last two days (containers, failures with texts), and two other operations. */
function specs(): LineSpec[] {
	const random = seededRandom(14);
	const out: LineSpec[] = [];
	for (let i = 0; i < 400; i++) {
		const end = NOW_S - 2 * 86_400 + i * 430 + Math.floor(random() * 60);
		const failed = random() < 0.12;
		const container = CONTAINERS[Math.floor(random() * CONTAINERS.length)];
		const metadata: Record<string, unknown> = {container};
		if (failed) metadata.error = ERRORS[Math.floor(random() * random() * ERRORS.length)];
		out.push({operation: OP, end, duration: logNormal(random, 0.8, 0.9), success: !failed, metadata});
	}
	for (let i = 0; i < 50; i++) out.push({operation: 'config_load', end: NOW_S - 3000 + i * 50, duration: 0.01});
	for (let i = 0; i < 20; i++) out.push({operation: 'Token_decrypt', end: NOW_S - 900 + i * 30, duration: 0.002});
	return out;
}

const start = (columns: number, rows: number) =>
	renderApp({columns, rows, events: [{type: 'metrics-lines', lines: specs().map(ddcLineText)}]});

/** The spec's calls of `op` in a window ending at the harness's now (ended at or after its start, as DDC cuts). */
const inWindow = (seconds: number, op = OP) => specs().filter((s) => s.operation === op && s.end >= NOW_S - seconds);

/** DDC's percentile: linear between the ranks of the sorted durations. */
function percentile(durations: number[], p: number): number {
	const sorted = [...durations].sort((a, b) => a - b);
	const rank = ((sorted.length - 1) * p) / 100;
	const low = Math.floor(rank);
	return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

const clock = (epochSeconds: number) => new Date(epochSeconds * 1000).toTimeString().slice(0, 8);
/** The lines of a section: from its title to the next blank line. */
function sectionOf(frame: string, title: RegExp): string[] {
	const lines = frame.split('\n');
	const at = lines.findIndex((l) => title.test(l));
	assert.ok(at >= 0, `a section ${title} in\n${frame}`);
	// To the next blank line, or to the status line under the last section.
	const end = lines.findIndex((l, i) => i > at && (l.trim() === '' || / · following · /.test(l)));
	return lines.slice(at + 1, end === -1 ? undefined : end);
}

async function openDetail(harness: Harness): Promise<string> {
	await harness.press(KEYS.enter);
	// The title may be cut at 60 columns: the calls counted say the past was read.
	return harness.waitForFrame(
		(f) => /operation docker_contai/.test(f) && /^calls [1-9]/m.test(f) && !/reading…/.test(f),
		'the detail, read',
	);
}

test('Enter opens the selected operation at 120x40: header figures and spectrum as counted from the lines', async () => {
	h = await start(120, 40);
	const f = await openDetail(h);
	const calls = inWindow(86_400);
	const failed = calls.filter((c) => c.success === false);
	assert.match(f, /^ddc-top \S+ · operation docker_container_start · window 24h/m);
	assert.match(
		f,
		new RegExp(
			`calls ${calls.length} · ok ${(((calls.length - failed.length) / calls.length) * 100).toFixed(1)}% · failures ${failed.length} ·`,
		),
	);
	const durations = calls.map((c) => c.duration);
	const min = Math.min(...durations);
	const max = Math.max(...durations);
	assert.match(
		f,
		new RegExp(
			`min ${formatDuration(min)} · avg ${formatDuration(durations.reduce((a, b) => a + b, 0) / durations.length)}` +
				` · max ${formatDuration(max)}`,
		),
	);
	for (const [label, p] of [
		['p50', 50],
		['p75', 75],
		['p90', 90],
		['p95', 95],
		['p99', 99],
		['p99.9', 99.9],
		['p99.99', 99.99],
	] as const) {
		assert.match(
			f,
			new RegExp(`${label.replace('.', '\\.')} ${formatDuration(percentile(durations, p)).replace('.', '\\.')}( |$)`, 'm'),
			label,
		);
	}
	assert.match(f, /window average 0\.14\/m/, '199 calls over 24 h');
	for (const line of f.split('\n')) assert.ok(Array.from(line).length <= 120, line);
	assert.equal(f.split('\n').length, 39);
	assert.match(f.split('\n').at(-1)!, /Esc back .* q quit/);
});

test('the distribution: 1-2-5 buckets of the populated range, counts and cumulative % as counted, p50/p95/p99 marked', async () => {
	h = await start(120, 40);
	const f = await openDetail(h);
	const durations = inWindow(86_400).map((c) => c.duration);
	const rows = sectionOf(f, /^Distribution/);
	const bounds = [0.2, 0.5, 1, 2, 5, 10];
	assert.equal(rows.length, bounds.length, rows.join('\n'));
	let cumulative = 0;
	rows.forEach((row, i) => {
		const count = durations.filter((d) => d <= bounds[i] && (i === 0 || d > bounds[i - 1])).length;
		cumulative += count;
		assert.match(
			row,
			new RegExp(`≤ ${formatDuration(bounds[i])}\\s+${count}\\s+${((cumulative / durations.length) * 100).toFixed(1)}%  █`),
			row,
		);
		const marks = [50, 95, 99].filter((p) => {
			const v = percentile(durations, p);
			return v <= bounds[i] && (i === 0 || v > bounds[i - 1]);
		});
		if (marks.length > 0) assert.match(row, new RegExp(`◀ ${marks.map((p) => `p${p}`).join(' ')}$`));
		else assert.doesNotMatch(row, /◀/);
	});
	assert.equal(cumulative, durations.length, 'every call in a bucket');
	// The bars are scaled to the width: the fullest bucket's bar is the longest and fills its column.
	const longest = Math.max(...rows.map((r) => r.match(/█+/)?.[0].length ?? 0));
	assert.ok(longest >= 70, `a bar of ${longest} cells at 120 columns`);
});

test('failures by error and recent calls, as counted from the lines', async () => {
	h = await start(120, 40);
	const f = await openDetail(h);
	const calls = inWindow(86_400);
	const failed = calls.filter((c) => c.success === false);
	assert.match(f, new RegExp(`^Failures by error \\(${failed.length} of ${calls.length}\\)`, 'm'));
	const groups = ERRORS.map((message) => {
		const mine = failed.filter((c) => c.metadata?.error === message);
		return {message, count: mine.length, first: Math.min(...mine.map((c) => c.end)), last: Math.max(...mine.map((c) => c.end))};
	})
		.filter((g) => g.count > 0)
		.sort((a, b) => b.count - a.count);
	const rows = sectionOf(f, /^Failures by error/).slice(1);
	assert.equal(rows.length, groups.length);
	groups.forEach((g, i) => {
		const share = ((g.count / failed.length) * 100).toFixed(1);
		assert.match(rows[i], new RegExp(`^\\s+${g.count}\\s+${share}% ${clock(g.first)} ${clock(g.last)} ${g.message}$`), rows[i]);
	});
	const recent = sectionOf(f, /^Recent calls/);
	assert.match(recent[0], /TIME\s+DURATION RESULT CONTAINER ERROR/);
	const newest = [...calls].sort((a, b) => b.end - a.end);
	const shown = recent.slice(1).filter((l) => !/more$/.test(l));
	assert.ok(shown.length >= 3, recent.join('\n'));
	shown.forEach((row, i) => {
		const c = newest[i];
		const result = c.success === false ? 'failed' : 'ok';
		const error = c.success === false ? ` ${String(c.metadata?.error)}` : '';
		assert.match(
			row,
			new RegExp(`^  ${clock(c.end)}\\s+${formatDuration(c.duration)} ${result}\\s+${String(c.metadata?.container)}\\s*${error}$`),
			row,
		);
	});
});

test('at 80x24 the header, the distribution and the failures fit, within the width, with the way back', async () => {
	h = await start(80, 24);
	const f = await openDetail(h);
	const lines = f.split('\n');
	assert.equal(lines.length, 23);
	for (const line of lines) assert.ok(Array.from(line).length <= 80, line);
	assert.match(f, /calls 199 · ok 89\.4% · failures 21/);
	assert.match(f, /^p50 \S+ {2}p75 .* p99\.99 \S+$/m);
	assert.equal(sectionOf(f, /^Distribution/).length, 6, 'every bucket');
	assert.match(f, /^Failures by error \(21 of 199\)/m);
	assert.match(lines.at(-1)!, /^Esc back {2}←\/→ time {2}v range {2}\? help {2}w window {2}p pause {2}m menu {2}q quit$/);
});

test('by container: one row per container with calls, failures, p50 and p95 as counted', async () => {
	h = await start(120, 60);
	const f = await openDetail(h);
	const calls = inWindow(86_400);
	const rows = sectionOf(f, /^By container/).slice(1);
	const expected = CONTAINERS.map((name) => {
		const mine = calls.filter((c) => c.metadata?.container === name);
		return {name, calls: mine.length, failures: mine.filter((c) => c.success === false).length};
	}).sort((a, b) => b.calls - a.calls);
	assert.equal(rows.length, expected.length, rows.join('\n'));
	for (const [i, e] of expected.entries()) {
		assert.match(rows[i], new RegExp(`^  ${e.name}\\s+${e.calls}\\s+${e.failures}\\s+\\S+\\s+\\S+$`), rows[i]);
	}
	// Over time and the heatmap where there is room: a time axis under both, density characters only.
	const over = sectionOf(f, /^Over time \(per quarter-hour/);
	assert.deepEqual(
		over.slice(0, 4).map((l) => l.trim().split(/\s+/)[0]),
		['p99', 'p95', 'p50', 'calls'],
	);
	assert.match(over[4], /╵\d\d:\d\d/);
	const heat = sectionOf(f, /^Heatmap/);
	assert.match(heat[0], /^ {2}≤ 10\.0s/, 'slowest bucket on top');
	assert.match(heat.at(-2)!, /^ {2}≤ 200ms/);
	for (const row of heat.slice(0, -1)) assert.match(row.slice(11), /^[ ░▒▓█]*$/, row);
});

test('Esc and Backspace go back to the tables; Enter opens the row selected', async () => {
	h = await start(120, 40);
	await openDetail(h);
	await h.press(KEYS.escape);
	assert.match(h.frame(), /OPERATION\s+CALLS/);
	assert.doesNotMatch(h.frame(), /operation docker_container_start/);
	await h.press(KEYS.down, KEYS.enter);
	const second = h.frame().split('\n')[0];
	assert.match(second, /operation (config_load|Token_decrypt) /);
	await h.press(KEYS.backspace);
	assert.match(h.frame(), /OPERATION\s+CALLS/);
	// Keys for the tables do nothing in the detail (the sort stays, the cursor stays).
	await h.press(KEYS.up, KEYS.enter, 's', 'j');
	assert.match(h.frame(), /operation docker_container_start/);
	await h.press(KEYS.escape);
	assert.match(h.frame(), /sort p95▼/);
	assert.match(h.frame(), /^ddc-top/);
});

test('the help opens over the detail and lists its keys; Esc closes the help, not the detail', async () => {
	h = await start(120, 40);
	await openDetail(h);
	await h.press('?');
	const f = await h.waitForFrame((x) => /Enter Esc Bksp/.test(x), 'the help');
	assert.match(f, /Enter Esc Bksp\s+Enter: the selected operation or container in detail; Esc or Backspace: back/);
	await h.press(KEYS.escape);
	await h.waitForFrame((x) => !/Enter Esc Bksp/.test(x), 'the help closed');
	assert.match(h.frame(), /operation docker_container_start/);
	// Ink reads the keys now: Backspace still goes back, Enter still opens.
	await h.press(KEYS.backspace);
	assert.match(h.frame(), /OPERATION\s+CALLS/);
	await h.press(KEYS.enter);
	assert.match(h.frame(), /operation docker_container_start/);
});

test('w changes the detail window: all counts every call, 1h the last hour', async () => {
	h = await start(120, 40);
	await openDetail(h);
	await h.press('w');
	let f = await h.waitForFrame((x) => /window all/.test(x), 'window all');
	assert.match(f, new RegExp(`calls ${inWindow(Number.POSITIVE_INFINITY).length} `));
	assert.match(f, /Over time \(per day/);
	await h.press('w');
	f = await h.waitForFrame((x) => /window 1h/.test(x), 'window 1h');
	assert.match(f, new RegExp(`calls ${inWindow(3600).length} `));
	assert.match(f, /Over time \(per minute/);
});

test('live: calls written after the detail opened show at the next refresh, once', async () => {
	h = await start(120, 40);
	await openDetail(h);
	const before = inWindow(86_400).length;
	h.emit({
		type: 'metrics-lines',
		lines: [
			ddcLineText({operation: OP, end: NOW_S + 0.5, duration: 9.5, success: false, metadata: {container: 'web', error: 'brand new error'}}),
		],
	});
	const f = await h.waitForFrame((x) => x.includes(`calls ${before + 1} `), 'the new call counted');
	assert.match(sectionOf(f, /^Recent calls/)[1], /^ {2}\d\d:\d\d:\d\d\s+9\.50s failed web\s+brand new error$/, 'the newest call first');
	assert.match(f, /^\s+1\s+4\.5% \S+ \S+ brand new error$/m);
});

test('with colours on, every line stays within the width (60, 80, 120 columns) and no mark is cut', async () => {
	const {default: chalk} = await import('chalk');
	const level = chalk.level;
	chalk.level = 1;
	try {
		for (const [columns, rows] of [
			[60, 20],
			[80, 24],
			[120, 40],
		] as const) {
			h = await start(columns, rows);
			const f = await openDetail(h);
			for (const line of f.split('\n')) assert.ok(Array.from(line).length <= columns, `${columns}: ${line}`);
			assert.doesNotMatch(f, /◀ [^\n]*…/, 'marks whole');
			assert.match(f, /failures 21/);
			h.unmount();
			h = undefined;
		}
	} finally {
		chalk.level = level;
	}
});

test("←/→ move a time cursor on the chart; v marks a range: the figures are then the range's; v again clears it", async () => {
	h = await start(120, 60);
	await openDetail(h);
	const step = 900;
	const newest = Math.floor(NOW_S / step) * step;
	await h.press(KEYS.left);
	let f = h.frame();
	assert.match(sectionOf(f, /^Over time/).at(-1)!, /▲$/, 'the cursor on the newest step');
	assert.match(f, /^Over time .* · ▲ \d\d:\d\d: (no calls|\d+ calls, p95 \S+)$/m, 'what it holds');
	await h.press(KEYS.left, KEYS.left, KEYS.left, KEYS.left, 'v');
	assert.match(h.frame(), /range start marked/);
	await h.press(...Array.from({length: 30}, () => KEYS.left), KEYS.right, KEYS.right, 'v');
	const from = newest - 32 * step;
	const to = newest - 4 * step + step - 1;
	const inRange = specs().filter((s) => s.operation === OP && s.end >= from && s.end <= to);
	const failed = inRange.filter((s) => s.success === false);
	f = h.frame();
	assert.match(f.split('\n')[0], / · range \d\d:\d\d:\d\d-\d\d:\d\d:\d\d/);
	assert.match(f, new RegExp(`^calls ${inRange.length} · ok \\S+ · failures ${failed.length} `, 'm'));
	assert.match(f, new RegExp(`^Failures by error \\(${failed.length} of ${inRange.length}\\)`, 'm'));
	const marker = sectionOf(f, /^Over time/).at(-1)!;
	assert.equal(marker.match(/━/g)?.length, 28, `the range's columns but its ends: ${marker}`);
	// The chart still shows the whole window.
	assert.match(f, /Over time \(per quarter-hour\)/);
	await h.press('v');
	assert.match(h.frame(), /^calls 199 /m);
	assert.doesNotMatch(h.frame().split('\n')[0], /range/);
});

test('the help lists every key, quit included, a page at a time in the 19 lines it has at 80x24 under a host line', async () => {
	const {renderToString} = await import('ink');
	const {createElement} = await import('react');
	const {HelpOverlay} = await import('../../source/ui/components/HelpOverlay.js');
	const {helpLines} = await import('../../source/ui/key-hints.js');
	const {helpRoom} = await import('../../source/ui/help-text.js');
	const room = helpRoom(80, 19);
	let shown = '';
	for (let offset = 0; offset < room.lines; offset += room.page) {
		const page = renderToString(createElement(HelpOverlay, {width: 80, height: 19, offset}), {columns: 80});
		assert.ok(page.split('\n').length <= 19);
		shown += page;
	}
	for (const {keys} of helpLines()) assert.ok(shown.includes(keys), `${keys} in\n${shown}`);
});
