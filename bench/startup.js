// How fast each path answers, as whole processes, against a bare `node -e 0` run in the same
// loop (median of 5, interleaved, so a busy machine slows both alike); the first live frame and the RSS at
// rest in a real pty; and --once --json over 1,000,000 lines against DDC's own get_stats (Python).
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import module from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {generateMetricsFile} from './generate.js';
import {startInPty, table} from './pty-run.js';

const BIN = fileURLToPath(new URL('../bin/ddc-top.js', import.meta.url));
const GET_STATS = fileURLToPath(new URL('./ddc_get_stats.py', import.meta.url));
const RUNS = 5;
const ms = (n) => `${Math.round(n)} ms`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Wall time of one whole process, in ms; its exit code is checked against `expect`. */
function timeRun(args, expect, env = process.env) {
	const t = process.hrtime.bigint();
	const r = spawnSync(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, env});
	const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
	if (r.status !== expect) throw new Error(`node ${args.join(' ')}: exit ${r.status}, expected ${expect}: ${r.stderr}`);
	return elapsed;
}

async function ensureFile(name, options) {
	const dir = join(tmpdir(), 'ddc-top-bench');
	mkdirSync(dir, {recursive: true});
	const path = join(dir, name);
	// Regenerated when older than a day: the windows (1h, 24h) are relative to now.
	if (!existsSync(path) || Date.now() - statSync(path).mtimeMs > 86_400_000) await generateMetricsFile(path, options);
	return path;
}

/** Time from spawning to the first frame that shows `marker` in a 120x40 pty, in ms (script's own start included). */
async function firstFrameMs(argv, marker) {
	const shell = `stty rows 40 cols 120 && exec ${argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`;
	const t = performance.now();
	// Its own process group, so the pty, the shell and the command are ended together by the group's id.
	const child = spawn('script', ['-q', '-f', '-E', 'never', '-c', shell, '/dev/null'], {
		detached: true,
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {...process.env, TERM: 'xterm-256color'},
	});
	let text = '';
	try {
		return await new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`${argv.join(' ')}: no frame with "${marker}" in 20 s`)), 20_000);
			child.stdout.on('data', (chunk) => {
				text += chunk.toString('utf8');
				if (text.includes(marker)) {
					clearTimeout(timer);
					resolve(performance.now() - t);
				}
			});
			child.on('exit', () => {
				clearTimeout(timer);
				reject(new Error(`${argv.join(' ')} ended before a frame with "${marker}"`));
			});
		});
	} finally {
		child.removeAllListeners('exit');
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			// already gone
		}
		await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
	}
}

function rssBytes(pid) {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : NaN;
}

