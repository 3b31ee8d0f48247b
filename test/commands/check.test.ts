import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {type CheckDeps, checkCommand} from '../../source/commands/check.js';
import type {ContainerMemory} from '../../source/commands/check-memory.js';
import {exportCommand} from '../../source/commands/export.js';
import {MB} from '../../source/core/judge/memory-growth.js';
import {logNormal, seededRandom} from '../../source/core/random.js';
import {runCli} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {capturedIo} from '../helpers/process-io.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW = 1_764_500_000_000;
const now = () => NOW;

/** `n` calls of `operation` in the last hour, durations log-normal around `median` s, every `failEvery`-th failing. */
function calls(operation: string, n: number, median: number, options: {failEvery?: number; seed?: number; sigma?: number} = {}): string {
	const random = seededRandom(options.seed ?? 1);
	let out = '';
	for (let i = 0; i < n; i++) {
		const success = !(options.failEvery && i % options.failEvery === 0);
		out += ddcLine({
			operation,
			end: NOW / 1000 - 3000 + (i * 2900) / n,
			duration: logNormal(random, median, options.sigma ?? 0.1),
			success,
		});
	}
	return out;
}

/** A folder with DDC's metrics file at its default place (data/metrics/...), so no --metrics is needed. */
function ddcFolder(body: string): string {
	const dir = tempDir();
	mkdirSync(path.join(dir, 'data/metrics'), {recursive: true});
	writeFileSync(path.join(dir, 'data/metrics/performance_metrics.jsonl'), body);
	return dir;
}

async function check(dir: string, args: string[], deps?: CheckDeps) {
	const c = capturedIo(dir, {now});
	const code = await checkCommand(args, c.io, deps);
	return {code, out: c.out(), err: c.err()};
}

// config_load well under 1 s, token_encrypt near 0.5 s, mech_power_calc over 1 ms, docker_restart failing 1 in 10.
const MIXED =
	calls('config_load', 200, 0.2) +
	calls('token_encrypt', 200, 0.42, {sigma: 0.02}) +
	calls('mech_power_calc', 200, 0.002) +
	calls('docker_restart', 200, 1.5, {failEvery: 10}) +
	calls('unbound_op', 50, 9);

