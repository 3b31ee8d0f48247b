// What the Prometheus exporter costs (issue #17): the CPU time of one scrape with 15 operations (5 of them past
// 100,000 calls, held as HDR histograms) and 20 containers, in process, unchanged and with every operation
// changed since the last scrape; and `ddc-top serve`'s own CPU at rest from /proc/<pid>/stat, scraped every
// 15 s, with --no-docker and, with DDC_TOP_BENCH_DOCKER_HOST set (the private test engine), 20 idle containers.
// "At rest" is a service that has run for a while: the first DDC_TOP_BENCH_WARMUP seconds (default 120) are
// reported apart, then DDC_TOP_BENCH_SECONDS (default 120) are measured.
// Run after `npm run build`: node bench/serve-cost.js [docker]. Prints; does not assert.
// `docker` measures only the 20 containers. DDC_TOP_BENCH_ROUNDS repeats that measurement; with
// DDC_TOP_BENCH_BASELINE_BIN (another build's bin/ddc-top.js, e.g. a copy of dist before a change) each round
// measures that build and this one back to back, so the ratio holds however loaded the machine is. Each figure
// comes with the 1-minute load average at its end.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';

const DIST = new URL('../dist/source/', import.meta.url);
const BIN = fileURLToPath(new URL('../bin/ddc-top.js', import.meta.url));
const {createStore} = await import(new URL('state/store.js', DIST));
const {createRegistry} = await import(new URL('exporter/metrics.js', DIST));
const {formatDdcLine} = await import(new URL('core/ddc-line-writer.js', DIST));

