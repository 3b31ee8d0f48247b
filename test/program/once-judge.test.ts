// The live flags of issue #16 (--slo, --baseline, --regression) as the live view and --once read them:
// DDC's ./pytest.ini found without asking, a bad file in one line naming its line, and --once's judgement
// (text, and JSON's ddc_top.judgement and the containers' growth keys).
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {parseCli, UsageError} from '../../source/cli.js';
import type {Config} from '../../source/config.js';
import {loadJudgeSetup} from '../../source/judge-setup.js';
import {runOnce} from '../../source/once.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {containerSample} from '../helpers/samples.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW = Date.now();
const PYTEST_INI = `[pytest]
testpaths = tests

[performance:thresholds]
# Maximum 1 second for config load
config_load_max_time = 1.0
token_decrypt_max_time = 0.5  # seconds
docker_concurrent_success = 0.95
memory_leak_threshold_mb = 50
`;

function metricsIn(dir: string): string {
	const file = path.join(dir, 'performance_metrics.jsonl');
	let body = '';
	for (let i = 0; i < 60; i++) {
		body += ddcLine({operation: 'config_load', end: NOW / 1000 - 300 + i, duration: i === 59 ? 1.5 : 0.2});
		body += ddcLine({operation: 'token_decrypt', end: NOW / 1000 - 300 + i, duration: 0.01});
	}
	writeFileSync(file, body);
	return file;
}

test('./pytest.ini with DDC section is read without --slo, and the header names it', async () => {
	const dir = tempDir();
	writeFileSync(path.join(dir, 'pytest.ini'), PYTEST_INI);
	const loaded = await loadJudgeSetup({minEffectPct: 10}, dir);
	assert.ok(loaded.ok);
	assert.equal(loaded.setup.sloLabel, 'pytest.ini');
	assert.deepEqual(
		loaded.setup.rules.map((r) => `${r.pattern} ${r.statistic} ${r.limit} ${r.source}`),
		['config_load max 1 ./pytest.ini:6', 'token_decrypt max 0.5 ./pytest.ini:7', 'docker_* success_rate 0.95 ./pytest.ini:8'],
	);
	// Another project's pytest.ini is left alone: DDC's documented values, no header note.
	const other = tempDir();
	writeFileSync(path.join(other, 'pytest.ini'), '[pytest]\ntestpaths = tests\n');
	const built = await loadJudgeSetup({minEffectPct: 10}, other);
	assert.ok(built.ok);
	assert.equal(built.setup.sloLabel, undefined);
	assert.ok(built.setup.rules.some((r) => r.pattern === 'mech_power_calc'));
});

test('an unparsable ./pytest.ini nobody named does not stop the view: built-in values, the reason in the origin', async () => {
	const dir = tempDir();
	writeFileSync(path.join(dir, 'pytest.ini'), '[performance:thresholds]\nconfig_load_max_time = 1.0\nthroughput_floor = 3\n');
	const loaded = await loadJudgeSetup({minEffectPct: 10}, dir);
	assert.ok(loaded.ok);
	assert.equal(loaded.setup.sloLabel, undefined);
	assert.ok(loaded.setup.rules.some((r) => r.pattern === 'mech_power_calc'));
	assert.match(loaded.setup.origin, /^built-in .*\.\/pytest\.ini:3: unknown key throughput_floor/);
	// Named with --slo, the same file is still refused.
	const named = await loadJudgeSetup({minEffectPct: 10, slo: 'pytest.ini'}, dir);
	assert.equal(named.ok, false);
});