export async function benchStartup() {
	const small = await ensureFile('startup-1000.jsonl', {lines: 1000, days: 1});
	const demoLike = await ensureFile('startup-rest-15ops.jsonl', {lines: 20_000, days: 1});
	const big = await ensureFile('metrics-1000000.jsonl', {lines: 1_000_000});
	const missing = '/nonexistent/dir/x.jsonl';

	const cases = [
		['node -e 0 (baseline)', ['-e', '0'], 0],
		['--version', [BIN, '--version'], 0, 80],
		['--help', [BIN, '--help'], 0, 80],
		['usage error: --bogus', [BIN, '--bogus'], 2, 150],
		['usage error: --window 2h', [BIN, '--window', '2h'], 2, 150],
		['--once --no-docker, 1,000 lines', [BIN, '--once', '--no-docker', '--metrics', small], 0, 250],
		[`missing directory: --metrics ${missing}`, [BIN, '--metrics', missing], 2, 250],
	];
	const times = cases.map(() => []);
	for (let i = 0; i < RUNS; i++)
		cases.forEach(([, args, expect], c) => {
			times[c].push(timeRun(args, expect));
		});
	const base = median(times[0]);
	console.log(`\n== startup (node ${process.version}, whole process, median of ${RUNS} interleaved with the baseline) ==`);
	const rows = cases.map(([name, , , budget], c) => {
		const m = median(times[c]);
		const over = m - base;
		return [
			name,
			ms(m),
			c === 0 ? '' : `${over < 0 ? '-' : '+'}${ms(Math.abs(over))}`,
			budget === undefined ? '' : `<= +${budget} ms ${over <= budget ? 'ok' : 'OVER'}`,
		];
	});
	console.log(table(['path', 'median', 'vs node -e 0', 'target'], rows));
	await benchCompileCache(small);

	// The live view: the first frame that has the operations and the host line, in a real terminal.
	const frames = [];
	const ptyBase = [];
	for (let i = 0; i < RUNS; i++) {
		ptyBase.push(await firstFrameMs([process.execPath, '-e', "process.stdout.write('ready\\n'); setTimeout(() => {}, 60000)"], 'ready'));
		frames.push(await firstFrameMs([process.execPath, BIN, '--no-docker', '--metrics', small], 'CPU '));
	}
	const frame = median(frames);
	console.log(
		`first live frame (--no-docker, with the host line): ${ms(frame)}  target <= 500 ms ${frame <= 500 ? 'ok' : 'OVER'}` +
			`  (a bare node printing a line in the same pty: ${ms(median(ptyBase))})`,
	);

	await benchRestRss(demoLike);

	// --once --json over 1,000,000 lines against DDC's get_stats on the same file, whole processes both.
	const oursRuns = [];
	for (let i = 0; i < 3; i++) oursRuns.push(timeRun([BIN, '--once', '--json', '--window', 'all', '--no-docker', '--metrics', big], 0));
	const ours = median(oursRuns);
	const oursDoc = JSON.parse(
		execFileSync(process.execPath, [BIN, '--once', '--json', '--window', 'all', '--no-docker', '--metrics', big], {
			encoding: 'utf8',
			maxBuffer: 64 << 20,
		}),
	);
	let python;
	let ddc;
	try {
		const t = process.hrtime.bigint();
		ddc = JSON.parse(execFileSync('python3', [GET_STATS, big, '--all'], {encoding: 'utf8', maxBuffer: 64 << 20}));
		python = Number(process.hrtime.bigint() - t) / 1e6;
	} catch (error) {
		console.log(`DDC get_stats (python3) could not run: ${error.message.split('\n')[0]}`);
	}
	console.log(`--once --json --window all --no-docker, 1,000,000 lines: ${ms(ours)} (median of 3)`);
	if (python !== undefined) {
		const ratio = python / ours;
		console.log(
			`DDC get_stats (python3 ${GET_STATS.split('/').pop()} --all), same file: ${ms(python)}` +
				`  ->  ${ratio.toFixed(1)}x faster  target >= 12x ${ratio >= 12 ? 'ok' : 'UNDER'}`,
		);
		let worst = 0;
		let where = '';
		for (const [op, s] of Object.entries(ddc.statistics)) {
			const mine = oursDoc.statistics?.[op];
			if (!mine) throw new Error(`ddc-top has no statistics for ${op}`);
			if (mine.total_calls !== s.total_calls) throw new Error(`${op}: ${mine.total_calls} calls, DDC ${s.total_calls}`);
			for (const key of ['p50_duration', 'p95_duration', 'p99_duration', 'avg_duration', 'min_duration', 'max_duration']) {
				const rel = Math.abs(mine[key] - s[key]) / Math.max(Math.abs(s[key]), 1e-12);
				if (rel > worst) [worst, where] = [rel, `${op} ${key}`];
			}
		}
		console.log(`same calls per operation as DDC; largest difference in min/avg/max/p50/p95/p99: ${(worst * 100).toFixed(3)} % (${where})`);
	}
}

/**
 * Memory at rest, alone: `node -e "import('./bench/startup.js').then((m) => m.benchRestRss())"`.
 */
export async function benchRestRss(demoLike) {
	// Memory at rest: the live view on a 15-operation file, 5 s after its first frame, before any key (Ink
	// not loaded), then 5 s after the help was opened and closed (Ink, React and yoga loaded).
	demoLike ??= await ensureFile('startup-rest-15ops.jsonl', {lines: 20_000, days: 1});
	const rest = await restRss([process.execPath, BIN, '--no-docker', '--metrics', demoLike]);
	const mb = (bytes) => bytes / 1024 / 1024;
	console.log(
		'RSS at rest (live view --no-docker, 15 operations, 20,000 lines, 5 s after the first frame), before any key:' +
			` ${mb(rest.beforeKey).toFixed(1)} MB  target <= 80 MB ${mb(rest.beforeKey) <= 80 ? 'ok' : 'OVER'}`,
	);
	console.log(`RSS at rest, same, 5 s after the help was opened and closed (Ink loaded): ${mb(rest.afterOverlay).toFixed(1)} MB`);
	await benchContainersRss(demoLike, mb);
}

/**
 * The live view's RSS 5 s after its first frame with no key typed, then 5 s after `?` opened the help and
 * `?` closed it (the first key that loads Ink). Keys that change only the dashboard do not load Ink.
 */
async function restRss(argv, env = {}) {
	const view = await startInPty({argv, columns: 120, rows: 40, executable: process.execPath, env});
	try {
		const until = async (condition, what) => {
			const deadline = Date.now() + 30_000;
			while (!condition()) {
				if (Date.now() > deadline) throw new Error(`the live view: no ${what} in 30 s`);
				await delay(50);
			}
		};
		await until(() => view.transcript().includes('CPU '), 'first frame');
		await delay(5000); // at rest: a measurement choice, not a wait for a condition
		const beforeKey = rssBytes(view.pid);
		view.type('?');
		await until(() => view.transcript().includes('show / hide this help'), 'help overlay');
		const frames = view.output().frames;
		view.type('?');
		await until(() => view.output().frames > frames, 'frame after closing the help');
		await delay(5000);
		return {beforeKey, afterOverlay: rssBytes(view.pid)};
	} finally {
		await view.stop();
	}
}