test('check, text: one line per operation judged and a summary; a breach exits 1', async () => {
	const r = await check(ddcFolder(MIXED), []);
	assert.equal(r.code, 1, r.err);
	assert.equal(r.err, '');
	const lines = r.out.trimEnd().split('\n');
	assert.match(lines[0], /^note: thresholds: built-in \(DDC's pytest.ini values\)$/);
	assert.match(r.out, /^OK {6}slo {9}config_load max [\d.]+ms, limit 1\.00s \(limit from built-in\)$/m);
	assert.match(r.out, /^NEAR {4}slo {9}token_encrypt max/m);
	assert.match(r.out, /^BREACH {2}slo {9}mech_power_calc max [\d.]+ms, limit 1\.00ms/m);
	assert.match(r.out, /^BREACH {2}slo {9}docker_restart success_rate 90\.0 %, floor 95\.0 %/m);
	assert.doesNotMatch(r.out, /unbound_op/, 'no rule binds it: not evaluated');
	assert.match(lines.at(-1) as string, /^check FAILED: 4 findings \(2 breach, 1 near, 1 ok\)$/);
});

test('check, json: {passed, findings} with the issue keys, one finding per operation evaluated', async () => {
	const r = await check(ddcFolder(MIXED), ['--format', 'json']);
	assert.equal(r.code, 1);
	const doc = JSON.parse(r.out);
	assert.equal(doc.passed, false);
	assert.deepEqual(
		doc.findings.map((f: {subject: string; verdict: string}) => [f.subject, f.verdict]),
		[
			['config_load', 'ok'],
			['docker_restart', 'breach'],
			['mech_power_calc', 'breach'],
			['token_encrypt', 'near'],
		],
	);
	const f = doc.findings[1];
	assert.deepEqual(Object.keys(f).slice(0, 7), ['kind', 'subject', 'statistic', 'value', 'limit', 'change_pct', 'verdict']);
	assert.equal(f.kind, 'slo');
	assert.equal(f.statistic, 'success_rate');
	assert.equal(f.value, 0.9);
	assert.equal(f.limit, 0.95);
	assert.match(r.err, /^ddc-top check: note: thresholds: built-in/, 'notes go to stderr: stdout is one document');
});

test('check, github: ::error for breaches, ::warning for near, plain lines for the rest', async () => {
	const r = await check(ddcFolder(MIXED), ['--format', 'github']);
	assert.equal(r.code, 1);
	assert.match(r.out, /^::error title=ddc-top slo mech_power_calc::breach: mech_power_calc max /m);
	assert.match(r.out, /^::error title=ddc-top slo docker_restart::breach: docker_restart success_rate 90\.0 %25, floor 95\.0 %25/m);
	assert.match(r.out, /^::warning title=ddc-top slo token_encrypt::near: /m);
	assert.match(r.out, /^ok: config_load max /m);
	assert.match(r.out, /^check FAILED/m);
});

test('all within their limits: exit 0, "check passed"', async () => {
	const r = await check(ddcFolder(calls('config_load', 100, 0.2) + calls('docker_start', 100, 1)), []);
	assert.equal(r.code, 0, r.out);
	assert.match(r.out, /^check passed: 2 findings \(2 ok\)$/m);
});

test("DDC's pytest.ini in the current folder is used by itself; --slo overrides it", async () => {
	const dir = ddcFolder(calls('config_load', 100, 0.2) + calls('web_dashboard', 100, 2.5, {sigma: 0.01}));
	writeFileSync(
		path.join(dir, 'pytest.ini'),
		'[pytest]\ntestpaths = tests\n\n[performance:thresholds]\nconfig_load_max_time = 0.1          # Maximum 100 ms\nweb_dashboard_max_time = 2.0        # Maximum 2 seconds for dashboard\nconcurrent_throughput_min = 20      # Minimum 20 operations/second\n',
	);
	const r = await check(dir, []);
	assert.equal(r.code, 1);
	assert.match(r.out, /^note: thresholds: \.\/pytest\.ini$/m);
	assert.match(r.out, /^note: not applied: concurrent_throughput_min/m);
	assert.match(r.out, /^BREACH {2}slo {9}config_load max [\d.]+ms, limit 100ms \(limit from \.\/pytest\.ini:5\)$/m);
	assert.match(r.out, /^BREACH {2}slo {9}web_dashboard max 2\.\d+s, limit 2\.00s/m);
	writeFileSync(path.join(dir, 'mine.slo'), '[ddc-top:slo]\n* p95 = 5s\n');
	const mine = await check(dir, ['--slo', 'mine.slo']);
	assert.equal(mine.code, 0, mine.out);
	assert.match(mine.out, /^OK {2}slo {9}config_load p95 .* \(limit from mine\.slo:2\)$/m);
});

test('bad --slo or --baseline: exit 2 with one line naming the line and the problem', async () => {
	const dir = ddcFolder(calls('config_load', 10, 0.2));
	writeFileSync(path.join(dir, 'bad.ini'), '[performance:thresholds]\nconfig_load_max_time = 1.0\nmech_power_calc_max = 1ms\n');
	const r = await check(dir, ['--slo', 'bad.ini']);
	assert.equal(r.code, 2);
	assert.equal(r.err, 'ddc-top check: bad.ini:3: mech_power_calc_max: "1ms" is not a number (see ddc-top check --help)\n');
	assert.equal(r.out, '');
	writeFileSync(path.join(dir, 'base.json'), '{"exported_at": 1}');
	const b = await check(dir, ['--baseline', 'base.json']);
	assert.equal(b.code, 2);
	assert.match(b.err, /^ddc-top check: --baseline base\.json: no "statistics" object/);
	const missing = await check(dir, ['--slo', 'nope.ini']);
	assert.equal(missing.code, 2);
	assert.match(missing.err, /^ddc-top check: --slo: not found: .*nope\.ini/);
});

test('usage errors exit 2 with one line', async () => {
	const dir = ddcFolder(calls('config_load', 10, 0.2));
	const cases: Array<[string[], RegExp]> = [
		[['--format', 'xml'], /--format must be one of text, json, github/],
		[['--regression', 'abc'], /--regression must be a percentage/],
		[['--regression', '0'], /--regression must be a percentage/],
		[['--window', '2h'], /--window must be one of/],
		[['--duration', '5 parsecs'], /--duration must be a time/],
		[['--duration', '2m', '--no-docker'], /cannot be combined with --no-docker/],
		[['--bogus'], /unknown flag --bogus/],
		[['extra'], /unexpected argument extra/],
	];
	for (const [args, pattern] of cases) {
		const r = await check(dir, args);
		assert.equal(r.code, 2, args.join(' '));
		assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
		assert.match(r.err, pattern);
	}
	const none = await check(tempDir(), []);
	assert.equal(none.code, 2);
	assert.match(none.err, /metrics file not found/);
	const help = await check(dir, ['--help']);
	assert.equal(help.code, 0);
	assert.match(help.out, /^Usage: ddc-top check/);
});

test('--baseline: an export of the same distribution is no change; 30 % slower is "slower" (exit 1)', async () => {
	const baseDir = ddcFolder(calls('config_load', 1000, 0.1, {seed: 1, sigma: 0.5}));
	const exported = capturedIo(baseDir, {now});
	assert.equal(await exportCommand(['--no-docker', '--out', 'base.json'], exported.io), 0, exported.err());
	const base = path.join(baseDir, 'base.json');
	const same = await check(ddcFolder(calls('config_load', 1000, 0.1, {seed: 2, sigma: 0.5})), ['--baseline', base]);
	assert.equal(same.code, 0, same.out);
	assert.match(
		same.out,
		/^NO SIGNIFICANT CHANGE {2}regression {2}config_load p95 [\d.]+ms, baseline [\d.]+ms \([-+][\d.]+ %\) \(mann-whitney, p = /m,
	);
	const slower = await check(ddcFolder(calls('config_load', 1000, 0.13, {seed: 3, sigma: 0.5})), ['--baseline', base, '--format', 'json']);
	assert.equal(slower.code, 1);
	const doc = JSON.parse(slower.out);
	const regression = doc.findings.find((f: {kind: string}) => f.kind === 'regression');
	assert.equal(regression.verdict, 'slower');
	assert.ok(regression.change_pct >= 10, String(regression.change_pct));
	assert.ok(regression.baseline > 0);
	assert.deepEqual(Object.keys(regression.changes), ['p50', 'p95', 'p99']);
	assert.ok(regression.changes.p50 > 10, 'the whole distribution moved');
	assert.equal(regression.success_rate, 1);
	assert.equal(regression.success_change_points, 0);
	// With a 50 % minimum effect the same change is not called slower.
	const lenient = await check(ddcFolder(calls('config_load', 1000, 0.13, {seed: 3, sigma: 0.5})), [
		'--baseline',
		base,
		'--regression',
		'50',
	]);
	assert.equal(lenient.code, 0, lenient.out);
});

test('--duration: one memory finding per container sampled; a leak exits 1, a sawtooth passes', async () => {
	const series = (name: string, bytesAt: (s: number) => number): ContainerMemory => ({
		id: name,
		name,
		limitBytes: 512 * MB,
		samples: Array.from({length: 121}, (_, s) => ({t: NOW - 120_000 + s * 1000, bytes: bytesAt(s)})),
	});
	let asked: {durationMs: number; dockerHost?: string} | undefined;
	const deps: CheckDeps = {
		sampleMemory: async (options) => {
			asked = options;
			return {
				containers: [series('leaky', (s) => (100 + s * 0.5) * MB), series('gc', (s) => (150 + 40 * ((s % 20) / 20)) * MB)],
			};
		},
	};
	const dir = ddcFolder(calls('config_load', 10, 0.2));
	const r = await check(dir, ['--duration', '2m', '--docker-host', 'unix:///nowhere.sock', '--format', 'json'], deps);
	assert.deepEqual(asked && {durationMs: asked.durationMs, dockerHost: asked.dockerHost}, {
		durationMs: 120_000,
		dockerHost: 'unix:///nowhere.sock',
	});
	assert.equal(r.code, 1);
	const memory = JSON.parse(r.out).findings.filter((f: {kind: string}) => f.kind === 'memory');
	assert.deepEqual(
		memory.map((f: {subject: string; verdict: string}) => [f.subject, f.verdict]),
		[
			['leaky', 'leak'],
			['gc', 'ok'],
		],
	);
	assert.ok(Math.abs(memory[0].value - 30) < 1, String(memory[0].value));
	assert.ok(memory[0].minutes_to_limit > 0);
	// Without a metrics file, --duration still judges the memory.
	const text = await check(tempDir(), ['--duration', '2m'], deps);
	assert.equal(text.code, 1);
	assert.match(text.out, /^note: operations not judged: metrics file not found/m);
	assert.match(text.out, /^LEAK {2}memory {6}leaky memory 30\.0 MB\/min \[[\d.]+, [\d.]+\], limit in \d+ min \(growing at least/m);
});

test('ddc-top check (real process, the built CLI): dispatched by main, exit codes 1 and 2', async () => {
	// The lines are timed by the fixed test clock, the process runs on the real one: --window all holds them.
	const dir = ddcFolder(MIXED);
	const failed = await runCli(['check', '--format', 'json', '--no-docker', '--window', 'all'], {cwd: dir, env: {DDC_METRICS_FILE: ''}});
	assert.equal(failed.code, 1, failed.stderr);
	assert.equal(JSON.parse(failed.stdout).passed, false);
	const usage = await runCli(['check', '--format', 'yaml'], {cwd: dir});
	assert.equal(usage.code, 2);
	assert.equal(usage.stderr, 'ddc-top check: --format must be one of text, json, github (got "yaml") (see ddc-top check --help)\n');
});

test('an empty window passes but says that nothing was judged', async () => {
	const r = await check(ddcFolder(''), []);
	assert.equal(r.code, 0);
	assert.match(r.out, /^note: no operation had calls in window 24h$/m);
	assert.match(r.out, /^check passed: 0 findings$/m);
});
