import assert from 'node:assert/strict';
import {mkdirSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {cleanupCommand} from '../../source/commands/cleanup.js';
import {exportCommand} from '../../source/commands/export.js';
import {containerToJson, hostToJson} from '../../source/core/container-json.js';
import type {ContainerSample, HostSample} from '../../source/core/samples.js';
import {runOnce} from '../../source/once.js';
import {type Finished, runHelper} from '../helpers/child.js';
import {metricsBody, writeMetricsFile} from '../helpers/ddc-lines.js';
import {capturedIo} from '../helpers/process-io.js';
import {containerSample} from '../helpers/samples.js';
import {tempDir} from '../helpers/temp-dir.js';

const nowSeconds = Date.now() / 1000;

/** 200 lines a day's cleanup removes, then 300 recent ones and a broken one that it keeps. */
const LINES = {old: metricsBody({nowSeconds, old: 200, recent: 0}), kept: metricsBody({nowSeconds, old: 0, recent: 300, malformed: 1})};

/** A usage or failure message is one line naming the command, never a stack trace. */
function assertOneLine(result: Finished, pattern: RegExp) {
	const lines = result.stderr.trimEnd().split('\n');
	assert.equal(lines.length, 1, result.stderr);
	assert.match(lines[0], pattern);
	assert.doesNotMatch(result.stderr, /\n\s+at /);
}

test('cleanup (real process): refuses without --yes when stdin is not a terminal, exit 2, file unchanged', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const result = await runHelper('cleanup-main.ts', ['--days', '1', '--metrics', f.file]);
	assert.equal(result.code, 2);
	assertOneLine(result, /^ddc-top cleanup: refusing to change the file without --yes/);
	assert.match(result.stdout, /Remove: {2}200 lines older than the cutoff/);
	assert.equal(readFileSync(f.file, 'utf8'), f.body);
});

test('cleanup (real process): bad flags and values are usage errors, exit 2', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const cases: Array<[string[], RegExp]> = [
		[['--dayz', '3'], /unknown flag --dayz/],
		[['-x'], /unknown flag -x/],
		[['--days', 'abc'], /--days: days to keep must be a number of days, 0 or more, like 30 or 0\.5 \(got "abc"\)/],
		[['--days', '-1'], /--days: days to keep must be a number/],
		[['--days', '1e3'], /--days: days to keep must be a number/],
		[['--days'], /--days needs a value/],
		[[], /--days N is required/],
		[['--days', '1', '--yes=no'], /--yes takes no value/],
		[['--days', '1', 'extra'], /unexpected argument extra/],
		[['--days', '1', '--days', '2'], /can only be set once/],
	];
	for (const [args, pattern] of cases) {
		const result = await runHelper('cleanup-main.ts', [...args, '--metrics', f.file]);
		assert.equal(result.code, 2, args.join(' '));
		assertOneLine(result, pattern);
	}
	assert.equal(readFileSync(f.file, 'utf8'), f.body);
});

test('cleanup (real process): --dry-run changes nothing; --yes cleans; a missing file fails with exit 1', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const dry = await runHelper('cleanup-main.ts', ['--days', '1', '--dry-run', '--metrics', f.file]);
	assert.equal(dry.code, 0, dry.stderr);
	assert.equal(readFileSync(f.file, 'utf8'), f.body);
	assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl']);

	// The path comes from DDC_METRICS_FILE here, as an operator would set it once.
	const run = await runHelper('cleanup-main.ts', ['--days', '1', '--yes', '--no-backup'], {cwd: dir, env: {DDC_METRICS_FILE: f.file}});
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stdout, /Cleaned .*: removed 200 lines, kept 301 lines/);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept);
	assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl']);

	const again = await runHelper('cleanup-main.ts', ['--days', '1', '--yes', '--metrics', f.file]);
	assert.equal(again.code, 0);
	assert.match(again.stdout, /Nothing to remove/);

	const missing = await runHelper('cleanup-main.ts', ['--days', '1', '--yes', '--metrics', path.join(dir, 'nope.jsonl')]);
	assert.equal(missing.code, 1);
	assertOneLine(missing, /^ddc-top cleanup: metrics file not found: .*nope\.jsonl/);
});

