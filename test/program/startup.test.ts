// Start-up: each path loads only the modules it needs (issue: --version took over a second loading Ink,
// dockerode and systeminformation), and the live view's first frame already has the host line.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';
import {recordChild} from '../helpers/test-run.js';
import {VirtualScreen} from '../helpers/virtual-screen.js';
import {waitFor} from '../helpers/wait-for.js';

const BIN = fileURLToPath(new URL('../../bin/ddc-top.js', import.meta.url));
const MODULE_LOG = fileURLToPath(new URL('../helpers/module-log.mjs', import.meta.url));

/** Runs the built CLI with stdout piped; returns its exit code and the packages it loaded. */
function packagesLoaded(args: string[], dir: string): {code: number | null; stderr: string; packages: Set<string>} {
	const log = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
	const r = spawnSync(process.execPath, ['--import', MODULE_LOG, BIN, ...args], {
		encoding: 'utf8',
		cwd: dir,
		env: {...process.env, DDC_TOP_MODULE_LOG: log},
		timeout: 60_000,
	});
	const packages = new Set<string>();
	for (const m of readFileSync(log, 'utf8').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)) packages.add(m[1]);
	return {code: r.status, stderr: r.stderr, packages};
}

const HEAVY = [
	'ink',
	'react',
	'react-reconciler',
	'yoga-layout',
	'dockerode',
	'docker-modem',
	'@grpc/grpc-js',
	'systeminformation',
	'chokidar',
];

function assertNone(packages: Set<string>, forbidden: string[], what: string): void {
	const found = forbidden.filter((p) => packages.has(p));
	assert.deepEqual(found, [], `${what} loaded ${found.join(', ')}`);
}

test('--help, --version and a flag the raw check rejects load no package at all; other usage errors load meow alone', () => {
	const dir = tempDir();
	const cases: Array<[string[], number, string[]]> = [
		[['--version'], 0, []],
		[['--help'], 0, []],
		[['-h'], 0, []],
		[['--once', '--help'], 0, []],
		[['--bogus'], 2, []],
		[['--metrics'], 2, []],
		// Values are meow's to parse; nothing that draws, samples or talks to Docker loads for them.
		[['--window', '2h'], 2, ['meow']],
		[['--metrics', 'a', '--metrics', 'b'], 2, ['meow']],
	];
	for (const [args, code, packages] of cases) {
		const r = packagesLoaded(args, dir);
		assert.equal(r.code, code, r.stderr);
		assert.deepEqual([...r.packages], packages, `ddc-top ${args.join(' ')} loaded packages`);
	}
	assert.match(packagesLoaded(['--window', '2h'], dir).stderr, /--window must be one of/);
});

test('--once --no-docker loads no Ink, React, dockerode or systeminformation; a missing directory fails before Docker', () => {
	const dir = tempDir();
	const file = path.join(dir, 'm.jsonl');
	writeFileSync(file, ddcLine({operation: 'config_load', end: Date.now() / 1000 - 5, duration: 0.2, success: true}));
	const once = packagesLoaded(['--once', '--no-docker', '--metrics', file], dir);
	assert.equal(once.code, 0, once.stderr);
	assertNone(once.packages, HEAVY, '--once --no-docker');
	assert.ok(once.packages.has('hdr-histogram-js'), 'the statistics were computed (the log sees packages)');
	assert.ok(once.packages.has('meow'), 'meow parsed the flags');

	const missing = packagesLoaded(['--metrics', path.join(dir, 'no/such/dir/x.jsonl')], dir);
	assert.equal(missing.code, 2);
	assert.match(missing.stderr, /metrics file not found/);
	assert.deepEqual([...missing.packages], ['meow'], 'a missing directory fails before the statistics load');
});

test('the module log sees a CommonJS package: --once with Docker loads dockerode (control for the tests above)', () => {
	const dir = tempDir();
	const file = path.join(dir, 'm.jsonl');
	writeFileSync(file, ddcLine({operation: 'config_load', end: Date.now() / 1000 - 5, duration: 0.2, success: true}));
	// A socket path that does not exist: dockerode is loaded and fails to connect; no daemon is involved.
	const r = packagesLoaded(['--once', '--metrics', file, '--docker-host', `unix://${dir}/absent.sock`], dir);
	assert.equal(r.code, 0, r.stderr);
	assert.ok(r.packages.has('dockerode'), `dockerode not seen in ${[...r.packages].join(', ')}`);
	assertNone(r.packages, ['ink', 'react', 'systeminformation'], '--once with Docker');
});

