/**
 * `ddc-top serve` scraped by a REAL Prometheus (Debian's package, .ci/run installs it), both on 127.0.0.1:
 * Prometheus runs with a generated config (scrape and rule evaluation every 1 s, deploy/'s alert rules), a
 * temporary storage directory, and is stopped at the end; the containers are the private test engine's.
 * What Prometheus computes from the exposition must be what ddc-top itself says: p95, call counts, a
 * container's memory; a file replaced mid-run must read as a counter reset, never as a negative rate.
 */

import assert from 'node:assert/strict';
import {type ChildProcess, execFile, spawn} from 'node:child_process';
import {readFileSync, renameSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import {DURATION_BUCKETS} from '../../source/core/prometheus-buckets.js';
import {BIN, REPO} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {createContainers, ENGINE_HOST, engineEnv, ensureEngine} from '../helpers/docker-engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {recordChild} from '../helpers/test-run.js';
import {waitFor} from '../helpers/wait-for.js';

const run = promisify(execFile);
const containers = createContainers('ddctop-prom');
const children: ChildProcess[] = [];
let idler: {id: string; name: string};

before(async () => {
	await ensureEngine();
	idler = await containers.run('idler', ['--memory', '64m'], ['sleep', '100000']);
});

after(async () => {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
	}
	await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.on('exit', r)))));
	await containers.removeAll();
});

/** A port free on 127.0.0.1 now (for Prometheus, which has no "pick one" of its own). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => resolve(port));
		});
	});
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): {child: ChildProcess; output: () => string} {
	const child = spawn(command, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
	recordChild(child.pid!);
	children.push(child);
	let output = '';
	child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
	return {child, output: () => output};
}

/** The file's calls: config_load from 5 ms to 803 ms (every 10th failed), docker_action from 50 ms to 3 s. */
function metricsBody(nowSeconds: number, configCalls: number): string {
	const lines: string[] = [];
	for (let i = 0; i < configCalls; i++) {
		lines.push(
			ddcLine({operation: 'config_load', end: nowSeconds - 3000 + i / 10, duration: 0.005 + (i % 400) * 0.002, success: i % 10 !== 0}),
		);
	}
	for (let i = 0; i < 300; i++) {
		lines.push(ddcLine({operation: 'docker_action', end: nowSeconds - 2000 + i, duration: 0.05 + (i % 100) * 0.0295, success: true}));
	}
	return lines.join('');
}

interface Vector {
	metric: Record<string, string>;
	value: [number, string];
}

function bucketIndex(seconds: number): number {
	const i = DURATION_BUCKETS.findIndex((b) => seconds <= b);
	return i === -1 ? DURATION_BUCKETS.length : i;
}