test('cleanup on a terminal asks first: "n" changes nothing (exit 1), "y" cleans (exit 0)', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const no = capturedIo(dir, {version: '1.2.3', tty: true});
	no.stdin.write('n\n');
	assert.equal(await cleanupCommand(['--days', '1', '--metrics', f.file], no.io), 1);
	assert.match(no.out(), /Remove 200 lines\? \[y\/N\] Cancelled; nothing changed\./);
	assert.equal(readFileSync(f.file, 'utf8'), f.body);

	const yes = capturedIo(dir, {version: '1.2.3', tty: true});
	yes.stdin.write('y\n');
	assert.equal(await cleanupCommand(['--days', '1', '--metrics', f.file], yes.io), 0);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept);
	assert.match(yes.out(), /Backup: {2}.*performance_metrics\.jsonl\.bak-\d{8}-\d{6} \(hard link\)/);
	assert.equal(yes.err(), '');
});

test('export (real process): writes the default name in the cwd with mode 0600 and prints it; refuses to overwrite', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const first = await runHelper('export-main.ts', ['--metrics', f.file], {cwd: dir});
	assert.equal(first.code, 0, first.stderr);
	const written = first.stdout.trim();
	assert.match(path.basename(written), /^ddc-top-snapshot-\d{8}-\d{6}\.json$/);
	assert.equal(path.dirname(written), dir);
	assert.equal(statSync(written).mode & 0o777, 0o600);
	const doc = JSON.parse(readFileSync(written, 'utf8')) as {statistics: Record<string, {total_calls: number}>; ddc_top: {version: string}};
	assert.equal(doc.statistics.config_load.total_calls, 75);
	assert.equal(doc.ddc_top.version, 'test');

	// An existing directory as --out gets the default name inside it.
	const sub = path.join(dir, 'exports');
	mkdirSync(sub);
	const inDir = await runHelper('export-main.ts', ['--metrics', f.file, '--out', sub, '--format', 'csv']);
	assert.equal(inDir.code, 0, inDir.stderr);
	assert.match(inDir.stdout.trim(), new RegExp(`^${sub}/ddc-top-snapshot-\\d{8}-\\d{6}\\.csv$`));

	const out = path.join(dir, 'snap.md');
	assert.equal((await runHelper('export-main.ts', ['--metrics', f.file, '--out', out])).code, 0);
	assert.match(readFileSync(out, 'utf8'), /^\*\*ddc-top snapshot\*\* · window: 24h/);
	const refused = await runHelper('export-main.ts', ['--metrics', f.file, '--out', out, '--format', 'csv']);
	assert.equal(refused.code, 1);
	assertOneLine(refused, /snap\.md already exists \(use --force to overwrite\); nothing written/);
	assert.match(readFileSync(out, 'utf8'), /^\*\*ddc-top snapshot/);
	const forced = await runHelper('export-main.ts', [
		'--metrics',
		f.file,
		'--out',
		out,
		'--format',
		'csv',
		'--force',
		'--filter',
		'docker',
		'--window',
		'all',
	]);
	assert.equal(forced.code, 0, forced.stderr);
	// Rows in the live view's default order: slowest p95 first.
	assert.match(readFileSync(out, 'utf8'), /^operation,calls,ok,failed,.*\r\ndocker_list,125,.*\r\ndocker_action,125,110,15,/);
});

test('export (real process): bad values exit 2, a missing file exits 1, all as one line', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const cases: Array<[string[], RegExp]> = [
		[['--format', 'xml'], /--format must be one of json, csv, md \(got xml\)/],
		[['--window', '2h'], /--window must be one of 1h, 24h, all \(got 2h\)/],
		[['--filter', '/(/'], /--filter: invalid regular expression/],
		[['--bogus'], /unknown flag --bogus/],
		[['--out'], /--out needs a value/],
	];
	for (const [args, pattern] of cases) {
		const result = await runHelper('export-main.ts', [...args, '--metrics', f.file], {cwd: dir});
		assert.equal(result.code, 2, args.join(' '));
		assertOneLine(result, pattern);
	}
	const missing = await runHelper('export-main.ts', ['--metrics', path.join(dir, 'nope.jsonl')], {cwd: dir});
	assert.equal(missing.code, 1);
	assertOneLine(missing, /^ddc-top export: metrics file not found: .*docker cp ddc:/);
	const noDir = await runHelper('export-main.ts', ['--metrics', f.file, '--out', path.join(dir, 'missing', 'x.json')], {cwd: dir});
	assert.equal(noDir.code, 1);
	assertOneLine(noDir, /^ddc-top export: no such directory: .*missing; nothing written$/);
	assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl'], 'nothing written');
});

