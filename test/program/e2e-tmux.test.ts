/**
 * End to end in a real terminal: tmux runs an interactive bash that starts the built
 * ddc-top on a real metrics file while a separate writer process appends DDC lines; keys go in with
 * send-keys and every step is checked on the screen with capture-pane. Each run uses a private tmux
 * socket (-L) and no config file, so it never touches anyone's sessions.
 */

import assert from 'node:assert/strict';
import type {ChildProcess} from 'node:child_process';
import {appendFileSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {REPO, startHelper} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';
import {killMarked, markedPids, PROMPT, Tmux, waitNoProcess, waitSelected as waitSelectedOn} from '../helpers/tmux.js';

const BIN = path.join(REPO, 'bin/ddc-top.js');

/** The command line typed into the pane's shell. */
const ddcTopCommand = (marker: string, metricsPath: string) =>
	`DDC_TOP_E2E=${marker} ${process.execPath} ${BIN} --metrics ${metricsPath} --no-docker --interval 200`;

const count = (lines: string[], re: RegExp) => lines.filter((l) => re.test(l)).length;
const rowOf = (lines: string[], re: RegExp) => lines.findIndex((l) => re.test(l));
/** The operation names in the table, top to bottom (rows below the OPERATION header). */
function operationRows(lines: string[]): string[] {
	const header = rowOf(lines, /^OPERATION /);
	if (header < 0) return [];
	const names: string[] = [];
	for (const line of lines.slice(header + 1)) {
		const m = /^(\S+)\s+\d/.exec(line);
		if (!m) break;
		names.push(m[1]);
	}
	return names;
}
const linesRead = (lines: string[]) => {
	const m = lines.map((l) => /· following · ([\d,]+) lines/.exec(l)).find(Boolean);
	return m ? Number(m[1].replace(/,/g, '')) : -1;
};
const normalView = (l: string[]) => count(l, /^OPERATION /) === 1 && count(l, /^\? help {2}\/ filter/) === 1;

const dir = tempDir('ddc-top-e2e-');
const metrics = path.join(dir, 'performance_metrics.jsonl');
const tmux = new Tmux();
let writer: ChildProcess | undefined;

before(async () => {
	const now = Date.now() / 1000;
	let body = '';
	// fast_op: 1..5 ms; slow_op: 300..885 ms; old_op: 200 ms, 3 h ago (24h and all); ancient_op: 3 days ago
	// (all only). live_op stays within 1..100 ms, so the p95 order is fixed whatever the writer has written.
	for (let i = 0; i < 40; i++) body += ddcLine({operation: 'fast_op', end: now - 60 + i, duration: 0.001 + (i % 5) / 1000});
	for (let i = 0; i < 40; i++)
		body += ddcLine({operation: 'slow_op', end: now - 60 + i, duration: 0.3 + (i % 40) * 0.015, success: i % 8 !== 0});
	for (let i = 0; i < 10; i++) body += ddcLine({operation: 'old_op', end: now - 3 * 3600 + i, duration: 0.2});
	for (let i = 0; i < 10; i++) body += ddcLine({operation: 'ancient_op', end: now - 3 * 86400 + i, duration: 0.05});
	writeFileSync(metrics, body);
	// live_op, 20 lines a second for as long as the file runs (killed in after()): 1..100 ms.
	writer = startHelper('ddc-writer.mjs', [metrics, '100000', '20', '0', 'live_op']);
	await tmux.start(dir, 120, 40);
	await tmux.type(ddcTopCommand(tmux.socket, metrics));
	await tmux.keys('Enter');
});

after(async () => {
	writer?.kill('SIGKILL');
	await tmux.kill();
	// A ddc-top that outlived its terminal (a failed test) is ours: end it by pid.
	killMarked(tmux.socket);
});

test('starts in the alternate screen and follows the file a writer process appends to', async () => {
	const first = await tmux.waitScreen(
		(l) => normalView(l) && operationRows(l).includes('live_op') && linesRead(l) > 100,
		'the table with live_op',
	);
	assert.equal(await tmux.format('#{alternate_on}'), '1');
	assert.match(first[0], /^ddc-top \S+ · window 24h · sort p95▼ +\d\d:\d\d:\d\d$/);
	assert.deepEqual(operationRows(first), ['slow_op', 'old_op', 'live_op', 'fast_op']);
	assert.ok(!first.some((l) => l.includes('ancient_op')), 'ancient_op is outside the 24h window');
	const before = linesRead(first);
	const later = await tmux.waitScreen((l) => linesRead(l) >= before + 10, 'the line count to grow as the writer appends');
	const status = later.find((l) => l.includes('· following ·'))!;
	assert.ok(status.startsWith(`${metrics} · following · `), status);
	assert.match(status, / · following · [\d,]+ lines · 0 rejected · last line \d+s ago$/);
	assert.ok(markedPids(tmux.socket).length >= 1, 'the marker finds the running ddc-top');
});

/** How the hostile name below shows: each control character as its visible mark. */
const EVIL = 'evil␛[2J␛]2;pwned␇name';

test('an operation name holding ESC[2J and an OSC title shows its controls as marks: no clear, no title change', async () => {
	// Written as JSON escapes, as Python's json.dumps would write them; parsed, they are real ESC and BEL.
	// Ink drops CSI sequences itself but passes OSC through (measured), so the title is what sanitize guards.
	appendFileSync(metrics, ddcLine({operation: 'evil\u001b[2J\u001b]2;pwned\u0007name', end: Date.now() / 1000, duration: 2}));
	const shown = await tmux.waitScreen((l) => operationRows(l).includes(EVIL), 'the row of the hostile name');
	const clock = shown[0].slice(-8);
	// A cleared screen would stay blank where incremental frames do not rewrite (the column header):
	// look again after the clock has moved on.
	const later = await tmux.waitScreen((l) => l[0].slice(-8) !== clock, 'the next second on the clock', 3000);
	for (const lines of [shown, later]) {
		assert.equal(count(lines, /^OPERATION /), 1, lines.join('\n'));
		assert.equal(rowOf(lines, /^ddc-top /), 0);
		assert.equal(count(lines, /^\? help/), 1);
		assert.equal(operationRows(lines)[0], EVIL, 'slowest p95 first');
		assert.equal(lines.filter((l) => l.includes('pwned')).length, 1, 'the escapes show in their row only');
	}
	assert.notEqual(await tmux.format('#{pane_title}'), 'pwned', 'the OSC 2 title sequence did not reach the terminal');
});

test('/ filters by text and by /regex/; Esc clears the filter', async () => {
	await tmux.type('/');
	await tmux.waitScreen((l) => l.some((x) => x.startsWith('filter operations: ▏')), 'the filter prompt');
	await tmux.type('SLOW');
	await tmux.waitScreen((l) => l.some((x) => x.startsWith('filter operations: SLOW▏')), 'the typed draft');
	await tmux.keys('Enter');
	let lines = await tmux.waitScreen((l) => / · filter SLOW /.test(l[0]) && normalView(l), 'the applied text filter');
	assert.deepEqual(operationRows(lines), ['slow_op']);
	assert.ok(lines.some((l) => /Operations \(1 of \d+\)/.test(l)));

	await tmux.type('/');
	await tmux.waitScreen((l) => l.some((x) => x.startsWith('filter operations: SLOW▏')), 'the prompt holding the applied filter');
	await tmux.keys('C-u');
	await tmux.type('/^(fast|old)_op$/');
	await tmux.waitScreen((l) => l.some((x) => x.startsWith('filter operations: /^(fast|old)_op$/▏')), 'the regex draft');
	await tmux.keys('Enter');
	lines = await tmux.waitScreen((l) => l[0].includes('· filter /^(fast|old)_op$/') && normalView(l), 'the applied regex');
	assert.deepEqual(operationRows(lines), ['old_op', 'fast_op']);

	await tmux.keys('Escape');
	lines = await tmux.waitScreen((l) => !l[0].includes('filter') && operationRows(l).length === 5, 'the filter cleared by Esc');
	assert.deepEqual(new Set(operationRows(lines)), new Set([EVIL, 'slow_op', 'live_op', 'old_op', 'fast_op']));
});

test('s/S and >/< change the sort column, r reverses it, and the rows follow', async () => {
	const header = (re: RegExp, what: string) => tmux.waitScreen((l) => re.test(l[0]) && normalView(l), what);
	await tmux.type('s');
	let lines = await header(/ · sort p99▼ /, 'sort p99');
	assert.match(lines[rowOf(lines, /^OPERATION /)], /P99▼/);
	await tmux.type('S');
	await header(/ · sort p95▼ /, 'back to p95 with S');
	await tmux.type('>');
	await header(/ · sort p99▼ /, 'p99 with >');
	await tmux.type('<');
	lines = await header(/ · sort p95▼ /, 'p95 with <');
	assert.deepEqual(operationRows(lines), [EVIL, 'slow_op', 'old_op', 'live_op', 'fast_op']);
	await tmux.type('r');
	lines = await header(/ · sort p95▲ /, 'ascending p95');
	assert.deepEqual(operationRows(lines), ['fast_op', 'live_op', 'old_op', 'slow_op', EVIL]);
	assert.match(lines[rowOf(lines, /^OPERATION /)], /P95▲/);
	await tmux.type('r');
	await header(/ · sort p95▼ /, 'descending again');
});

test('w cycles the window 24h -> all -> 1h -> 24h and the rows follow it', async () => {
	await tmux.type('w');
	let lines = await tmux.waitScreen((l) => / · window all · /.test(l[0]) && normalView(l), 'window all');
	assert.ok(operationRows(lines).includes('ancient_op'));
	assert.ok(lines.some((l) => /Operations \(6\) · window all/.test(l)));
	await tmux.type('w');
	lines = await tmux.waitScreen((l) => / · window 1h · /.test(l[0]) && normalView(l), 'window 1h');
	assert.deepEqual(new Set(operationRows(lines)), new Set([EVIL, 'slow_op', 'live_op', 'fast_op']));
	await tmux.type('w');
	lines = await tmux.waitScreen((l) => / · window 24h · /.test(l[0]) && normalView(l), 'window 24h');
	assert.ok(operationRows(lines).includes('old_op') && !operationRows(lines).includes('ancient_op'));
});

const waitSelected = (name: string, timeoutMs?: number) => waitSelectedOn(tmux, name, timeoutMs);

test('g, ↓ and End move the cursor; r re-sorts the rows and the cursor stays on its operation', async () => {
	await tmux.type('g');
	const rows = operationRows(await tmux.waitScreen(normalView, 'the table'));
	assert.deepEqual(rows, [EVIL, 'slow_op', 'old_op', 'live_op', 'fast_op']);
	await waitSelected(EVIL);
	await tmux.keys('Down');
	await waitSelected('slow_op');
	await tmux.type('r');
	const reversed = await tmux.waitScreen((l) => / · sort p95▲ /.test(l[0]) && normalView(l), 'ascending p95');
	assert.equal(operationRows(reversed).indexOf('slow_op'), 3, 'its row moved');
	await waitSelected('slow_op');
	await tmux.type('r');
	await tmux.keys('End');
	await waitSelected('fast_op');
	await tmux.type('g');
	await waitSelected(EVIL);
});

test('? opens the help overlay listing the keys; Esc closes it', async () => {
	await tmux.type('?');
	const lines = await tmux.waitScreen((l) => l.some((x) => /│ Keys/.test(x)), 'the help overlay');
	for (const re of [
		/│ \?\s+show \/ hide this help/,
		/│ w\s+time window: 1h -> 24h -> all/,
		/│ s >\s+sort by the next column/,
		/│ \/\s+filter by name/,
		/│ m\s+menu/,
		/│ q Ctrl-C\s+quit/,
	]) {
		assert.ok(
			lines.some((l) => re.test(l)),
			`help shows ${re}`,
		);
	}
	assert.equal(count(lines, /^OPERATION /), 0, 'the overlay replaces the table');
	await tmux.keys('Escape');
	await tmux.waitScreen((l) => normalView(l) && !l.some((x) => x.includes('│ Keys')), 'the table back after Esc');
});

test('Enter opens the detail of the selected operation (read from the file); Esc and Backspace go back', async () => {
	await tmux.type('g');
	await waitSelected(EVIL);
	await tmux.keys('Down');
	await waitSelected('slow_op');
	await tmux.keys('Enter');
	// slow_op: 40 calls in the file, every 8th failed; 300..885 ms.
	const detail = await tmux.waitScreen(
		(l) => /· operation slow_op · window 24h/.test(l[0]) && l.some((x) => /^calls 40 · ok 87\.5% · failures 5 /.test(x)),
		'the detail of slow_op',
	);
	assert.ok(
		detail.some((l) => /^min 300ms · avg \S+ · max 885ms/.test(l)),
		'min and max of the file',
	);
	assert.ok(detail.some((l) => /^Failures by error \(5 of 40\)/.test(l)));
	assert.ok(
		detail.some((l) => /^Esc back {2}←\/→ time {2}v range {2}\? help/.test(l)),
		'its footer',
	);
	assert.equal(count(detail, /^OPERATION /), 0, 'the tables are not drawn under it');
	// ← puts the time cursor on the newest step; v, v marks that step as the range: the header says so.
	await tmux.keys('Left');
	await tmux.type('vv');
	await tmux.waitScreen(
		(l) => /· operation slow_op · window 24h · range \d\d:\d\d:\d\d-\d\d:\d\d:\d\d/.test(l[0]),
		'the range in the header',
	);
	await tmux.keys('Escape');
	await tmux.waitScreen(normalView, 'the tables back after Esc');
	await waitSelected('slow_op');
	await tmux.keys('Enter');
	await tmux.waitScreen((l) => /· operation slow_op ·/.test(l[0]), 'the detail again');
	await tmux.keys('BSpace');
	await tmux.waitScreen(normalView, 'the tables back after Backspace');
});

/**
 * What is wrong with the screen as a fresh frame of the normal view at this size (empty: nothing):
 * every row where it belongs, each once, the frame rows-1 tall, nothing left over from another size.
 */
function layoutProblems(l: string[], columns: number, rows: number): string[] {
	const problems: string[] = [];
	const expect = (ok: boolean, what: string) => ok || problems.push(what);
	expect(l.length === rows, `${rows} rows`);
	expect(
		l.every((x) => Array.from(x).length <= columns),
		`no row wider than ${columns}`,
	);
	expect(/^ddc-top \S+ · window 24h · sort p95▼ +\d\d:\d\d:\d\d$/.test(l[0]), 'the header on row 0');
	const header = rowOf(l, /^OPERATION /);
	// The SLO column (issue #16) is always shown: AVG waits for names to keep 24 columns, MAX drops at 80.
	const widest = /^OPERATION +CALLS +OK% +FAIL +SLO +P50 +P95▼ +P99 +P99\.9 +AVG +MAX +RATE\/m +AVG\/m$/;
	const wide = /^OPERATION +CALLS +OK% +FAIL +SLO +P50 +P95▼ +P99 +P99\.9 +MAX +RATE\/m$/;
	const narrow = /^OPERATION +CALLS +OK% +FAIL +SLO +P50 +P95▼ +P99 +RATE\/m$/;
	expect(
		header > 0 && (columns >= 108 ? widest : columns >= 90 ? wide : narrow).test(l[header]),
		`the column header for ${columns} columns`,
	);
	const names = operationRows(l);
	expect(names.length === 5 && new Set(names).size === 5, 'five operation rows, each once');
	expect(l[rows - 1] === '', 'the last row empty (frame rows-1 tall)');
	expect(/^\? help {2}\/ filter/.test(l[rows - 2] ?? ''), 'the footer on row rows-2');
	expect(/ · following · /.test(l[rows - 3] ?? ''), 'the status line on row rows-3');
	for (const [re, what] of [
		[/^ddc-top /, 'header'],
		[/^OPERATION /, 'column header'],
		[/ · following · /, 'status line'],
		[/^\? help/, 'footer'],
	] as const) {
		expect(count(l, re) === 1, `one ${what}`);
	}
	const blank = l.slice(header + 1 + names.length, rows - 3).filter((x) => x.trim() !== '');
	expect(blank.length === 0, `nothing between the table and the status line (found ${JSON.stringify(blank)})`);
	return problems;
}

async function resizeAndCheck(columns: number, rows: number): Promise<void> {
	await tmux.cmd('resize-window', '-t', tmux.target, '-x', String(columns), '-y', String(rows));
	assert.equal(await tmux.format('#{pane_width}x#{pane_height}'), `${columns}x${rows}`);
	let problems: string[] = [];
	try {
		await tmux.waitScreen((l) => (problems = layoutProblems(l, columns, rows)).length === 0, `a clean ${columns}x${rows} frame`, 5000);
	} catch (error) {
		throw new Error(`${(error as Error).message}\nstill wrong: ${problems.join('; ')}`);
	}
}

test('resizes (80x24, height only 120x30, back to 120x40) are followed live: re-laid out, rows-1 tall, no stale cells', async () => {
	try {
		await resizeAndCheck(80, 24);
		// Same width: only a repaint on 'resize' (not a width change) clears what tmux moved on the screen.
		await resizeAndCheck(120, 40);
		await resizeAndCheck(120, 30);
		await resizeAndCheck(120, 40);
	} finally {
		// The later tests expect the original size whatever happened here.
		await tmux.cmd('resize-window', '-t', tmux.target, '-x', '120', '-y', '40');
	}
});

test('m opens the menu; Export snapshot -> JSON writes a file with DDC export keys into the working directory', async () => {
	await tmux.type('m');
	let lines = await tmux.waitScreen(
		(l) => l.some((x) => x.includes('Menu')) && l.some((x) => x.includes('Export snapshot')),
		'the menu overlay',
	);
	for (const item of ['Clean up old metrics', 'Export snapshot', 'Cancel'])
		assert.ok(
			lines.some((l) => l.includes(item)),
			item,
		);
	await tmux.keys('Down');
	await tmux.keys('Enter');
	lines = await tmux.waitScreen((l) => ['JSON', 'CSV', 'Markdown'].every((f) => l.some((x) => x.includes(f))), 'the format step');
	await tmux.keys('Enter');
	lines = await tmux.waitScreen((l) => l.some((x) => x.includes('Exported to ')), 'the export result');
	const files = readdirSync(dir).filter((f) => /^ddc-top-snapshot-\d{8}-\d{6}\.json$/.test(f));
	assert.equal(files.length, 1, readdirSync(dir).join(', '));
	assert.ok(
		lines.some((l) => l.includes(files[0])),
		'the screen names the file',
	);
	const doc = JSON.parse(readFileSync(path.join(dir, files[0]), 'utf8')) as Record<string, unknown>;
	for (const key of ['exported_at', 'operation_filter', 'statistics']) assert.ok(key in doc, `export has ${key}`);
	const stats = doc.statistics as Record<string, {total_calls: number}>;
	assert.ok(stats.live_op.total_calls > 0);
	assert.equal(stats.slow_op.total_calls, 40);
	await tmux.keys('Enter');
	await tmux.waitScreen((l) => normalView(l) && !l.some((x) => x.includes('Exported to')), 'the table after closing the result');
});

test('q leaves the alternate screen: the shell prompt is back and the table is gone', async () => {
	await tmux.type('q');
	const lines = await tmux.waitScreen((l) => l.filter((x) => x.trim() !== '').at(-1) === PROMPT, 'the prompt after q');
	assert.equal(await tmux.format('#{alternate_on}'), '0');
	assert.equal(count(lines, /OPERATION|· following ·|\? help/), 0, lines.join('\n'));
	const joined = await tmux.capture(true);
	assert.ok(
		joined.some((l) => l.startsWith(`${PROMPT} ${ddcTopCommand(tmux.socket, metrics)}`)),
		'the screen from before ddc-top is back',
	);
	await tmux.type('echo "exit=$?"');
	await tmux.keys('Enter');
	await tmux.waitScreen((l) => l.includes('exit=0'), 'exit code 0');
	await waitNoProcess(tmux.socket, 3000);
});

test('tmux kill-server (an SSH drop: SIGHUP) leaves no ddc-top process behind', async () => {
	const other = new Tmux();
	const file = path.join(tempDir('ddc-top-e2e-hup-'), 'performance_metrics.jsonl');
	writeFileSync(file, ddcLine({operation: 'hup_op', end: Date.now() / 1000, duration: 0.01}));
	try {
		await other.start(path.dirname(file), 100, 30);
		await other.type(ddcTopCommand(other.socket, file));
		await other.keys('Enter');
		await other.waitScreen((l) => operationRows(l).includes('hup_op'), 'ddc-top running');
		assert.ok(markedPids(other.socket).length >= 1, 'the marker finds the running ddc-top');
		await other.kill();
		await waitNoProcess(other.socket, 5000);
	} finally {
		await other.kill();
		killMarked(other.socket);
	}
});