test('the live view: the host line is in the first frame with --interval 10000', async () => {
	const dir = tempDir();
	const file = path.join(dir, 'm.jsonl');
	writeFileSync(file, ddcLine({operation: 'config_load', end: Date.now() / 1000 - 5, duration: 0.2, success: true}));
	const command = `stty rows 30 cols 120 && exec '${process.execPath}' '${BIN}' --no-docker --interval 10000 --metrics '${file}'`;
	// `script` gives the view a real terminal; ended by its pid afterwards (see liveInPty).
	const child = spawn('script', ['-q', '-f', '-E', 'never', '-c', command, '/dev/null'], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {...process.env, TERM: 'xterm-256color'},
	});
	recordChild(child.pid!);
	let out = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
	const started = Date.now();
	try {
		// Each frame is one synchronized update; the first one is complete once its end marker is written.
		await waitFor(() => out.includes('\u001B[?2026l'), 20_000, 'the first frame');
		const firstFrame = out.slice(0, out.indexOf('\u001B[?2026l'));
		const visible = firstFrame.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
		assert.match(visible, /CPU \d+\.\d%/, 'the host line with a measured CPU %');
		assert.match(visible, /LOAD \d/);
		assert.ok(Date.now() - started < 10_000, 'drawn before the first 10 s refresh');
	} finally {
		try {
			child.kill('SIGTERM');
		} catch {
			// already gone
		}
		await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
	}
});

test('the live view loads Ink and React only at the first key that opens an overlay, which it then handles: ? opens the help', async () => {
	const dir = tempDir();
	const file = path.join(dir, 'm.jsonl');
	const log = path.join(dir, 'modules.txt');
	writeFileSync(file, ddcLine({operation: 'config_load', end: Date.now() / 1000 - 5, duration: 0.2, success: true}));
	const command = `stty rows 30 cols 120 && exec '${process.execPath}' --import '${MODULE_LOG}' '${BIN}' --no-docker --metrics '${file}'`;
	const child = spawn('script', ['-q', '-f', '-E', 'never', '-c', command, '/dev/null'], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {...process.env, TERM: 'xterm-256color', DDC_TOP_MODULE_LOG: log},
	});
	recordChild(child.pid!);
	let out = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
	const loaded = (name: string) => readFileSync(log, 'utf8').includes(`/node_modules/${name}/`);
	try {
		await waitFor(() => out.includes('config_load') && out.includes('CPU '), 20_000, 'the first frame');
		assert.equal(loaded('ink'), false, 'Ink loaded before any key');
		assert.equal(loaded('react'), false, 'React loaded before any key');
		child.stdin.write('?');
		await waitFor(() => out.includes('show / hide this help'), 20_000, 'the help overlay after the first key');
		assert.equal(loaded('ink'), true, 'Ink drew the help');
	} finally {
		try {
			child.kill('SIGTERM');
		} catch {
			// already gone
		}
		await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
	}
});

test('the compile cache: in $XDG_CACHE_HOME/ddc-top on Node >= 22.1, nothing on older Node, silently skipped when unwritable', () => {
	const dir = tempDir();
	const env = {...process.env};
	delete env.NODE_DISABLE_COMPILE_CACHE;
	delete env.NODE_COMPILE_CACHE;
	const run = (cacheHome: string) =>
		spawnSync(process.execPath, [BIN, '--version'], {encoding: 'utf8', env: {...env, XDG_CACHE_HOME: cacheHome}});
	const ok = run(dir);
	assert.equal(ok.status, 0);
	assert.equal(ok.stderr, '');
	const cache = path.join(dir, 'ddc-top');
	if (typeof (module as {enableCompileCache?: unknown}).enableCompileCache === 'function') {
		assert.ok(existsSync(cache) && readdirSync(cache).length > 0, `no compile cache in ${cache} on node ${process.version}`);
	} else {
		assert.equal(existsSync(cache), false, `node ${process.version} has no compile cache, yet ${cache} was made`);
	}
	// A regular file where the cache directory would go: it cannot be created, and that is not an error.
	const blocked = path.join(dir, 'a-file');
	writeFileSync(blocked, '');
	const skipped = run(blocked);
	assert.equal(skipped.status, 0);
	assert.match(skipped.stdout, /^\d+\.\d+\.\d+\n$/);
	assert.equal(skipped.stderr, '');
});