const TEST_ENGINE = 'unix:///run/ddc-top-test-engine/docker.sock';
const BENCH_LABEL = 'ddc-top-bench=startup-rss';

/**
 * The same with 100 containers, only on the tests' private Docker engine (never the host's): skipped when
 * it does not answer. The containers (busybox, no network) are labelled and removed afterwards.
 */
async function benchContainersRss(file, mb) {
	const docker = (...args) =>
		execFileSync('docker', ['--host', TEST_ENGINE, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000});
	try {
		docker('version', '--format', '{{.Server.Version}}');
	} catch {
		console.log(`RSS at rest with 100 containers: skipped (no private Docker engine at ${TEST_ENGINE})`);
		return;
	}
	const removeOurs = () => {
		const ids = docker('ps', '-aq', '--filter', `label=${BENCH_LABEL}`).split('\n').filter(Boolean);
		if (ids.length > 0) docker('rm', '-f', ...ids);
	};
	try {
		removeOurs();
		for (let i = 0; i < 100; i++) docker('run', '-d', '--network', 'none', '--label', BENCH_LABEL, 'local/busybox', 'sleep', '100000');
		const running = docker('ps', '-q', '--filter', `label=${BENCH_LABEL}`).split('\n').filter(Boolean).length;
		const rest = await restRss([process.execPath, BIN, '--docker-host', TEST_ENGINE, '--metrics', file]);
		console.log(
			`RSS at rest (live view with Docker, ${running} containers running, 15 operations), before any key:` +
				` ${mb(rest.beforeKey).toFixed(1)} MB  target <= 100 MB ${mb(rest.beforeKey) <= 100 ? 'ok' : 'OVER'}`,
		);
		console.log(`RSS at rest, same, 5 s after the help was opened and closed (Ink loaded): ${mb(rest.afterOverlay).toFixed(1)} MB`);
	} catch (error) {
		console.log(`RSS at rest with 100 containers: not measured (${String(error.stderr || error.message).split('\n')[0]})`);
	} finally {
		try {
			removeOurs();
		} catch {
			// The engine went away: it took its containers with it.
		}
	}
}

/**
 * Node >= 22.1: the same paths with the compile cache that bin/ddc-top.js enables (warm, in a temporary
 * XDG_CACHE_HOME) and without it (NODE_DISABLE_COMPILE_CACHE=1), interleaved. Run this file's bench with
 * another node to measure it there: `/path/to/node22 bench/run.js startup`.
 */
export async function benchCompileCache(small) {
	if (typeof module.enableCompileCache !== 'function') {
		console.log(`compile cache: not in node ${process.version} (Node >= 22.1)`);
		return;
	}
	small ??= await ensureFile('startup-1000.jsonl', {lines: 1000, days: 1});
	const cacheHome = mkdtempSync(join(tmpdir(), 'ddc-top-cache-'));
	try {
		const warm = {...process.env, XDG_CACHE_HOME: cacheHome};
		const cold = {...process.env, NODE_DISABLE_COMPILE_CACHE: '1'};
		const paths = [
			['--help', [BIN, '--help'], 0],
			['usage error: --window 2h', [BIN, '--window', '2h'], 2],
			['--once --no-docker, 1,000 lines', [BIN, '--once', '--no-docker', '--metrics', small], 0],
			// What the first key loads in the live view (Ink, React, yoga), as one import.
			// (not through the bin, so the cache directory is given as NODE_COMPILE_CACHE, the same cache).
			[
				'Ink and the overlay (the first key)',
				[
					'--input-type=module',
					'-e',
					`await import(${JSON.stringify(new URL('../dist/source/ui/mount-ink-root.js', import.meta.url).href)})`,
				],
				0,
				{NODE_COMPILE_CACHE: join(cacheHome, 'ddc-top')},
			],
		];
		// The first run with the cache fills it.
		for (const [, args, expect, env] of paths) timeRun(args, expect, {...warm, ...env});
		const rows = paths.map(([name, args, expect, env]) => {
			const withCache = [];
			const without = [];
			for (let i = 0; i < RUNS; i++) {
				without.push(timeRun(args, expect, cold));
				withCache.push(timeRun(args, expect, {...warm, ...env}));
			}
			const a = median(without);
			const b = median(withCache);
			return [name, ms(a), ms(b), `${Math.round(((a - b) / a) * 100)} %`];
		});
		console.log(`compile cache (node ${process.version}, median of ${RUNS}, interleaved):`);
		console.log(table(['path', 'without', 'with', 'saved'], rows));
	} finally {
		rmSync(cacheHome, {recursive: true, force: true});
	}
}
