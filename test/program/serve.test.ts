/**
 * `ddc-top serve` and `--listen` as an operator runs them (the built CLI): usage errors, a token, a scrape
 * that promtool accepts, SIGTERM, an address in use; prom-client loads only on these paths.
 */

import assert from 'node:assert/strict';
import {type ChildProcess, execFileSync, spawn, spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {BIN, runCli} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {parseExposition, sampleValue} from '../helpers/prom-text.js';
import {tempDir} from '../helpers/temp-dir.js';
import {recordChild} from '../helpers/test-run.js';
import {waitFor} from '../helpers/wait-for.js';

const MODULE_LOG = fileURLToPath(new URL('../helpers/module-log.mjs', import.meta.url));
const children: ChildProcess[] = [];

after(async () => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function metricsFile(dir: string, calls = 30): string {
	const file = path.join(dir, 'm.jsonl');
	const now = Date.now() / 1000;
	writeFileSync(
		file,
		Array.from({length: calls}, (_, i) => ddcLine({operation: 'config_load', end: now - 60 + i, duration: 0.1, success: i % 3 !== 0})).join(
			'',
		),
	);
	return file;
}

/** Starts `ddc-top serve` on a port of the system's choosing; resolves once it says where it listens. */
async function startServe(args: string[]): Promise<{child: ChildProcess; url: string; output: () => string}> {
	const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	recordChild(child.pid!);
	children.push(child);
	let output = '';
	child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
	await waitFor(() => /http:\/\/\S+\/metrics/.test(output) || child.exitCode !== null, 20_000, 'serve listening');
	const url = /(http:\/\/\S+)\/metrics/.exec(output)?.[1];
	assert.ok(url, output);
	return {child, url, output: () => output};
}

/** Scrapes until the exposition holds `wanted` (the file is read at the first refresh), with a deadline. */
async function scrapeUntil(url: string, headers: Record<string, string>, wanted: string): Promise<string> {
	let text = '';
	const deadline = Date.now() + 20_000;
	while (!text.includes(wanted)) {
		if (Date.now() > deadline) assert.fail(`${url}: no ${wanted} in 20 s: ${text.slice(0, 300)}`);
		text = await fetch(url, {headers}).then(
			(r) => r.text(),
			() => '',
		);
		if (!text.includes(wanted)) await new Promise((r) => setTimeout(r, 100));
	}
	return text;
}

function exited(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
}

function packagesOf(args: string[], dir: string): Set<string> {
	const log = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
	spawnSync(process.execPath, ['--import', MODULE_LOG, BIN, ...args], {env: {...process.env, DDC_TOP_MODULE_LOG: log}, timeout: 60_000});
	return new Set([...readFileSync(log, 'utf8').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]));
}

test('usage errors exit 2 with one line: a bad address, a missing or empty token file, --listen with --once', async () => {
	const dir = tempDir();
	const file = metricsFile(dir);
	const empty = path.join(dir, 'empty');
	writeFileSync(empty, '\n');
	const cases: Array<[string[], RegExp]> = [
		[['serve', '--listen', 'nowhere'], /--listen must be HOST:PORT/],
		[['serve', '--listen', 'example.com:9464'], /IPv4 address/],
		[['serve', '--listen-token-file', path.join(dir, 'absent')], /--listen-token-file: not found/],
		[['serve', '--listen-token-file', empty], /is empty/],
		[['serve', '--bogus'], /unknown flag --bogus/],
		[['serve', '--container', 'ddc', '--no-docker'], /cannot be combined with --no-docker/],
		[['serve', '--container', 'ddc', '--metrics', 'relative.jsonl'], /absolute path inside it/],
		[['--listen', '127.0.0.1:0', '--once', '--metrics', file], /--listen goes with the live view/],
		[['--listen-token-file', empty, '--metrics', file], /--listen-token-file needs --listen/],
	];
	for (const [args, message] of cases) {
		const r = await runCli(args);
		assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, message);
		assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
	}
	const help = await runCli(['serve', '--help']);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /Usage: ddc-top serve/);
	assert.match((await runCli(['--help'])).stdout, /--listen ADDR/);
});

test('prom-client is loaded by serve alone: not by --version, --once or serve --help', () => {
	const dir = tempDir();
	const file = metricsFile(dir);
	assert.equal(packagesOf(['--version'], dir).size, 0);
	assert.equal(packagesOf(['--once', '--no-docker', '--metrics', file], dir).has('prom-client'), false);
	assert.equal(packagesOf(['serve', '--help'], dir).has('prom-client'), false);
});

test('serve: a token-protected scrape promtool accepts, counts from the file, then exit 0 on SIGTERM', async () => {
	const dir = tempDir();
	const file = metricsFile(dir, 30);
	const tokenFile = path.join(dir, 'token');
	writeFileSync(tokenFile, 'abc123-token\n', {mode: 0o600});
	const serve = await startServe(['--no-docker', '--metrics', file, '--listen-token-file', tokenFile]);
	assert.equal((await fetch(`${serve.url}/metrics`)).status, 401);
	const auth = {Authorization: 'Bearer abc123-token'};
	const text = await scrapeUntil(`${serve.url}/metrics`, auth, 'ddc_operation_calls_total');
	const samples = parseExposition(text);
	assert.equal(sampleValue(samples, 'ddc_operation_calls_total', {operation: 'config_load', result: 'success'}), 20);
	assert.equal(sampleValue(samples, 'ddc_operation_calls_total', {operation: 'config_load', result: 'failure'}), 10);
	assert.equal((await fetch(`${serve.url}/healthz`, {headers: auth})).status, 200);
	assert.equal(execFileSync('promtool', ['check', 'metrics'], {input: text, encoding: 'utf8'}).trim(), '');
	serve.child.kill('SIGTERM');
	assert.equal(await exited(serve.child), 0, serve.output());
	assert.doesNotMatch(serve.output(), /warning/, 'loopback: no warning');
});

test('an address in use: exit 1 with one line naming it', async () => {
	const blocker: Server = createServer();
	await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
	after(() => blocker.close());
	const port = (blocker.address() as {port: number}).port;
	const r = await runCli(['serve', '--listen', `127.0.0.1:${port}`, '--no-docker', '--metrics', metricsFile(tempDir())]);
	assert.equal(r.code, 1, r.stderr);
	assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
});

test('--listen beside the live view: the view draws and the same figures are scraped; q quits both', async () => {
	const dir = tempDir();
	const file = metricsFile(dir, 9);
	const blocker: Server = createServer();
	await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
	const port = (blocker.address() as {port: number}).port;
	await new Promise<void>((resolve) => blocker.close(() => resolve()));
	const command = `stty rows 30 cols 120 && exec '${process.execPath}' '${BIN}' --no-docker --metrics '${file}' --listen 127.0.0.1:${port}`;
	const child = spawn('script', ['-q', '-f', '-e', '-E', 'never', '-c', command, '/dev/null'], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {...process.env, TERM: 'xterm-256color'},
	});
	recordChild(child.pid!);
	children.push(child);
	let out = '';
	child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
	await waitFor(() => out.includes('config_load'), 20_000, 'the first frame');
	const text = await scrapeUntil(`http://127.0.0.1:${port}/metrics`, {}, 'ddc_operation_calls_total');
	assert.equal(sampleValue(parseExposition(text), 'ddc_operation_calls_total', {operation: 'config_load', result: 'success'}), 6);
	child.stdin!.write('q');
	assert.equal(await exited(child), 0);
	await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'the exporter stopped with the view');
});