test('a bad --slo or --baseline is one line naming the file, line and problem', async () => {
	const dir = tempDir();
	writeFileSync(path.join(dir, 'bad.ini'), '[ddc-top:slo]\nconfig_load p95 = 800ms\nconfig_load p97 = 1s\n');
	const bad = await loadJudgeSetup({slo: 'bad.ini', minEffectPct: 10}, dir);
	assert.equal(bad.ok, false);
	assert.match(!bad.ok ? bad.problem : '', /^bad\.ini:3: unknown statistic p97/);
	const missing = await loadJudgeSetup({slo: 'nope.ini', minEffectPct: 10}, dir);
	assert.match(!missing.ok ? missing.problem : '', /^--slo: .*nope\.ini/);
	writeFileSync(path.join(dir, 'base.json'), '{"statistics": 3}');
	const base = await loadJudgeSetup({baseline: 'base.json', minEffectPct: 10}, dir);
	assert.match(!base.ok ? base.problem : '', /^--baseline base\.json: no "statistics" object/);
	for (const problem of [!bad.ok && bad.problem, !missing.ok && missing.problem, !base.ok && base.problem])
		assert.ok(typeof problem === 'string' && !problem.includes('\n'), String(problem));
});

test('--regression and empty file names are usage errors (exit 2) before anything starts', () => {
	const run = (argv: string[]) => () => parseCli({argv, cwd: tempDir(), env: {}, stdoutIsTTY: true});
	assert.throws(
		run(['--regression', 'lots']),
		(e: unknown) => e instanceof UsageError && /--regression must be a percentage/.test(e.message),
	);
	assert.throws(run(['--slo', '']), (e: unknown) => e instanceof UsageError && /--slo needs a file name/.test(e.message));
	const ok = parseCli({argv: ['--regression', '20%', '--baseline', 'b.json'], cwd: tempDir(), env: {}, stdoutIsTTY: true});
	assert.equal(ok.kind, 'run');
	assert.deepEqual(ok.kind === 'run' && ok.config.judgeFlags, {slo: undefined, baseline: 'b.json', minEffectPct: 20});
});

async function once(config: Config): Promise<string> {
	const stdout = new PassThrough();
	let out = '';
	stdout.on('data', (c: Buffer) => (out += c.toString()));
	const extras = async () => ({
		containers: [containerSample({name: 'ddc', memUsedBytes: 200 << 20, at: NOW})],
		dockerStatus: {kind: 'live', endpoint: 'e'} as const,
	});
	assert.equal(await runOnce({config, clock: () => NOW, stdout, stderr: new PassThrough(), collectExtras: extras}), 0);
	return out;
}

test('--once judges as check: text lines and JSON ddc_top.judgement; containers carry the growth keys', async () => {
	const dir = tempDir();
	writeFileSync(path.join(dir, 'pytest.ini'), PYTEST_INI);
	const loaded = await loadJudgeSetup({minEffectPct: 10}, dir);
	assert.ok(loaded.ok);
	const base = {
		metricsPath: metricsIn(dir),
		window: '24h',
		filter: '',
		intervalMs: 1000,
		docker: true,
		poll: false,
		demo: false,
		once: true,
		judge: loaded.setup,
	} as const;
	const text = await once({...base, json: false});
	assert.match(text, /Judgement \(as ddc-top check\)\nnote: thresholds: \.\/pytest\.ini\n/);
	assert.match(text, /BREACH +slo +config_load max 1\.50s, limit 1\.00s/);
	assert.match(text, /OK +slo +token_decrypt max 10\.0ms, limit 500ms/);
	assert.match(text, /check FAILED: 2 findings \(1 breach, 1 ok\)/);

	const doc = JSON.parse(await once({...base, json: true})) as {
		ddc_top: {
			containers: Array<Record<string, unknown>>;
			judgement: {thresholds: string; passed: boolean; findings: Array<Record<string, unknown>>};
		};
	};
	const [ddc] = doc.ddc_top.containers;
	assert.ok('mem_growth_mb_per_min' in ddc && 'mem_growth_state' in ddc, Object.keys(ddc).join(' '));
	// Two samples a second apart say nothing about a trend: not judged, null, rather than a guessed "ok".
	assert.equal(ddc.mem_growth_mb_per_min, null);
	assert.equal(ddc.mem_growth_state, null);
	assert.equal(doc.ddc_top.judgement.thresholds, './pytest.ini');
	assert.equal(doc.ddc_top.judgement.passed, false);
	assert.deepEqual(
		doc.ddc_top.judgement.findings.map((f) => `${f.kind} ${f.subject} ${f.verdict}`),
		['slo config_load breach', 'slo token_decrypt ok'],
	);
});
