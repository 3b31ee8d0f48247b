import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {test} from 'node:test';
import {exportCommand} from '../../source/commands/export.js';
import {lockPathFor} from '../../source/effects/cleanup-lock.js';
import {ExportTargetError} from '../../source/effects/export-target.js';
import {writeExportFile} from '../../source/effects/write-export.js';
import {ddcLine, writeMetricsFile} from '../helpers/ddc-lines.js';
import {capturedIo} from '../helpers/process-io.js';
import {containerSample} from '../helpers/samples.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW_MS = Date.now();
const nowSeconds = NOW_MS / 1000;

/** Three operations a minute and a half old: slowest by p95 slow_op, then mid_op, then fast_op. */
const LINES = [
	...Array.from({length: 20}, (_, i) => ddcLine({operation: 'fast_op', end: nowSeconds - 100 + i, duration: 0.01})),
	...Array.from({length: 20}, (_, i) => ddcLine({operation: 'slow_op', end: nowSeconds - 100 + i, duration: 2 + i / 100})),
	...Array.from({length: 20}, (_, i) => ddcLine({operation: 'mid_op', end: nowSeconds - 100 + i, duration: 0.5})),
];

/** A FIFO, and a character device where this user may make one (root; a copy of /dev/null's numbers). */
function specialFiles(dir: string): Array<{what: string; path: string}> {
	const out: Array<{what: string; path: string}> = [];
	const fifo = path.join(dir, 'a-fifo');
	execFileSync('mkfifo', [fifo]);
	out.push({what: 'a FIFO (named pipe)', path: fifo});
	const device = path.join(dir, 'a-null-device');
	try {
		execFileSync('mknod', ['-m', '666', device, 'c', '1', '3'], {stdio: 'ignore'});
		out.push({what: 'a character device', path: device});
	} catch {
		// Not allowed here (not root, or a container without CAP_MKNOD): the FIFO and socket still run.
	}
	return out;
}

test('--force replaces only a regular file: a device, FIFO, socket, directory or link is refused, untouched', async (t) => {
	const dir = tempDir();
	const targets = specialFiles(dir);
	const socketPath = path.join(dir, 'a-socket');
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(socketPath, resolve));
	t.after(() => server.close());
	targets.push({what: 'a socket', path: socketPath});
	const sub = path.join(dir, 'a-directory');
	mkdirSync(sub);
	targets.push({what: 'a directory', path: sub});
	const regular = path.join(dir, 'regular.json');
	writeFileSync(regular, 'old');
	const link = path.join(dir, 'a-link.json');
	symlinkSync(regular, link);
	targets.push({what: 'a symbolic link', path: link});
	t.diagnostic(`targets: ${targets.map((x) => x.what).join(', ')}`);

	for (const target of targets) {
		const before = lstatSync(target.path);
		for (const force of [true, false]) {
			await assert.rejects(
				writeExportFile(target.path, '{}\n', {force}),
				(error: Error) =>
					error instanceof ExportTargetError &&
					error.message === `${target.path} is ${target.what}; export writes only a new or regular file (--out - writes to stdout)`,
				`${target.what}, force ${force}`,
			);
			const after = lstatSync(target.path);
			assert.deepEqual([after.ino, after.mode], [before.ino, before.mode], `${target.what} is untouched`);
		}
	}
	assert.equal(readFileSync(regular, 'utf8'), 'old');
	await writeExportFile(regular, 'new\n', {force: true});
	assert.equal(readFileSync(regular, 'utf8'), 'new\n', 'a regular file is replaced');
	assert.deepEqual(
		readdirSync(dir).filter((n) => n.includes('ddc-top-tmp')),
		[],
		'no temp file left',
	);
});

