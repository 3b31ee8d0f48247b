import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {ddcLine, writeMetricsFile} from '../helpers/ddc-lines.js';
import {waitFor} from '../helpers/wait-for.js';

const BIN = fileURLToPath(new URL('../../bin/ddc-top.js', import.meta.url));
const CRASH = fileURLToPath(new URL('../helpers/crash-app.tsx', import.meta.url));
const TSX = import.meta.resolve('tsx');
let dir: string;

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'ddc-top-term-'));
});
after(() => rmSync(dir, {recursive: true, force: true}));

interface Session {
	out: string;
	type(keys: string): void;
	pid(): number | undefined;
	output(): string;
	exited: Promise<number | null>;
}

/** Runs a command in a real pseudo-terminal (util-linux `script`), recording everything it writes. */
function inPty(command: string, env: Record<string, string> = {}): Session {
	const out = join(dir, `typescript-${Math.random().toString(36).slice(2)}`);
	const child = spawn('script', ['-qfec', `stty rows 30 cols 100; exec ${command}`, out], {
		env: {...process.env, TERM: 'xterm-256color', ...env},
		stdio: ['pipe', 'ignore', 'inherit'],
	});
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return {
		out,
		exited,
		type: (keys) => child.stdin.write(keys),
		output: () => (existsSync(out) ? readFileSync(out, 'latin1') : ''),
		pid() {
			// The pty's session: `script` -> our command (exec'd shell).
			const r = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
			return r ? Number(r.split(' ')[0]) : undefined;
		},
	};
}

const ENTER_ALT = '\u001B[?1049h';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/** A metrics file of its own, in a fresh directory, holding one config_load call that just ended. */
const metricsFile = (): string =>
	writeMetricsFile(mkdtempSync(join(dir, 'm-')), {kept: ddcLine({operation: 'config_load', end: Date.now() / 1000, duration: 0.5})}).file;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
	test(`${signal} restores the cursor and raw mode and leaves the alternate screen`, async () => {
		const s = inPty(`${process.execPath} ${BIN} --metrics ${metricsFile()} --no-docker --interval 200`);
		await waitFor(() => s.output().includes('config_load'), 10_000, 'the first frame');
		const pid = s.pid();
		assert.ok(pid, 'ddc-top runs in the pty');
		process.kill(pid, signal);
		await s.exited;
		const out = s.output();
		const last = out.slice(out.lastIndexOf('config_load'));
		assert.ok(out.includes(ENTER_ALT), 'entered the alternate screen');
		assert.ok(last.includes(SHOW_CURSOR), 'cursor shown again after the last frame');
		assert.ok(last.includes(LEAVE_ALT), 'left the alternate screen after the last frame');
		await waitFor(() => !existsSync(`/proc/${pid}`), 5000, 'the process to end');
	});
}

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} still closes the sources: --demo removes its temporary directory`, async () => {
		const tmp = mkdtempSync(join(dir, 'tmp-'));
		const s = inPty(`${process.execPath} ${BIN} --demo --no-docker --interval 200`, {TMPDIR: tmp});
		await waitFor(() => s.output().includes('Operations'), 10_000, 'the first frame');
		assert.equal(readdirSync(tmp).filter((name) => name.startsWith('ddc-top-demo-')).length, 1, 'the demo wrote its file');
		process.kill(s.pid()!, signal);
		await s.exited;
		await waitFor(() => readdirSync(tmp).length === 0, 5000, 'the demo directory to be removed');
	});
}

test('q quits with exit code 0; the terminal is back in cooked mode with the cursor shown', async () => {
	const s = inPty(`sh -c '${process.execPath} ${BIN} --metrics ${metricsFile()} --no-docker; echo EXIT=$?; stty -a'`);
	await waitFor(() => s.output().includes('config_load'), 10_000, 'the first frame');
	s.type('q');
	await s.exited;
	const out = s.output();
	assert.match(out, /EXIT=0/);
	const stty = out.slice(out.indexOf('EXIT=0'));
	assert.match(stty, /(^|\s)icanon(\s|$)/m, 'canonical mode restored');
	assert.match(stty, /(^|\s)echo(\s|$)/m, 'echo restored');
	assert.ok(out.lastIndexOf(LEAVE_ALT) > out.lastIndexOf('config_load'), 'left the alternate screen');
});

test('an uncaught error restores the terminal and prints a short message; stderr never draws over the view', async () => {
	const s = inPty(`${process.execPath} --import ${TSX} ${CRASH}`);
	const code = await s.exited;
	const out = s.output();
	assert.ok(out.includes(ENTER_ALT));
	const tail = out.slice(out.lastIndexOf(LEAVE_ALT));
	assert.ok(out.lastIndexOf(LEAVE_ALT) > out.lastIndexOf(ENTER_ALT), 'left the alternate screen');
	assert.match(tail, /ddc-top: unexpected error: boom from a source/);
	const view = out.slice(out.indexOf(ENTER_ALT), out.lastIndexOf(LEAVE_ALT));
	assert.doesNotMatch(view, /node --trace-warnings/, 'the raw warning was not written over the view');
	assert.doesNotMatch(view, /\?25h\u001B\[K/, 'no escape code drawn as text');
	assert.match(view, /stderr: \(node:\d+\) Warning: a warning/, 'the status line said it');
	assert.match(tail, /Warning: a warning from some library/, 'printed after the terminal was restored');
	assert.doesNotMatch(tail, /at .*\(.*:\d+:\d+\)/, 'no stack trace');
	assert.equal(code, 1);
});

test('NO_COLOR and --no-color remove every color from the live view', async () => {
	for (const [args, env] of [
		['--no-color', {}],
		['', {NO_COLOR: '1'}],
	] as const) {
		const s = inPty(`${process.execPath} ${BIN} --metrics ${metricsFile()} --no-docker ${args}`, env);
		await waitFor(() => s.output().includes('config_load'), 10_000, 'the first frame');
		process.kill(s.pid()!, 'SIGTERM');
		await s.exited;
		// SGR colors: 30-37, 39, 40-47, 49, 90-97, 100-107, 38;... and 48;...
		assert.doesNotMatch(
			s.output(),
			/\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/,
			`no colors with ${args || 'NO_COLOR'}`,
		);
	}
});
