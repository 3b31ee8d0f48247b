// Only regular files are read: --metrics at a FIFO used to hang --once (the open waits for a writer) and at
// /dev/zero it grew without end. Every entry point refuses with one line on stderr and exit 2.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {parseCli, UsageError} from '../../source/cli.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import {runOnce} from '../../source/once.js';
import {ingestWholeFile} from '../../source/sources/read-file.js';
import {NotRegularFileError, openRegularFile} from '../../source/sources/regular-file.js';
import {runCli} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const dir = tempDir('ddc-top-regular-');
const fifo = join(dir, 'performance_metrics.jsonl');
execFileSync('mkfifo', [fifo]);
const zeroLink = join(dir, 'zero.jsonl');
symlinkSync('/dev/zero', zeroLink);
const folder = join(dir, 'a-folder');
mkdirSync(folder);
const regular = join(dir, 'real.jsonl');
writeFileSync(regular, ddcLine({operation: 'op', end: Date.now() / 1000, duration: 0.1}));

const cases: Array<[string, string, RegExp]> = [
	['a FIFO', fifo, /is a FIFO \(named pipe\), not a regular file/],
	['a link to /dev/zero', zeroLink, /is a character device, not a regular file/],
	['/dev/zero itself', '/dev/zero', /\/dev\/zero is a character device, not a regular file/],
	['a directory', folder, /is a directory, not a regular file/],
];

for (const [name, target, message] of cases) {
	for (const [mode, args] of [
		['--once', ['--once', '--no-docker', '--metrics', target]],
		['export', ['export', '--no-docker', '--metrics', target, '--out', join(dir, 'out.json')]],
		['cleanup', ['cleanup', '--days', '1', '--yes', '--metrics', target]],
	] as const) {
		test(`${mode} with --metrics at ${name}: one line on stderr, exit 2, at once`, async () => {
			const r = await runCli([...args], {cwd: dir, timeoutMs: 15_000});
			assert.equal(r.signal, null, `ended by itself (took ${r.ms} ms)`);
			assert.equal(r.code, 2, r.stderr);
			assert.match(r.stderr, message);
			assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
			assert.equal(r.stdout, '');
			assert.equal(existsSync(join(dir, 'out.json')), false, 'no export written');
		});
	}
}

test('cleanup refused at a FIFO leaves nothing behind in its directory (no lock, temp or backup)', async () => {
	const before = readdirSync(dir).sort();
	const r = await runCli(['cleanup', '--days', '1', '--yes', '--metrics', fifo], {cwd: dir, timeoutMs: 15_000});
	assert.equal(r.code, 2);
	assert.deepEqual(readdirSync(dir).sort(), before);
});

test('the live view refuses the same paths before it takes the screen (a terminal on stdout)', () => {
	for (const [, target, message] of cases) {
		assert.throws(
			() => parseCli({argv: ['--metrics', target, '--no-docker'], cwd: dir, env: {}, stdoutIsTTY: true}),
			(error: unknown) => error instanceof UsageError && message.test(error.message),
		);
	}
	// A regular file passes, so the check is about the type and nothing else.
	const ok = parseCli({argv: ['--metrics', regular, '--no-docker'], cwd: dir, env: {}, stdoutIsTTY: true});
	assert.equal(ok.kind, 'run');
});

test('reading a whole file opens a FIFO without waiting for a writer and refuses it by its open fd', async () => {
	await assert.rejects(
		openRegularFile(fifo),
		(error: unknown) => error instanceof NotRegularFileError && error.kind === 'a FIFO (named pipe)',
	);
	await assert.rejects(ingestWholeFile(zeroLink, new MetricsIngest(), 0), NotRegularFileError);
	const ingest = new MetricsIngest();
	await ingestWholeFile(regular, ingest, Date.now() / 1000);
	assert.equal(ingest.linesRead, 1);
});

test('--once past the command line check (the path swapped afterwards): still one line and exit 2', async () => {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let err = '';
	stderr.on('data', (c: Buffer) => (err += c.toString()));
	const code = await runOnce({
		config: {
			metricsPath: fifo,
			window: '24h',
			filter: '',
			intervalMs: 1000,
			docker: false,
			poll: false,
			demo: false,
			once: true,
			json: false,
		},
		clock: () => Date.now(),
		stdout,
		stderr,
	});
	assert.equal(code, 2);
	assert.match(err, /^ddc-top: .*performance_metrics\.jsonl is a FIFO \(named pipe\), not a regular file\n$/);
});
