import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {BIN, runCli} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';

let dir: string;
let file: string;

const now = Date.now() / 1000;

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'ddc-top-cli-'));
	file = join(dir, 'performance_metrics.jsonl');
	writeFileSync(
		file,
		ddcLine({operation: 'config_load', end: now - 30, duration: 0.05}) +
			ddcLine({operation: 'config_load', end: now - 20, duration: 0.15}) +
			ddcLine({operation: 'docker_start', end: now - 10, duration: 2, success: false}) +
			ddcLine({operation: 'ancient', end: now - 40 * 86_400, duration: 1}) +
			'garbage\n',
	);
});
after(() => rmSync(dir, {recursive: true, force: true}));

test('--version and --help', async () => {
	const v = await runCli(['--version'], {cwd: dir});
	assert.equal(v.code, 0);
	assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
	const h = await runCli(['--help'], {cwd: dir});
	assert.equal(h.code, 0);
	for (const flag of [
		'--metrics',
		'--window',
		'--filter',
		'--interval',
		'--no-docker',
		'--docker-host',
		'--poll',
		'--once',
		'--json',
		'--demo',
		'--no-color',
	]) {
		assert.ok(h.stdout.includes(flag), `help lists ${flag}`);
	}
	assert.match(h.stdout, /Keys/);
});

const usage: Array<[string, string[], RegExp]> = [
	['unknown flag', ['--bogus'], /unknown flag --bogus/],
	['bad window', ['--window', '2h'], /--window must be one of 1h, 24h, all/],
	['bad interval', ['--interval', 'fast'], /--interval must be a whole number/],
	['interval too small', ['--interval', '5'], /--interval must be/],
	['invalid regex filter', ['--filter', '/(x/'], /--filter: invalid regular expression/],
	['directory as metrics file', ['--metrics', '/tmp', '--once'], /is a directory/],
	['unknown command', ['frobnicate'], /unknown command: frobnicate/],
];
for (const [name, args, message] of usage) {
	test(`usage error, one line on stderr, exit 2: ${name}`, async () => {
		const r = await runCli(args, {cwd: dir});
		assert.equal(r.code, 2);
		assert.match(r.stderr, message);
		assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
		assert.doesNotMatch(r.stderr, /\bat .*\(.*:\d+:\d+\)/, 'no stack trace');
	});
}

test('--once with a missing file: clear message, exit 2', async () => {
	const r = await runCli(['--once', '--metrics', join(dir, 'nope.jsonl'), '--no-docker'], {cwd: dir});
	assert.equal(r.code, 2);
	assert.match(r.stderr, /metrics file not found: .*nope\.jsonl/);
});

test('--once prints the table as plain text (no escape codes when piped)', async () => {
	const r = await runCli(['--once', '--metrics', file, '--no-docker'], {cwd: dir});
	assert.equal(r.code, 0, r.stderr);
	assert.doesNotMatch(r.stdout, /\u001B/);
	assert.match(r.stdout, /window 24h/);
	assert.match(r.stdout, /5 lines, 1 rejected/);
	assert.match(r.stdout, /rejected lines: not JSON 1/);
	// DDC's percentiles of 0.05 and 0.15 s: p50 0.1, p95 0.145; 2 calls in the last 5 minutes: 0.40 a minute.
	assert.match(r.stdout, /config_load\s+2\s+100\.0%\s+0\s+100ms\s+145ms\s+149ms\s+150ms\s+150ms\s+0\.40/);
	assert.match(r.stdout, /docker_start\s+1\s+0\.0%\s+1/);
	assert.doesNotMatch(r.stdout, /ancient/);
	assert.match(r.stdout, /Host: CPU/);
});

test('stdout not a terminal: behaves as --once', async () => {
	const r = await runCli(['--metrics', file, '--no-docker', '--window', 'all'], {cwd: dir});
	assert.equal(r.code, 0);
	assert.match(r.stdout, /ancient/);
});

