// `--once --op NAME` and `export --op NAME` (issue #14 §4) through the built CLI: the detail's counts are
// checked against counts made here from the lines written, not against the detail's own code.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {parseCli, UsageError} from '../../source/cli.js';
import {ddcPercentile} from '../../source/core/ddc-percentile.js';
import {seededRandom} from '../../source/core/random.js';
import {runCli} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const OP = 'docker_action';
const NOW = Math.floor(Date.now() / 1000);
const TOKEN = `ghp_${'a1B2'.repeat(9)}`;
const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007gone';
const PLAIN_ERRORS = ['timeout after 10s', 'HTTP 500 from Discord', 'container not found'];

interface Call {
	end: number;
	duration: number;
	success: boolean;
	container?: string;
	error?: string;
}

/**
 * The operation's calls, 10 s apart from two hours ago to 20 minutes ago (none in the last 5 minutes, so
 * the current rate is 0 whenever the CLI runs), interleaved with two other operations' lines, after 20
 * calls 40 days old. Its first failures carry hostile texts, a token and a long text; the later ones plain
 * messages, some none.
 */
function writeMetrics(file: string): {recent: Call[]; ancient: Call[]} {
	const random = seededRandom(14);
	const parts: string[] = ['not json\n'];
	const ancient: Call[] = [];
	for (let i = 0; i < 20; i++) {
		const call: Call = {end: NOW - 40 * 86_400 + i, duration: 0.3, success: true, container: 'old'};
		ancient.push(call);
		parts.push(ddcLine({operation: OP, end: call.end, duration: call.duration, success: true, metadata: {container: 'old'}}));
	}
	const recent: Call[] = [];
	for (let i = 0; i < 600; i++) {
		const end = NOW - 7200 + i * 10 + 0.25;
		const call: Call = {end, duration: Math.round((0.01 + random() ** 3 * 4) * 1e6) / 1e6, success: i % 6 !== 0};
		if (i % 5 !== 0) call.container = ['ddc', 'web', 'db'][i % 3];
		if (!call.success && i % 30 !== 0) {
			call.error =
				i < 120 ? [HOSTILE, '\u009b31mred', `auth failed for ${TOKEN}`, 'x'.repeat(300)][(i / 6) % 4] : PLAIN_ERRORS[(i / 6) % 3];
		}
		recent.push(call);
		const metadata: Record<string, unknown> = {};
		if (call.container !== undefined) metadata.container = call.container;
		if (call.error !== undefined) metadata.error = call.error;
		parts.push(
			ddcLine({
				operation: 'config_load',
				end: end - 3,
				duration: 0.05,
				success: i % 4 !== 0,
				metadata: {error: 'not mine', container: 'elsewhere'},
			}),
		);
		parts.push(ddcLine({operation: OP, end, duration: call.duration, success: call.success, metadata}));
		parts.push(ddcLine({operation: 'mech_state', end: end - 1, duration: 1.5, metadata: {container: 'ddc'}}));
	}
	writeFileSync(file, parts.join(''));
	return {recent, ancient};
}

const dir = tempDir('ddc-top-once-op-');
const file = path.join(dir, 'performance_metrics.jsonl');
const written = writeMetrics(file);
const base = ['--metrics', file, '--no-docker'];

interface Detail {
	operation: string;
	range: {window: string | null; from: number | null; to: number | null; step: number};
	exact: boolean;
	total_calls: number;
	failed_calls: number;
	spectrum: Record<string, number> | null;
	histogram: Array<{le_seconds: number | null; count: number}>;
	timeline: Array<{start: number; calls: number; failures: number}>;
	errors: Array<{message: string; count: number; first_seen: number; last_seen: number}>;
	containers: Array<{name: string; calls: number; failures: number; p50: number; p95: number}>;
	recent: Array<{end_time: number; duration: number; success: boolean; container: string | null; error: string | null}>;
	[key: string]: unknown;
}