test('the metrics file, a link to it, its backups and its lock are never written over, with or without --force', async () => {
	const dir = tempDir();
	const {file, body} = writeMetricsFile(dir, {kept: LINES});
	const elsewhere = tempDir();
	const hard = path.join(elsewhere, 'hard.json');
	linkSync(file, hard);
	const soft = path.join(elsewhere, 'soft.json');
	symlinkSync(file, soft);
	const backup = `${file}.bak-20260101-000000`;
	writeFileSync(backup, body);
	const hardToBackup = path.join(elsewhere, 'backup-link.json');
	linkSync(backup, hardToBackup);
	writeFileSync(lockPathFor(file), '1\nhost\n');
	// The metrics directory reached through a link: the same file after resolving it.
	const dirLink = path.join(elsewhere, 'metrics-dir');
	symlinkSync(dir, dirLink);
	const cases: Array<[string, RegExp]> = [
		[file, /is the metrics file; export never writes over it$/],
		[path.join(dirLink, 'performance_metrics.jsonl'), /is the metrics file/],
		[soft, /is the metrics file/],
		[hard, /is the metrics file under another name \(.*performance_metrics\.jsonl\)/],
		[backup, /is a backup of the metrics file/],
		[hardToBackup, /is a backup of the metrics file under another name/],
		[lockPathFor(file), /cleanup of the metrics file/],
		[path.join(dir, 'performance_metrics.jsonl.bak-29990101-000000'), /is a backup of the metrics file/],
	];
	for (const [target, pattern] of cases) {
		for (const force of [true, false]) {
			await assert.rejects(
				writeExportFile(target, '{}\n', {force, metricsPath: file}),
				(e: Error) => e instanceof ExportTargetError && pattern.test(e.message),
				`${target} force ${force}`,
			);
		}
	}
	assert.equal(readFileSync(file, 'utf8'), body);
	assert.equal(readFileSync(backup, 'utf8'), body);
	assert.equal(statSync(file).nlink, 2);

	// Through the command, as an operator types it: one line, exit 2 (a refused target), the metrics file intact.
	const io = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', file, '--out', file, '--force', '--no-docker'], io.io), 2);
	assert.match(
		io.err(),
		/^ddc-top export: .*performance_metrics\.jsonl is the metrics file; export never writes over it; nothing written\n$/,
	);
	assert.equal(readFileSync(file, 'utf8'), body);
	assert.equal(existsSync(path.join(dir, 'performance_metrics.jsonl.bak-29990101-000000')), false);
});

test('export --out at a FIFO, device, socket or link is a usage problem: exit 2, one line, as --metrics at a FIFO', async (t) => {
	const dir = tempDir();
	const {file, body} = writeMetricsFile(dir, {kept: LINES});
	const targets = specialFiles(dir);
	const socketPath = path.join(dir, 'a-socket');
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(socketPath, resolve));
	t.after(() => server.close());
	targets.push({what: 'a socket', path: socketPath});
	const link = path.join(dir, 'a-link.json');
	symlinkSync(path.join(dir, 'nowhere.json'), link);
	targets.push({what: 'a symbolic link', path: link});
	t.diagnostic(`targets: ${targets.map((x) => x.what).join(', ')}`);
	for (const target of targets) {
		const before = lstatSync(target.path);
		for (const force of [[], ['--force']]) {
			const run = capturedIo(dir, {now: () => NOW_MS});
			const code = await exportCommand(['--metrics', file, '--out', target.path, '--no-docker', ...force], run.io);
			const what = `${target.what} ${force.join('')}`;
			assert.equal(code, 2, `${what}: ${run.err()}`);
			assert.equal(
				run.err(),
				`ddc-top export: ${target.path} is ${target.what};` +
					' export writes only a new or regular file (--out - writes to stdout); nothing written\n',
				what,
			);
			assert.equal(run.out(), '', what);
			const after = lstatSync(target.path);
			assert.deepEqual([after.ino, after.mode], [before.ino, before.mode], `${what}: untouched`);
		}
	}
	// The same code as --metrics at a FIFO: both are paths export will not use.
	const fifoMetrics = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', targets[0].path, '--out', '-'], fifoMetrics.io), 2);
	assert.equal(readFileSync(file, 'utf8'), body);
	assert.deepEqual(
		readdirSync(dir).filter((n) => n.includes('ddc-top')),
		[],
		'no temp file left',
	);
});

test('--out - writes the export to stdout and no file; a name that does not say the format gets a note', async () => {
	const dir = tempDir();
	const {file} = writeMetricsFile(dir, {kept: LINES});
	const json = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', file, '--out', '-'], json.io), 0, json.err());
	const doc = JSON.parse(json.out()) as {statistics: Record<string, unknown>};
	// Rows in the live view's default order: slowest p95 first.
	assert.deepEqual(Object.keys(doc.statistics), ['slow_op', 'mid_op', 'fast_op']);
	assert.equal(json.err(), '');
	const md = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', file, '-o', '-', '--format', 'md'], md.io), 0);
	assert.match(md.out(), /^\*\*ddc-top snapshot\*\*/);
	assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl'], 'nothing written to a file');

	const txt = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', file, '--out', 'snap.txt'], txt.io), 0);
	assert.equal(txt.err(), 'ddc-top export: wrote JSON (.txt is not json, csv or md; --format chooses)\n');
	assert.doesNotThrow(() => JSON.parse(readFileSync(path.join(dir, 'snap.txt'), 'utf8')));
	const mismatch = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', file, '--out', 'snap.csv', '--format', 'md'], mismatch.io), 0);
	assert.equal(mismatch.err(), 'ddc-top export: wrote Markdown as --format says, though the name ends in .csv\n');
	const matching = capturedIo(dir, {now: () => NOW_MS});
	assert.equal(await exportCommand(['--metrics', file, '--out', 'snap.md'], matching.io), 0);
	assert.equal(matching.err(), '', 'no note when the extension says the format');
});