test('--once --json: DDC export keys, exact MetricStats keys, our extras under ddc_top', async () => {
	const r = await runCli(['--once', '--json', '--metrics', file, '--no-docker', '--filter', 'config'], {cwd: dir});
	assert.equal(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	assert.deepEqual(Object.keys(doc), ['exported_at', 'operation_filter', 'statistics', 'ddc_top']);
	assert.match(doc.exported_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
	assert.equal(doc.operation_filter, 'config');
	assert.deepEqual(Object.keys(doc.statistics), ['config_load']);
	const s = doc.statistics.config_load;
	assert.deepEqual(Object.keys(s).sort(), [
		'avg_duration',
		'failed_calls',
		'last_24h_calls',
		'last_hour_calls',
		'max_duration',
		'min_duration',
		'operation',
		'p50_duration',
		'p95_duration',
		'p99_duration',
		'successful_calls',
		'total_calls',
	]);
	assert.equal(s.total_calls, 2);
	assert.equal(s.min_duration, 0.05);
	assert.equal(s.max_duration, 0.15);
	assert.equal(doc.ddc_top.window, '24h');
	assert.equal(doc.ddc_top.filter, 'config');
	// DDC's interpolation between 0.05 and 0.15 s, exact: the two durations are held raw.
	assert.ok(Math.abs(s.p50_duration - 0.1) < 1e-12, String(s.p50_duration));
	assert.ok(Math.abs(doc.ddc_top.operations.config_load.p999_duration - 0.1499) < 1e-12);
	assert.equal(doc.ddc_top.operations.config_load.rate_per_min, 0.4);
	assert.ok(Math.abs(doc.ddc_top.operations.config_load.avg_per_min - 2 / 1440) < 1e-12);
	assert.equal(doc.ddc_top.source.lines_read, 5);
	assert.equal(doc.ddc_top.source.lines_rejected, 1);
	assert.equal(doc.ddc_top.source.path, file);
	assert.equal(typeof doc.ddc_top.host.cpu_percent, 'number');
	assert.equal(doc.ddc_top.containers, undefined, '--no-docker leaves containers out');
});

test('--once with Docker unreachable still prints the operations and says why containers are missing', async () => {
	const r = await runCli(['--once', '--metrics', file, '--docker-host', `unix://${join(dir, 'no-such.sock')}`], {cwd: dir});
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /config_load/);
	assert.match(r.stdout, /Containers: .*no-such\.sock.*not found/);
	const j = await runCli(['--once', '--json', '--metrics', file, '--docker-host', `unix://${join(dir, 'no-such.sock')}`], {cwd: dir});
	const doc = JSON.parse(j.stdout);
	assert.deepEqual(doc.ddc_top.containers, []);
	assert.equal(doc.ddc_top.docker_status.available, false);
	assert.match(doc.ddc_top.docker_status.message, /not found/);
});

test('--demo --once prints demo numbers and removes its temporary file', async () => {
	const r = await runCli(['--demo', '--once', '--no-docker'], {cwd: dir});
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /config_cached_access/);
	const path = /ddc-top · (\S+performance_metrics\.jsonl)/.exec(r.stdout)?.[1];
	assert.ok(path, 'title names the demo file');
	assert.equal(spawnSync('test', ['-e', path]).status, 1, 'demo file removed');
});

test('TERM=dumb in a real terminal prints the plain table once instead of redrawing', () => {
	const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} --metrics ${file} --no-docker`, '/dev/null'], {
		encoding: 'utf8',
		env: {...process.env, TERM: 'dumb'},
		timeout: 30_000,
	});
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /config_load\s+2/);
	assert.doesNotMatch(r.stdout, /\u001B\[\?1049h/, 'no alternate screen');
	assert.doesNotMatch(r.stdout, /\u001B\[[0-9;]*m/, 'no colors');
});