async function jsonDetail(
	args: string[],
): Promise<{doc: {statistics: Record<string, {total_calls: number; failed_calls: number}>; ddc_top: {detail: Detail}}; detail: Detail}> {
	const r = await runCli(['--once', '--json', ...base, ...args]);
	assert.equal(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	return {doc, detail: doc.ddc_top.detail};
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** Every part's counts against the calls written: histogram and timeline sum, errors, containers. */
function checkCounts(d: Detail, calls: readonly Call[]): void {
	const failed = calls.filter((c) => !c.success);
	assert.equal(d.total_calls, calls.length);
	assert.equal(d.failed_calls, failed.length);
	assert.equal(sum(d.histogram.map((h) => h.count)), calls.length, 'histogram counts sum to total_calls');
	assert.equal(sum(d.timeline.map((t) => t.calls)), calls.length, 'timeline calls sum to total_calls');
	assert.equal(sum(d.timeline.map((t) => t.failures)), failed.length);
	assert.deepEqual(
		d.timeline.map((t) => t.start),
		sorted(d.timeline.map((t) => t.start)),
		'timeline oldest first',
	);
	for (const t of d.timeline) assert.equal(t.start % d.range.step, 0);
	assert.equal(sum(d.errors.map((e) => e.count)), failed.length, 'error counts sum to failed_calls');
	// One row per distinct message as written (a failure without one is its own row, under "").
	const byMessage = new Map<string, Call[]>();
	for (const c of failed) byMessage.set(c.error ?? '', [...(byMessage.get(c.error ?? '') ?? []), c]);
	assert.deepEqual(sorted(d.errors.map((e) => e.count)), sorted([...byMessage.values()].map((list) => list.length)));
	for (const message of PLAIN_ERRORS) {
		const expected = byMessage.get(message);
		const row = d.errors.find((e) => e.message === message);
		if (expected === undefined) {
			assert.equal(row, undefined);
			continue;
		}
		assert.deepEqual(row, {message, count: expected.length, first_seen: expected[0].end, last_seen: expected.at(-1)!.end});
	}
	const byContainer = new Map<string, Call[]>();
	for (const c of calls) if (c.container !== undefined) byContainer.set(c.container, [...(byContainer.get(c.container) ?? []), c]);
	assert.deepEqual(
		Object.fromEntries(d.containers.map((c) => [c.name, [c.calls, c.failures]])),
		Object.fromEntries([...byContainer].map(([name, list]) => [name, [list.length, list.filter((c) => !c.success).length]])),
	);
	for (const row of d.containers) {
		const durations = sorted(byContainer.get(row.name)!.map((c) => c.duration));
		assert.equal(row.p50, ddcPercentile(durations, 50), `${row.name} p50`);
	}
}

test('--once --json --op: ddc_top.detail over the window, every count as the lines say', async () => {
	const {doc, detail: d} = await jsonDetail(['--op', OP]);
	const calls = written.recent;
	assert.equal(d.operation, OP);
	assert.equal(d.range.window, '24h');
	assert.equal(d.range.to, null);
	assert.equal(d.range.step, 900);
	assert.ok(d.range.from !== null && Math.abs(d.range.from - (NOW - 86_400)) < 120, `from is now - 24h: ${d.range.from}`);
	assert.equal(d.exact, true);
	checkCounts(d, calls);
	// The same numbers as the document's own statistics for the operation.
	assert.equal(d.total_calls, doc.statistics[OP].total_calls);
	assert.equal(d.failed_calls, doc.statistics[OP].failed_calls);
	const durations = sorted(calls.map((c) => c.duration));
	assert.deepEqual(Object.keys(d.spectrum!), ['p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'p9999']);
	assert.equal(d.spectrum!.p50, ddcPercentile(durations, 50));
	assert.equal(d.spectrum!.p99, ddcPercentile(durations, 99));
	// 20 recent calls by default: the operation's last 20, newest first, as written.
	assert.deepEqual(
		d.recent,
		calls
			.slice(-20)
			.reverse()
			.map((c) => ({end_time: c.end, duration: c.duration, success: c.success, container: c.container ?? null, error: c.error ?? null})),
	);
	// Hostile texts arrive printable, the token redacted, the long text shortened in the middle.
	const messages = d.errors.map((e) => e.message);
	assert.ok(messages.includes('␛[2J␛]0;pwned␇gone'), messages.join(' | '));
	assert.ok(messages.includes('\\u009b31mred'), 'a C1 control as an escape');
	assert.ok(!JSON.stringify(d).includes(TOKEN), 'the token is not in the detail');
	assert.ok(messages.includes('auth failed for [redacted]'), messages.join(' | '));
	assert.ok(
		messages.some((m) => m.length === 120 && m.includes('…')),
		'the 300-character text shortened',
	);
	assert.ok(!d.containers.some((c) => c.name === 'elsewhere' || c.name === 'old'), 'no other operation, nothing outside the window');
});

test('--recent 5, --window all, and --from/--to as epoch seconds or ISO time restrict every part', async () => {
	const five = (await jsonDetail(['--op', OP, '--recent', '5'])).detail;
	assert.deepEqual(
		five.recent.map((c) => c.end_time),
		written.recent
			.slice(-5)
			.reverse()
			.map((c) => c.end),
	);
	const all = (await jsonDetail(['--op', OP, '--window', 'all'])).detail;
	assert.equal(all.range.window, 'all');
	assert.equal(all.range.from, null);
	checkCounts(all, [...written.ancient, ...written.recent]);
	// A 30-minute range inside the recent calls: calls that ended in it, both ends included.
	const from = written.recent[200].end;
	const to = written.recent[380].end;
	const inRange = written.recent.filter((c) => c.end >= from && c.end <= to);
	const ranged = (await jsonDetail(['--op', OP, '--from', String(from), '--to', String(to), '--recent', '3'])).detail;
	assert.deepEqual(ranged.range, {window: null, from, to, step: 60});
	checkCounts(ranged, inRange);
	assert.deepEqual(
		ranged.recent.map((c) => c.end_time),
		inRange
			.slice(-3)
			.reverse()
			.map((c) => c.end),
	);
	const iso = (
		await jsonDetail([
			'--op',
			OP,
			'--from',
			new Date(from * 1000).toISOString(),
			'--to',
			new Date(to * 1000).toISOString(),
			'--recent',
			'3',
		])
	).detail;
	assert.deepEqual(iso, ranged);
	// Only --from: up to the newest call.
	const since = (await jsonDetail(['--op', OP, '--from', String(from)])).detail;
	checkCounts(
		since,
		written.recent.filter((c) => c.end >= from),
	);
});

test('--once --op prints the same parts as text: printable, within 120 columns', async () => {
	const r = await runCli(['--once', ...base, '--op', OP, '--recent', '5']);
	assert.equal(r.code, 0, r.stderr);
	const failed = written.recent.filter((c) => !c.success).length;
	for (const part of [
		'Distribution',
		'Over time (per 15 minutes)',
		`Failures by error (${failed})`,
		'By container',
		'Recent calls (newest first, 5)',
		'p99.99',
	]) {
		assert.ok(r.stdout.includes(part), `text has ${part}`);
	}
	assert.match(r.stdout, new RegExp(`^${OP} · window 24h`, 'm'));
	assert.match(r.stdout, new RegExp(`calls ${written.recent.length} · `));
	assert.match(r.stdout, /← p50/);
	assert.ok(r.stdout.includes('␛[2J␛]0;pwned␇gone'), 'the hostile text shown as marks');
	assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/, 'no control character but newlines');
	assert.ok(!r.stdout.includes(TOKEN));
	const wide = r.stdout.split('\n').filter((line) => Array.from(line).length > 120);
	assert.deepEqual(wide, []);
	// The 5 recent rows, newest first.
	const rows = r.stdout.split('Recent calls')[1].split('\n').slice(2, 7);
	assert.equal(rows.length, 5);
	assert.ok(
		rows.every((row) => /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /.test(row)),
		rows.join('\n'),
	);
	assert.deepEqual(
		rows.map((row) => row.slice(2, 21)),
		[...rows.map((row) => row.slice(2, 21))].sort().reverse(),
	);
});

test('export --op: JSON has the same detail as --once --json --op; CSV and Markdown add its tables', async () => {
	// A range in the past and no call in the last 5 minutes: every figure is the same at either moment.
	const range = ['--from', String(written.recent[100].end), '--to', String(written.recent[500].end), '--recent', '7'];
	const once = (await jsonDetail(['--op', OP, ...range])).detail;
	const exported = await runCli(['export', ...base, '--op', OP, ...range, '--out', '-', '--format', 'json']);
	assert.equal(exported.code, 0, exported.stderr);
	assert.deepEqual(JSON.parse(exported.stdout).ddc_top.detail, once);
	// Over the window, only the window's start and the average rate follow the moment of the run.
	const windowOnce = (await jsonDetail(['--op', OP])).detail;
	const windowExport = JSON.parse((await runCli(['export', ...base, '--op', OP, '--out', '-'])).stdout).ddc_top.detail as Detail;
	const moment = (d: Detail) => ({...d, range: {...d.range, from: 0}, avg_per_min: 0});
	assert.deepEqual(moment(windowExport), moment(windowOnce));

	const csv = await runCli(['export', ...base, '--op', OP, ...range, '--out', '-', '--format', 'csv']);
	assert.equal(csv.code, 0, csv.stderr);
	const csvLines = csv.stdout.split('\r\n');
	for (const header of [
		'le_s,count',
		'start,calls,failures,p50_s,p95_s,p99_s',
		'error,count,first_seen,last_seen',
		'container,calls,failures,p50_s,p95_s',
		'end_time,duration_s,status,container,error',
	]) {
		assert.ok(csvLines.includes(header), `CSV has ${header}`);
	}
	const histogramRows = csvLines.slice(csvLines.indexOf('le_s,count') + 1, csvLines.indexOf('', csvLines.indexOf('le_s,count')));
	assert.equal(sum(histogramRows.map((line) => Number(line.split(',')[1]))), once.total_calls);
	const md = await runCli(['export', ...base, '--op', OP, ...range, '--out', '-', '--format', 'md']);
	assert.equal(md.code, 0, md.stderr);
	for (const title of ['distribution', 'over time', 'failures by error', 'by container', 'recent calls, newest first']) {
		assert.ok(md.stdout.includes(`### ${OP}: ${title}`), `Markdown has ${title}`);
	}
	assert.doesNotMatch(csv.stdout + md.stdout, /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
	assert.ok(!(csv.stdout + md.stdout).includes(TOKEN));
});

test('an operation the file never names: exit 1, one line, nothing on stdout', async () => {
	for (const args of [
		['--once', ...base, '--op', 'nope'],
		['--once', '--json', ...base, '--op', 'nope'],
		['export', ...base, '--op', 'nope', '--out', '-'],
	]) {
		const r = await runCli(args);
		assert.equal(r.code, 1, args.join(' '));
		assert.equal(r.stdout, '');
		assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
		assert.match(r.stderr, /no operation named "nope" in /);
	}
});

test('bad --op, --recent, --from and --to: exit 2 with one line', async () => {
	const cases: Array<[string[], RegExp]> = [
		[['--op', OP, '--recent', '0'], /--recent must be a whole number from 1 to 1000 \(got "0"\)/],
		[['--op', OP, '--recent', '1001'], /--recent must be a whole number from 1 to 1000/],
		[['--op', OP, '--recent', '2.5'], /--recent must be a whole number/],
		[['--op', OP, '--from', 'yesterday'], /--from must be epoch seconds or an ISO time/],
		[['--op', OP, '--to', '2026-02-30'], /--to must be epoch seconds or an ISO time/],
		[['--op', OP, '--from', '2000', '--to', '1000'], /--from \(2000\) is after --to \(1000\)/],
		[['--recent', '5'], /--recent needs --op NAME/],
		[['--from', '1000'], /--from needs --op NAME/],
		[['--op', ''], /--op needs an operation name/],
	];
	// Each case through --once, every other one through export as well (the same checks; a process each).
	for (const [k, [args, message]] of cases.entries()) {
		for (const command of k % 2 === 0 ? [['--once'], ['export', '--out', '-']] : [['--once']]) {
			const r = await runCli([...command, ...base, ...args]);
			assert.equal(r.code, 2, `${command[0]} ${args.join(' ')}: ${r.stderr}`);
			assert.match(r.stderr, message);
			assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
			assert.equal(r.stdout, '');
		}
	}
});

test('--op in the live view (a terminal, no --once) is a usage error; piped output is --once anyway', () => {
	const parse = (stdoutIsTTY: boolean) => parseCli({argv: [...base, '--op', OP], cwd: dir, env: {}, stdoutIsTTY});
	assert.throws(
		() => parse(true),
		(error: unknown) => error instanceof UsageError && /--op needs --once/.test(error.message),
	);
	const piped = parse(false);
	assert.equal(piped.kind, 'run');
	assert.deepEqual(piped.kind === 'run' && piped.config.detail, {operation: OP, recent: 20, from: undefined, to: undefined});
});