test('CSV and Markdown carry the containers and host as tables of their own, busiest container first', async () => {
	const dir = tempDir();
	const {file} = writeMetricsFile(dir, {kept: LINES});
	const figures = {
		memUsedBytes: 50 * 1024 * 1024,
		memLimitBytes: 1024 * 1024 * 1024,
		memPercent: 4.88,
		netRxBytes: 1000,
		netTxBytes: 2000,
		blockWriteBytes: 4096,
		pids: 7,
		at: NOW_MS,
	};
	// As sampled, in no particular order: export puts them in the live view's default order.
	const extra = async () => ({
		containers: [
			containerSample({...figures, id: '=idle|bot-id', name: '=idle|bot', cpuPercent: 0.5}),
			containerSample({...figures, id: 'not-yet-id', name: 'not-yet', cpuPercent: null}),
			containerSample({...figures, id: 'busy-id', name: 'busy', cpuPercent: 75.25}),
		],
		host: {cpuPercent: 12.5, memUsedBytes: 2e9, memTotalBytes: 8e9, load1: 0.5, load5: 0.25, load15: 0.125, at: NOW_MS},
	});
	const csv = capturedIo(dir, {now: () => NOW_MS, collectExtra: extra});
	assert.equal(await exportCommand(['--metrics', file, '--out', '-', '--format', 'csv'], csv.io), 0, csv.err());
	const tables = csv.out().split('\r\n\r\n');
	assert.equal(tables.length, 3, csv.out());
	assert.match(tables[0], /^operation,calls,/);
	const containers = tables[1].split('\r\n');
	assert.equal(
		containers[0],
		'container,state,cpu_percent,mem_used_bytes,mem_limit_bytes,mem_percent,' +
			'net_rx_bytes,net_tx_bytes,block_read_bytes,block_write_bytes,pids,id',
	);
	assert.deepEqual(
		containers.slice(1).map((l) => l.split(',')[0]),
		['busy', `"'=idle|bot"`, 'not-yet'],
		'busiest first, an unknown CPU last, a formula neutralised',
	);
	assert.equal(containers[1], 'busy,running,75.25,52428800,1073741824,4.88,1000,2000,0,4096,7,busy-id');
	assert.match(containers[3], /^not-yet,running,,/, 'no CPU reading yet: an empty cell, not 0');
	assert.deepEqual(tables[2].trimEnd().split('\r\n'), [
		'host_cpu_percent,host_mem_used_bytes,host_mem_total_bytes,load1,load5,load15',
		'12.5,2000000000,8000000000,0.5,0.25,0.125',
	]);

	const md = capturedIo(dir, {now: () => NOW_MS, collectExtra: extra});
	assert.equal(await exportCommand(['--metrics', file, '--out', '-', '--format', 'md'], md.io), 0);
	const text = md.out();
	assert.match(text, /\n### Containers\n\n\| container \| state \| CPU % \|.*\n\|:--\|:--\|--:\|/);
	assert.match(text, /\| busy \| running \| 75\.25 % \| 50(\.0)?MiB \|/);
	assert.match(text, /\| =idle\\\|bot \|/, 'a pipe in a name cannot end the cell');
	assert.match(text, /\| not-yet \| running \| - \|/);
	assert.match(
		text,
		new RegExp(
			/\n### Host\n\n\| CPU % \| mem used \| mem total \| load 1m \| load 5m \| load 15m \|\n/.source +
				/.*\n\| 12\.50 % \| .* \| 0\.50 \| 0\.25 \| 0\.13 \|\n$/.source,
		),
	);

	const none = capturedIo(dir, {now: () => NOW_MS, collectExtra: async () => ({})});
	assert.equal(await exportCommand(['--metrics', file, '--out', '-', '--format', 'csv', '--no-docker'], none.io), 0);
	assert.equal(none.out().split('\r\n\r\n').length, 1, 'no sections when there is nothing to show');
});