test('a real Prometheus scraping ddc-top serve: quantiles, counts, container memory and a replaced file', {timeout: 180_000}, async (t) => {
	const dir = tempDir('ddc-top-prom-');
	const file = path.join(dir, 'performance_metrics.jsonl');
	const now = Date.now() / 1000;
	writeFileSync(file, metricsBody(now, 2000));

	const serve = start(
		process.execPath,
		[BIN, 'serve', '--listen', '127.0.0.1:0', '--metrics', file, '--docker-host', ENGINE_HOST],
		engineEnv(),
	);
	await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/metrics/.test(serve.output()), 20_000, `serve's address (${serve.output()})`);
	const target = /http:\/\/(127\.0\.0\.1:\d+)\/metrics/.exec(serve.output())![1];

	const promPort = await freePort();
	const config = path.join(dir, 'prometheus.yml');
	writeFileSync(
		config,
		[
			'global:',
			'  scrape_interval: 1s',
			'  evaluation_interval: 1s',
			'rule_files:',
			`  - ${path.join(REPO, 'deploy/ddc-top.rules.yml')}`,
			'scrape_configs:',
			'  - job_name: ddc-top',
			'    static_configs:',
			`      - targets: ['${target}']`,
			'',
		].join('\n'),
	);
	const prometheus = start(
		'prometheus',
		[
			`--config.file=${config}`,
			`--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
			`--web.listen-address=127.0.0.1:${promPort}`,
			'--log.level=warn',
		],
		{PATH: process.env.PATH},
	);
	const api = `http://127.0.0.1:${promPort}`;
	const query = async (expr: string): Promise<Vector[]> => {
		const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
		const body = (await res.json()) as {status: string; error?: string; data: {result: Vector[]}};
		assert.equal(body.status, 'success', `${expr}: ${body.error}`);
		return body.data.result;
	};
	const scalar = async (expr: string): Promise<number | undefined> => {
		const result = await query(expr);
		assert.ok(result.length <= 1, `${expr}: ${result.length} series`);
		return result[0] === undefined ? undefined : Number(result[0].value[1]);
	};
	const until = async (expr: string, ok: (v: number | undefined) => boolean, what: string, timeoutMs = 30_000) => {
		let last: number | undefined;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			last = await scalar(expr).catch(() => undefined);
			if (ok(last)) return last;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${expr} = ${last}\n${prometheus.output()}`);
			await new Promise((r) => setTimeout(r, 250));
		}
	};

	await waitFor(() => prometheus.child.exitCode === null, 1000, 'prometheus running');
	let ready = false;
	const readyDeadline = Date.now() + 60_000;
	while (!ready) {
		ready = await fetch(`${api}/-/ready`).then(
			(r) => r.ok,
			() => false,
		);
		if (!ready && (Date.now() > readyDeadline || prometheus.child.exitCode !== null))
			assert.fail(`prometheus not ready: ${prometheus.output()}`);
		if (!ready) await new Promise((r) => setTimeout(r, 200));
	}

	await t.test('the target is up and its scrapes parse (OpenMetrics, as Prometheus asks for it)', async () => {
		await until('up{job="ddc-top"}', (v) => v === 1, 'the target up');
		const targets = (await (await fetch(`${api}/api/v1/targets`)).json()) as {
			data: {activeTargets: Array<{health: string; lastError: string}>};
		};
		assert.deepEqual(
			targets.data.activeTargets.map((a) => [a.health, a.lastError]),
			[['up', '']],
		);
	});

	await t.test('calls_total equals the file counts per operation and result', async () => {
		const sel = (op: string, result: string) => `ddc_operation_calls_total{operation="${op}",result="${result}"}`;
		await until(sel('config_load', 'success'), (v) => v === 1800, 'config_load successes');
		assert.equal(await scalar(sel('config_load', 'failure')), 200);
		assert.equal(await scalar(sel('docker_action', 'success')), 300);
		assert.equal(await scalar(sel('docker_action', 'failure')), 0);
		assert.equal(await scalar('ddc_operation_duration_seconds_count{operation="config_load"}'), 2000);
	});

	await t.test("histogram_quantile(0.95) is within one bucket of ddc-top's own p95", async () => {
		const once = await run(process.execPath, [BIN, '--once', '--json', '--no-docker', '--window', 'all', '--metrics', file], {
			env: engineEnv(),
		});
		const stats = JSON.parse(once.stdout).statistics as Record<string, {p95_duration: number}>;
		for (const op of ['config_load', 'docker_action']) {
			const q = await scalar(`histogram_quantile(0.95, sum by (le) (ddc_operation_duration_seconds_bucket{operation="${op}"}))`);
			assert.ok(q !== undefined && Number.isFinite(q), `${op}: ${q}`);
			const own = stats[op].p95_duration;
			assert.ok(Math.abs(bucketIndex(q) - bucketIndex(own)) <= 1, `${op}: Prometheus p95 ${q} s, ddc-top's ${own} s`);
			t.diagnostic(`${op}: p95 ${own} s (ddc-top), ${q} s (Prometheus)`);
		}
	});

	await t.test("a container's memory in Prometheus equals ddc-top's", async () => {
		const sel = `ddc_container_memory_used_bytes{name="${idler.name}"}`;
		await until(sel, (v) => v !== undefined && v > 0, "the idler's memory");
		// Two readers, two moments: an idle `sleep` keeps its memory, so the figures agree once both have read it.
		let last = '';
		const deadline = Date.now() + 30_000;
		for (;;) {
			const once = await run(process.execPath, [BIN, '--once', '--json', '--metrics', file, '--docker-host', ENGINE_HOST], {
				env: engineEnv(),
			});
			const rows = JSON.parse(once.stdout).ddc_top.containers as Array<{name: string; mem_used_bytes: number; mem_limit_bytes: number}>;
			const row = rows.find((r) => r.name === idler.name);
			const ours = await scalar(sel);
			const limit = await scalar(`ddc_container_memory_limit_bytes{name="${idler.name}"}`);
			last = `ddc-top ${row?.mem_used_bytes} of ${row?.mem_limit_bytes}, Prometheus ${ours} of ${limit}`;
			if (row && row.mem_used_bytes === ours && row.mem_limit_bytes === limit) break;
			if (Date.now() > deadline) assert.fail(`memory differs: ${last}`);
			await new Promise((r) => setTimeout(r, 500));
		}
		assert.equal(await scalar(`ddc_container_memory_limit_bytes{name="${idler.name}"}`), 64 * 1024 * 1024);
	});

	await t.test('a replaced file is a counter reset (resets() >= 1) with no negative rate', async () => {
		const fresh = path.join(dir, 'performance_metrics.tmp');
		writeFileSync(fresh, metricsBody(Date.now() / 1000, 500));
		// As DDC's own cleanup does it: a temp file renamed over the metrics file.
		renameSync(fresh, file);
		const sel = 'ddc_operation_calls_total{operation="config_load",result="success"}';
		await until(sel, (v) => v === 450, 'the new file counted');
		assert.equal(await scalar('ddc_metrics_file_resets_total'), 1);
		await until(`resets(${sel}[5m])`, (v) => v !== undefined && v >= 1, 'a reset seen');
		for (const expr of [
			'min(min_over_time(rate(ddc_operation_calls_total[5s])[5m:1s]))',
			'min(min_over_time(rate(ddc_operation_duration_seconds_bucket[5s])[5m:1s]))',
			'min(min_over_time(rate(ddc_metrics_lines_read_total[5s])[5m:1s]))',
		]) {
			const min = await scalar(expr);
			assert.ok(min !== undefined && min >= 0, `${expr} = ${min}`);
		}
	});

	await t.test("deploy/'s alert rules load and evaluate; every dashboard query is valid PromQL here", async () => {
		type Rule = {name: string; health: string; lastError?: string};
		let loaded: Rule[] = [];
		const deadline = Date.now() + 30_000;
		// Each rule's health is "unknown" until its group's first evaluation (every 1 s here).
		while (loaded.length === 0 || loaded.some((r) => r.health === 'unknown')) {
			if (Date.now() > deadline) assert.fail(`rules not evaluated: ${JSON.stringify(loaded)}`);
			const rules = (await (await fetch(`${api}/api/v1/rules`)).json()) as {data: {groups: Array<{rules: Rule[]}>}};
			loaded = rules.data.groups.flatMap((g) => g.rules);
			await new Promise((r) => setTimeout(r, 250));
		}
		assert.equal(loaded.length, 7);
		for (const rule of loaded) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`);
		const dashboard = JSON.parse(readFileSync(path.join(REPO, 'deploy/grafana-dashboard.json'), 'utf8')) as {
			panels: Array<{targets?: Array<{expr: string}>}>;
		};
		const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((target) => target.expr);
		assert.ok(exprs.length > 15);
		for (const expr of exprs) {
			await query(expr.replaceAll('$__rate_interval', '1m').replaceAll('$instance', '.*').replaceAll('$operation', '.*'));
		}
		const p95 = await query(
			'histogram_quantile(0.95, sum by (operation, le) (rate(ddc_operation_duration_seconds_bucket{instance=~".*", operation=~".*"}[1m])))',
		);
		assert.ok(p95.length >= 1, 'the p95 panel has series');
	});

	await t.test('both stop: serve exits 0 on SIGTERM', async () => {
		prometheus.child.kill('SIGTERM');
		serve.child.kill('SIGTERM');
		const code = await new Promise<number | null>((resolve) =>
			serve.child.exitCode !== null ? resolve(serve.child.exitCode) : serve.child.on('exit', (c) => resolve(c)),
		);
		assert.equal(code, 0, serve.output());
		await waitFor(() => prometheus.child.exitCode !== null || prometheus.child.signalCode !== null, 30_000, 'prometheus stopped');
	});
});

test('serve --container reads the metrics file inside a container through the Docker API, as the live view does', {
	timeout: 60_000,
}, async () => {
	const now = Date.now() / 1000;
	const lines = Array.from({length: 5}, (_, i) =>
		ddcLine({operation: 'mech_state', end: now - 30 + i, duration: 0.01, success: i !== 0}).trimEnd(),
	);
	const ddc = await containers.run(
		'ddc',
		[],
		[
			'sh',
			'-c',
			'mkdir -p /app/data/metrics && printf "%s\\n" "$@" > /app/data/metrics/performance_metrics.jsonl && exec sleep 100000',
			'sh',
			...lines,
		],
	);
	const serve = start(
		process.execPath,
		[BIN, 'serve', '--listen', '127.0.0.1:0', '--container', ddc.name, '--docker-host', ENGINE_HOST],
		engineEnv(),
	);
	await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/metrics/.test(serve.output()), 20_000, `serve's address (${serve.output()})`);
	assert.match(serve.output(), new RegExp(`in container ${ddc.name}`));
	const url = /(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(serve.output())![1];
	let text = '';
	const deadline = Date.now() + 30_000;
	while (!text.includes('operation="mech_state",result="failure"')) {
		if (Date.now() > deadline) assert.fail(`no mech_state calls scraped: ${serve.output()}`);
		await new Promise((r) => setTimeout(r, 250));
		text = await fetch(url).then((r) => r.text());
	}
	assert.match(text, /^ddc_operation_calls_total\{operation="mech_state",result="success"\} 4$/m);
	assert.match(text, /^ddc_operation_calls_total\{operation="mech_state",result="failure"\} 1$/m);
	serve.child.kill('SIGTERM');
	assert.equal(await new Promise((resolve) => serve.child.on('exit', resolve)), 0);
});