/**
 * The live view in a 120x30 pty (`script`), with the module log: what it drew (as a screen), whether a
 * package was loaded, keys typed, and its end. `script` stays in the run's process group, so a run ended by
 * Ctrl-C or by its group ends it too, and passes SIGTERM on to the view; it is recorded for the next run to
 * end should this process be killed alone before its stop().
 */
function liveInPty(dir: string) {
	const file = path.join(dir, 'm.jsonl');
	const log = path.join(dir, 'modules.txt');
	writeFileSync(file, ddcLine({operation: 'config_load', end: Date.now() / 1000 - 5, duration: 0.2, success: true}));
	const command =
		`stty rows 30 cols 120 && exec '${process.execPath}' --import '${MODULE_LOG}' '${BIN}'` +
		` --no-docker --window 1h --metrics '${file}'`;
	const child = spawn('script', ['-q', '-f', '-e', '-E', 'never', '-c', command, '/dev/null'], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {...process.env, TERM: 'xterm-256color', DDC_TOP_MODULE_LOG: log},
	});
	recordChild(child.pid!);
	let out = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return {
		output: () => out,
		screen(): string[] {
			const screen = new VirtualScreen(120, 30);
			screen.write(out.replace(/[\r\n]/g, ''));
			return Array.from({length: 30}, (_, r) => screen.text(r));
		},
		loaded: (name: string) => readFileSync(log, 'utf8').includes(`/node_modules/${name}/`),
		type: (keys: string) => child.stdin.write(keys),
		exited,
		async stop() {
			try {
				child.kill('SIGTERM');
			} catch {
				// already gone
			}
			await exited;
		},
	};
}

for (const [name, key] of [
	['q', 'q'],
	['Ctrl-C', '\u0003'],
] as const) {
	test(`${name} as the first key quits at once, without loading Ink or React`, async () => {
		const view = liveInPty(tempDir());
		try {
			await waitFor(() => view.output().includes('config_load') && view.output().includes('CPU '), 20_000, 'the first frame');
			const typed = Date.now();
			view.type(key);
			const code = await Promise.race([view.exited, new Promise((resolve) => setTimeout(resolve, 10_000, 'running'))]);
			const elapsed = Date.now() - typed;
			assert.equal(code, 0, `exit code after ${name} (${elapsed} ms)`);
			assert.equal(view.loaded('ink'), false, `Ink was loaded to quit (${elapsed} ms)`);
			assert.equal(view.loaded('react'), false, 'React was loaded to quit');
			// The terminal was given back: the alternate screen was left.
			assert.ok(view.output().lastIndexOf('\u001B[?1049l') > view.output().indexOf('config_load'), 'the alternate screen was left');
		} finally {
			await view.stop();
		}
	});
}

test(
	'w, s, Tab, the filter and arrows as first keys change the frame without loading Ink;' + ' ? then loads it and shows the help',
	async () => {
		const view = liveInPty(tempDir());
		const header = () => view.screen()[0] ?? '';
		try {
			await waitFor(() => view.output().includes('config_load') && view.output().includes('CPU '), 20_000, 'the first frame');
			assert.match(header(), /window 1h · sort p95▼/);
			view.type('w');
			await waitFor(() => header().includes('window 24h'), 10_000, 'w: the 24h window');
			view.type('s');
			await waitFor(() => !/sort p95/.test(header()), 10_000, 's: the next sort column');
			// Without Docker the containers table is not drawn: Tab keeps the focus, and the filter below is the operations'.
			view.type('\t');
			// One read with several keys, an arrow among them: the arrow's bytes are not typed into the filter.
			view.type('/con\u001B[Afig\r');
			await waitFor(() => header().includes('filter config'), 10_000, 'the filter applied');
			assert.ok(!header().includes('['), `an arrow's bytes became text: ${header()}`);
			assert.equal(view.loaded('ink'), false, 'Ink loaded for keys that change only the dashboard');
			assert.equal(view.loaded('react'), false, 'React loaded for keys that change only the dashboard');
			view.type('?');
			await waitFor(() => view.output().includes('show / hide this help'), 20_000, 'the help overlay');
			assert.equal(view.loaded('ink'), true, 'Ink drew the help');
			// Ink owns the keys now: ? closes the help, q quits.
			view.type('?');
			await waitFor(() => !view.screen().some((line) => line.includes('show / hide this help')), 10_000, 'the help closed');
			view.type('q');
			assert.equal(await view.exited, 0);
		} finally {
			await view.stop();
		}
	},
);
