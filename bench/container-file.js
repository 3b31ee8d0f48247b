// Issue #15 §1: the cost at rest of following the metrics file inside a container, next to following the
// same file locally. Two children, each following one file with the app's refresh (tick every 1000 ms) and
// nothing appended: one the local tailer (dist/sources/metrics-file.js, inotify), one the container
// follower (dist/sources/container-file.js) on a busybox container of the PRIVATE engine holding the
// same file. CPU from /proc/<pid>/stat (utime+stime, and for the in-container shell also cutime+cstime: its
// `ls` children), 100 % = one core; dockerd's own CPU meanwhile is printed beside (it relays the exec's
// stream). Target: the container follower (ddc-top + its shell) <= the local one + 0.5 % of a core.
// DDC_TOP_BENCH_SECONDS sets the window (default 60 s). Prints; does not assert. Needs `npm run build`.
import {execFileSync, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {benchSeconds, table} from './pty-run.js';

const TARGET_EXTRA_PERCENT = 0.5;
const ENGINE_DIR = process.env.DDC_TOP_TEST_ENGINE_DIR || '/run/ddc-top-test-engine';
const ENGINE_HOST = `unix://${path.join(ENGINE_DIR, 'docker.sock')}`;
const INSIDE = '/app/data/metrics/performance_metrics.jsonl';
// USER_HZ: 100 on every Linux ddc-top runs on (the kernel exports clock ticks in these units).
const TICKS = 100;

const docker = (...args) => execFileSync('docker', ['--host', ENGINE_HOST, ...args], {encoding: 'utf8'}).trim();

/** utime+stime (+ cutime+cstime) of a pid, in clock ticks; undefined once it is gone. */
function cpuTicks(pid, withChildren = false) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const own = Number(f[11]) + Number(f[12]);
		return withChildren ? own + Number(f[13]) + Number(f[14]) : own;
	} catch {
		return undefined;
	}
}

/** The in-container follower's pid, seen from the host (the private engine's containers are host processes). */
function followerPid() {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmd.includes('ddc-top-follow') && cmd.startsWith('sh')) return Number(entry);
		} catch {}
	}
	return undefined;
}

/** The child: follows one file, ticked every second as the app does, until killed. */
async function child(kind, target) {
	const dist = new URL('../dist/source/sources/', import.meta.url);
	let source;
	if (kind === 'local') {
		const {createMetricsFileSource} = await import(new URL('metrics-file.js', dist).href);
		source = createMetricsFileSource({path: target, ticked: true});
	} else {
		const [{createContainerFileSource}, {createDockerClient}, {parseDockerHost}] = await Promise.all([
			import(new URL('container-file.js', dist).href),
			import(new URL('docker-client.js', dist).href),
			import(new URL('../core/docker-host.js', dist).href),
		]);
		const client = createDockerClient(parseDockerHost(ENGINE_HOST, {}));
		source = createContainerFileSource({docker: client.docker, container: target, path: INSIDE, ticked: true});
	}
	let state = '';
	source.start((e) => {
		if (e.type === 'metrics-state') state = e.state.kind;
		if (state === 'following') process.stdout.write('following\n');
	});
	setInterval(() => source.tick?.(), 1000);
}

export async function benchContainerFile({seconds = benchSeconds(60)} = {}) {
	console.log(`\n== following the metrics file at rest: local (inotify) vs inside a container (one exec), ${seconds} s ==`);
	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-bench-'));
	const file = path.join(dir, 'performance_metrics.jsonl');
	const line = (i) =>
		`{"operation": "op_${i % 7}", "start_time": ${1_780_000_000 + i}, "end_time": ${1_780_000_000.25 + i}, "duration": 0.25, "success": true, "timestamp": "t", "metadata": {}}\n`;
	writeFileSync(file, Array.from({length: 20_000}, (_, i) => line(i)).join(''));
	const name = `ddc-bench-${randomBytes(3).toString('hex')}`;
	docker(
		'run',
		'-d',
		'--init',
		'--network',
		'none',
		'--name',
		name,
		'-v',
		`${dir}:/app/data/metrics:ro`,
		'local/busybox:latest',
		'sleep',
		'100000',
	);
	const self = fileURLToPath(import.meta.url);
	const kids = [];
	try {
		const start = (kind, target) => {
			const p = spawn(process.execPath, [self, '--child', kind, target], {stdio: ['ignore', 'pipe', 'inherit']});
			kids.push(p);
			return new Promise((resolve, reject) => {
				p.stdout.once('data', () => resolve(p));
				p.once('exit', (code) => reject(new Error(`the ${kind} child exited (${code}) before following`)));
			});
		};
		const local = await start('local', file);
		const inContainer = await start('container', name);
		const shell = followerPid();
		// Past start-up and the catch-up: what it costs left running.
		await delay(3000);
		const dockerdPid = Number(readFileSync(path.join(ENGINE_DIR, 'docker.pid'), 'utf8').trim());
		const before = [cpuTicks(local.pid), cpuTicks(inContainer.pid), shell && cpuTicks(shell, true), cpuTicks(dockerdPid)];
		await delay(seconds * 1000);
		const after = [cpuTicks(local.pid), cpuTicks(inContainer.pid), shell && cpuTicks(shell, true), cpuTicks(dockerdPid)];
		const pct = (i) => (before[i] === undefined || after[i] === undefined ? Number.NaN : ((after[i] - before[i]) / TICKS / seconds) * 100);
		const [l, c, s, d] = [0, 1, 2, 3].map(pct);
		const f = (p) => (Number.isFinite(p) ? `${p.toFixed(3)} %` : 'n/a');
		console.log(
			table(
				['', 'CPU (one core = 100 %)'],
				[
					['local tailer (ddc-top process)', f(l)],
					['container follower (ddc-top process)', f(c)],
					['  its shell in the container (+ its ls)', f(s)],
					['  dockerd meanwhile (relays the exec; shared engine, other load included)', f(d)],
				],
			),
		);
		const extra = c + (Number.isFinite(s) ? s : 0) - l;
		console.log(
			`container minus local: ${f(extra)} of a core, target <= ${TARGET_EXTRA_PERCENT} % (${extra <= TARGET_EXTRA_PERCENT ? 'met' : 'MISSED'}); dockerd not counted (shared engine)`,
		);
		return {local: l, container: c, shell: s, dockerd: d, extra};
	} finally {
		for (const k of kids) k.kill();
		try {
			docker('rm', '-f', name);
		} catch {}
		rmSync(dir, {recursive: true, force: true});
	}
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else if (process.argv[1] === fileURLToPath(import.meta.url)) await benchContainerFile();