test('export adds what collectExtra returns, and still writes when it fails', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	const ddc: ContainerSample = {
		id: 'c1',
		name: 'ddc',
		state: 'running',
		cpuPercent: 1.5,
		memUsedBytes: 10,
		memLimitBytes: 100,
		memPercent: 10,
		netRxBytes: 1,
		netTxBytes: 2,
		blockReadBytes: 3,
		blockWriteBytes: 4,
		pids: 5,
		at: 0,
	};
	const host: HostSample = {cpuPercent: 2.5, memUsedBytes: 1, memTotalBytes: 2, load1: 0.5, load5: 0.25, load15: 0.125, at: 0};
	const withExtra = capturedIo(dir, {version: '1.2.3', collectExtra: async () => ({containers: [ddc], host})});
	assert.equal(await exportCommand(['--metrics', f.file, '--out', 'a.json', '--with-metadata'], withExtra.io), 0);
	const doc = JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8')) as {ddc_top: Record<string, unknown>};
	assert.deepEqual(doc.ddc_top.containers, [containerToJson(ddc)]);
	assert.deepEqual(doc.ddc_top.host, hostToJson(host));
	assert.equal(doc.ddc_top.version, '1.2.3');

	const failing = capturedIo(dir, {
		version: '1.2.3',
		collectExtra: async () => {
			throw new Error('docker socket: permission denied');
		},
	});
	assert.equal(await exportCommand(['--metrics', f.file, '--out', 'b.json'], failing.io), 0);
	assert.match(failing.err(), /^ddc-top export: warning: containers\/host left out \(docker socket: permission denied\)\n$/);
	assert.equal(failing.out(), `${path.join(dir, 'b.json')}\n`);

	const help = capturedIo(dir, {version: '1.2.3'});
	assert.equal(await exportCommand(['--help'], help.io), 0);
	assert.match(help.out(), /^Usage: ddc-top export/);
});

test("--once, --once --json and export put sampled containers in one order: the live view's default", async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, LINES);
	// As a collection returns them (by name); the view lists the busiest first, ties by name, an unknown CPU last.
	const extras = async () => ({
		containers: [
			containerSample({name: 'busy', cpuPercent: 50}),
			containerSample({name: 'fresh', cpuPercent: null}),
			containerSample({name: 'quiet', cpuPercent: 0.5}),
			containerSample({name: 'calm', cpuPercent: 0.5}),
		],
		dockerStatus: {kind: 'live', endpoint: 'e'} as const,
	});
	const order = ['busy', 'calm', 'quiet', 'fresh'];

	const exported = capturedIo(dir, {version: '1.2.3', collectExtra: extras});
	assert.equal(await exportCommand(['--metrics', f.file, '--out', '-'], exported.io), 0, exported.err());
	const doc = JSON.parse(exported.out()) as {ddc_top: {containers: Array<{name: string}>; docker_status?: unknown}};
	assert.deepEqual(
		doc.ddc_top.containers.map((c) => c.name),
		order,
		'export',
	);
	assert.equal(doc.ddc_top.docker_status, undefined, 'only --once --json writes the Docker status');

	for (const json of [true, false]) {
		const stdout = new PassThrough();
		let out = '';
		stdout.on('data', (c: Buffer) => (out += c.toString()));
		const config = {
			metricsPath: f.file,
			window: '24h',
			filter: '',
			intervalMs: 1000,
			docker: true,
			poll: false,
			demo: false,
			once: true,
			json,
		} as const;
		assert.equal(await runOnce({config, clock: () => Date.now(), stdout, stderr: new PassThrough(), collectExtras: extras}), 0);
		if (json) {
			const once = JSON.parse(out) as {ddc_top: {containers: Array<{name: string}>; docker_status: unknown}};
			assert.deepEqual(
				once.ddc_top.containers.map((c) => c.name),
				order,
				'--once --json',
			);
			assert.deepEqual(once.ddc_top.docker_status, {available: true});
		} else {
			const table = out.slice(out.indexOf('\nContainers\n'));
			const names = table
				.split('\n')
				.slice(3)
				.map((l) => l.split(' ')[0])
				.filter(Boolean);
			assert.deepEqual(names, order, '--once');
		}
	}
});