const OPS = Array.from({length: 15}, (_, i) => `operation_${i}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function lines(nowS, perOp) {
	const out = [];
	for (const [k, op] of OPS.entries()) {
		const n = k < 5 ? perOp : 1000;
		for (let i = 0; i < n; i++)
			out.push(formatDdcLine({operation: op, end: nowS - 80_000 + (i * 80_000) / n, duration: 0.001 + (i % 997) / 400}));
	}
	return out;
}

async function scrapeCost() {
	const now = Date.now();
	const store = createStore({clock: () => now, metricsPath: '/bench.jsonl'});
	const body = lines(now / 1000, 100_000);
	store.ingest({type: 'metrics-bytes', chunk: Buffer.from(body.join(''))});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x'}, sampleCurrentMs: 1e12});
	for (let c = 0; c < 20; c++) {
		store.ingest({
			type: 'container-sample',
			sample: {
				id: `id${c}`,
				name: `container-${c}`,
				state: 'running',
				cpuPercent: c,
				memUsedBytes: 1e8 + c,
				memLimitBytes: 5e8,
				memPercent: 20,
				netRxBytes: c * 1000,
				netTxBytes: c * 2000,
				blockReadBytes: 0,
				blockWriteBytes: 0,
				pids: 3,
				at: now,
			},
		});
	}
	store.ingest({
		type: 'host-sample',
		sample: {cpuPercent: 3, memUsedBytes: 1e9, memTotalBytes: 4e9, load1: 0.1, load5: 0.1, load15: 0.1, at: now},
	});
	const registry = createRegistry(() => store.live(), {openMetrics: false, version: 'bench'});
	const time = async (between) => {
		const cpu = [];
		for (let i = 0; i < 60; i++) {
			between?.(i);
			// Past the exporter's 100 ms per-scrape copy of the container table.
			await delay(110);
			const before = process.cpuUsage();
			const text = await registry.metrics();
			const used = process.cpuUsage(before);
			if (text.length < 1000) throw new Error('empty scrape');
			cpu.push((used.user + used.system) / 1000);
		}
		return cpu.slice(10);
	};
	const same = await time();
	const changed = await time((i) => {
		const more = OPS.map((op) => formatDdcLine({operation: op, end: now / 1000 - 1, duration: 0.05 + i / 1000})).join('');
		store.ingest({type: 'metrics-bytes', chunk: Buffer.from(more)});
	});
	const size = (await registry.metrics()).length;
	console.log(`one scrape, 15 operations (5 of 100,000 calls) and 20 containers, ${(size / 1024).toFixed(1)} KB of text:`);
	console.log(`  nothing changed since the last scrape: median ${median(same).toFixed(2)} ms CPU (max ${Math.max(...same).toFixed(2)})`);
	console.log(
		`  every operation changed:               median ${median(changed).toFixed(2)} ms CPU (max ${Math.max(...changed).toFixed(2)})`,
	);
}

function cpuTicks(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** Scrapes now and every 15 s until stopped; a failed scrape fails the bench. */
function scrapeEvery15s(url) {
	let stopped = false;
	let wake = () => {};
	const done = (async () => {
		while (!stopped) {
			const text = await fetch(url).then((r) => r.text());
			if (!text.includes('ddc_top_')) throw new Error('a scrape without ddc_top series');
			await new Promise((resolve) => {
				wake = resolve;
				setTimeout(resolve, 15_000);
			});
		}
	})();
	return {
		done,
		stop() {
			stopped = true;
			wake();
		},
	};
}

/** The child's CPU (all its threads) over the next `seconds`, in % of one core. */
async function cpuOver(pid, seconds) {
	const t0 = cpuTicks(pid);
	const start = performance.now();
	await delay(seconds * 1000);
	return {pct: ((cpuTicks(pid) - t0) / 100 / ((performance.now() - start) / 1000)) * 100};
}

async function restCpu(label, args, seconds, bin = BIN) {
	const dir = mkdtempSync(join(tmpdir(), 'ddc-top-serve-bench-'));
	const file = join(dir, 'm.jsonl');
	writeFileSync(file, `${lines(Date.now() / 1000, 2000).join('\n')}\n`);
	const child = spawn(process.execPath, [bin, 'serve', '--listen', '127.0.0.1:0', '--metrics', file, ...args], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let err = '';
	child.stderr.on('data', (c) => (err += c));
	try {
		for (let i = 0; i < 200 && !/http:\S+/.test(err); i++) await delay(50);
		const url = /(http:\S+\/metrics)/.exec(err)?.[1];
		if (!url) throw new Error(`serve did not start: ${err}`);
		// Scraped every 15 s, as a Prometheus would, from the start: the first minutes (the file read, V8 compiling
		// the scrape path and collecting start-up garbage) are reported apart from the rest that follows them.
		const scraping = scrapeEvery15s(url);
		try {
			await delay(2000);
			const warm = await cpuOver(child.pid, warmup);
			const rest = await cpuOver(child.pid, seconds);
			console.log(
				`  ${label}: ${rest.pct.toFixed(2)} % of one core over ${seconds} s after the first ${warmup + 2} s (${warm.pct.toFixed(2)} % in those), load ${loadavg()[0].toFixed(2)}`,
			);
			return rest.pct;
		} finally {
			scraping.stop();
			await scraping.done;
		}
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => child.on('exit', r));
		rmSync(dir, {recursive: true, force: true});
	}
}

const dockerOnly = process.argv.includes('docker');
if (!dockerOnly) await scrapeCost();
const seconds = Number(process.env.DDC_TOP_BENCH_SECONDS ?? 120);
const warmup = Number(process.env.DDC_TOP_BENCH_WARMUP ?? 120);
console.log(`ddc-top serve at rest (15 operations, a scrape every 15 s), from /proc/<pid>/stat utime+stime:`);
if (!dockerOnly) await restCpu('--no-docker', ['--no-docker'], seconds);
const dockerHost = process.env.DDC_TOP_BENCH_DOCKER_HOST;
if (dockerHost) {
	const docker = (...args) => execFileSync('docker', ['--host', dockerHost, ...args], {encoding: 'utf8'}).trim();
	const names = Array.from({length: 20}, (_, i) => `ddctop-servebench-${process.pid}-${i}`);
	const baseline = process.env.DDC_TOP_BENCH_BASELINE_BIN;
	const rounds = Number(process.env.DDC_TOP_BENCH_ROUNDS ?? 1);
	const label = '20 idle containers (--interval 5000, the default)';
	try {
		for (const name of names) docker('run', '-d', '--init', '--network', 'none', '--name', name, 'local/busybox', 'sleep', '100000');
		for (let round = 1; round <= rounds; round++) {
			const before = baseline ? await restCpu('baseline build', ['--docker-host', dockerHost], seconds, baseline) : undefined;
			const now = await restCpu(baseline ? 'this build' : label, ['--docker-host', dockerHost], seconds);
			if (before !== undefined) console.log(`  round ${round}: this build / baseline = ${(now / before).toFixed(2)}`);
		}
	} finally {
		docker('rm', '-f', ...names);
	}
}
