import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, test} from 'node:test';
import {DURATION_BUCKETS} from '../../source/core/prometheus-buckets.js';
import {type Exporter, startExporter} from '../../source/exporter/exporter.js';
import {createStore, type Store} from '../../source/state/store.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {parseExposition, sampleValue} from '../helpers/prom-text.js';
import {containerSample} from '../helpers/samples.js';

const NOW = 2_000_000_000_000;
const LOOPBACK = {host: '127.0.0.1', port: 0, loopback: true};

async function exporterFor(store: Store | undefined, token?: string): Promise<Exporter> {
	const exporter = await startExporter({address: LOOPBACK, token, version: '9.9.9'});
	after(() => exporter.stop());
	if (store) exporter.attach(store);
	return exporter;
}

function storeWith(lines: string[]): Store {
	const store = createStore({clock: () => NOW, metricsPath: '/nowhere.jsonl', dockerEnabled: false});
	store.ingest({type: 'metrics-lines', lines});
	return store;
}

async function scrape(exporter: Exporter, headers: Record<string, string> = {}) {
	const res = await fetch(`${exporter.url}/metrics`, {headers});
	return {status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text()};
}

/** `n` calls of `operation`, every `failEvery`-th one failed, durations from `duration(i)`. */
function calls(operation: string, n: number, duration: (i: number) => number, failEvery = 0): string[] {
	return Array.from({length: n}, (_, i) =>
		ddcLineText({operation, end: NOW / 1000 - 100 + i / 1000, duration: duration(i), success: failEvery === 0 || i % failEvery !== 0}),
	);
}

test('calls, results and histogram buckets are the file counts; _sum and _count match; the last call time is the newest end_time', async () => {
	const lines = [...calls('config_load', 300, (i) => 0.001 * (i % 100), 10), ...calls('docker_action', 50, () => 2)];
	const samples = parseExposition((await scrape(await exporterFor(storeWith(lines)))).text);
	assert.equal(sampleValue(samples, 'ddc_operation_calls_total', {operation: 'config_load', result: 'success'}), 270);
	assert.equal(sampleValue(samples, 'ddc_operation_calls_total', {operation: 'config_load', result: 'failure'}), 30);
	assert.equal(sampleValue(samples, 'ddc_operation_calls_total', {operation: 'docker_action', result: 'failure'}), 0);
	assert.equal(sampleValue(samples, 'ddc_operation_duration_seconds_count', {operation: 'config_load'}), 300);
	assert.ok(Math.abs(sampleValue(samples, 'ddc_operation_duration_seconds_sum', {operation: 'config_load'})! - 3 * 4.95) < 1e-9);
	const buckets = samples.filter((s) => s.name === 'ddc_operation_duration_seconds_bucket' && s.labels.operation === 'config_load');
	assert.deepEqual(
		buckets.map((s) => s.labels.le),
		[...DURATION_BUCKETS.map(String), '+Inf'],
	);
	// 0 .. 99 ms, three times: le=0.01 holds 0..10 ms (11 values), le=0.05 holds 0..50 ms (51), le=0.1 all.
	assert.equal(sampleValue(samples, 'ddc_operation_duration_seconds_bucket', {operation: 'config_load', le: '0.01'}), 33);
	assert.equal(sampleValue(samples, 'ddc_operation_duration_seconds_bucket', {operation: 'config_load', le: '0.05'}), 153);
	assert.equal(sampleValue(samples, 'ddc_operation_duration_seconds_bucket', {operation: 'config_load', le: '0.1'}), 300);
	assert.equal(sampleValue(samples, 'ddc_operation_duration_seconds_bucket', {operation: 'docker_action', le: '1'}), 0);
	assert.equal(sampleValue(samples, 'ddc_operation_duration_seconds_bucket', {operation: 'docker_action', le: '2.5'}), 50);
	assert.equal(sampleValue(samples, 'ddc_operation_last_call_timestamp_seconds', {operation: 'docker_action'}), NOW / 1000 - 100 + 0.049);
	assert.equal(sampleValue(samples, 'ddc_metrics_lines_read_total'), 350);
	assert.equal(sampleValue(samples, 'ddc_operations'), 2);
	assert.equal(sampleValue(samples, 'ddc_top_build_info', {version: '9.9.9'}), 1);
	assert.equal(sampleValue(samples, 'ddc_docker_up'), undefined, 'no Docker series with --no-docker');
	assert.equal(sampleValue(samples, 'ddc_host_load1'), undefined, 'no host series before the first host sample');
	assert.ok(sampleValue(samples, 'process_resident_memory_bytes')! > 0, "prom-client's process metrics");
});

test('hostile operation names are escaped: quotes, backslashes, newlines, braces and non-ASCII come back as written', async () => {
	const names = ['a "quoted" op', 'back\\slash\\', 'new\nline', 'brace} {x="y"}', 'ünï cødé ✓', 'tab\there'];
	const lines = names.flatMap((n) => calls(n, 3, () => 0.2));
	const {text} = await scrape(await exporterFor(storeWith(lines)));
	const samples = parseExposition(text);
	for (const name of names) assert.equal(sampleValue(samples, 'ddc_operation_calls_total', {operation: name, result: 'success'}), 3, name);
	assert.ok(
		text.split('\n').every((line) => !line.includes('\t') || line.includes('tab\there')),
		'one sample per line',
	);
});

test('at most 1,000 operations: the 1,001st is rejected as operation-limit and exposed as such', async () => {
	const lines = Array.from({length: 1001}, (_, i) => ddcLineText({operation: `op_${i}`, end: NOW / 1000 - 10, duration: 0.1}));
	const samples = parseExposition((await scrape(await exporterFor(storeWith(lines)))).text);
	assert.equal(new Set(samples.filter((s) => s.name === 'ddc_operation_calls_total').map((s) => s.labels.operation)).size, 1000);
	assert.equal(sampleValue(samples, 'ddc_metrics_lines_rejected_total', {reason: 'operation-limit'}), 1);
	assert.equal(sampleValue(samples, 'ddc_operations'), 1000);
});

test('a replaced file: every counter of the file starts again (a reset), resets_total counts it, gone operations are gone', async () => {
	const store = storeWith([...calls('config_load', 40, () => 0.1), ...calls('old_op', 5, () => 0.1), 'not json']);
	const exporter = await exporterFor(store);
	const before = parseExposition((await scrape(exporter)).text);
	assert.equal(sampleValue(before, 'ddc_operation_calls_total', {operation: 'config_load', result: 'success'}), 40);
	assert.equal(sampleValue(before, 'ddc_metrics_file_resets_total'), 0);
	assert.equal(sampleValue(before, 'ddc_metrics_lines_rejected_total', {reason: 'not-json'}), 1);
	store.ingest({type: 'metrics-reset', reason: 'replaced'});
	store.ingest({type: 'metrics-lines', lines: calls('config_load', 7, () => 0.1)});
	const afterReset = parseExposition((await scrape(exporter)).text);
	assert.equal(sampleValue(afterReset, 'ddc_operation_calls_total', {operation: 'config_load', result: 'success'}), 7);
	assert.equal(sampleValue(afterReset, 'ddc_operation_duration_seconds_count', {operation: 'config_load'}), 7);
	assert.equal(sampleValue(afterReset, 'ddc_operation_duration_seconds_bucket', {operation: 'config_load', le: '0.1'}), 7);
	assert.equal(sampleValue(afterReset, 'ddc_metrics_lines_read_total'), 7);
	assert.equal(sampleValue(afterReset, 'ddc_metrics_lines_rejected_total', {reason: 'not-json'}), undefined);
	assert.equal(sampleValue(afterReset, 'ddc_operation_calls_total', {operation: 'old_op', result: 'success'}), undefined);
	assert.equal(sampleValue(afterReset, 'ddc_metrics_file_resets_total'), 1);
});

test('containers with a current sample and the host are exposed; a stale or not yet sampled container is left out', async () => {
	let now = NOW;
	const store = createStore({clock: () => now, metricsPath: '/nowhere.jsonl'});
	const exporter = await exporterFor(store);
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x'}, sampleCurrentMs: 10_000_000_000});
	const web = containerSample({name: 'web', cpuPercent: 150, memUsedBytes: 123_456_789, netRxBytes: 10, netTxBytes: 20, at: Date.now()});
	store.ingest({type: 'container-sample', sample: web});
	store.ingest({type: 'container-sample', sample: containerSample({name: 'warming', cpuPercent: null, at: Date.now()})});
	store.ingest({type: 'container-listed', container: {id: 'id-new', name: 'new', state: 'running'}, at: Date.now()});
	store.ingest({
		type: 'host-sample',
		sample: {cpuPercent: 25, memUsedBytes: 1e9, memTotalBytes: 4e9, load1: 0.5, load5: 0.25, load15: 0.125, at: now},
	});
	const samples = parseExposition((await scrape(exporter)).text);
	assert.equal(sampleValue(samples, 'ddc_docker_up'), 1);
	assert.equal(sampleValue(samples, 'ddc_container_cpu_usage_ratio', {name: 'web'}), 1.5);
	assert.equal(sampleValue(samples, 'ddc_container_cpu_usage_ratio', {name: 'warming'}), undefined, 'CPU not known yet');
	assert.equal(sampleValue(samples, 'ddc_container_memory_used_bytes', {name: 'warming'}), 1 << 20);
	assert.equal(sampleValue(samples, 'ddc_container_memory_used_bytes', {name: 'web'}), 123_456_789);
	assert.equal(sampleValue(samples, 'ddc_container_memory_limit_bytes', {name: 'web'}), 1 << 26);
	assert.equal(sampleValue(samples, 'ddc_container_network_receive_bytes_total', {name: 'web'}), 10);
	assert.equal(sampleValue(samples, 'ddc_container_network_transmit_bytes_total', {name: 'web'}), 20);
	assert.equal(sampleValue(samples, 'ddc_container_pids', {name: 'web'}), 2);
	assert.equal(sampleValue(samples, 'ddc_container_pids', {name: 'new'}), undefined, 'listed, not sampled yet');
	assert.equal(sampleValue(samples, 'ddc_host_cpu_usage_ratio'), 0.25);
	assert.equal(sampleValue(samples, 'ddc_host_memory_total_bytes'), 4e9);
	assert.equal(sampleValue(samples, 'ddc_host_load15'), 0.125);
	// The daemon went away: its samples stop, and one older than the sample life is no longer current.
	store.ingest({type: 'docker-status', status: {kind: 'unavailable', endpoint: 'unix:///x', message: 'gone'}, sampleCurrentMs: 2000});
	store.ingest({type: 'container-sample', sample: {...web, at: Date.now() - 60_000}});
	now += 1000;
	// Past the exporter's per-scrape copy of the table.
	await new Promise((resolve) => setTimeout(resolve, 150));
	const stale = parseExposition((await scrape(exporter)).text);
	assert.equal(sampleValue(stale, 'ddc_docker_up'), 0);
	assert.equal(sampleValue(stale, 'ddc_container_memory_used_bytes', {name: 'web'}), undefined, 'a stale sample is not exposed');
	assert.equal(sampleValue(stale, 'ddc_container_memory_used_bytes', {name: 'warming'}), 1 << 20, 'a current one still is');
});

test('only GET/HEAD /metrics and /healthz; 503 until the store is attached; the token is required when set', async () => {
	const bare = await exporterFor(undefined);
	assert.equal((await fetch(`${bare.url}/healthz`)).status, 503);
	assert.equal((await scrape(bare)).status, 503);
	const store = storeWith(calls('config_load', 2, () => 0.1));
	bare.attach(store);
	assert.equal((await fetch(`${bare.url}/healthz`)).status, 200);
	assert.equal((await fetch(`${bare.url}/metrics`, {method: 'HEAD'})).status, 200);
	assert.equal((await fetch(`${bare.url}/`)).status, 404);
	assert.equal((await fetch(`${bare.url}/metrics/../x`)).status, 404);
	for (const method of ['POST', 'PUT', 'DELETE']) {
		const res = await fetch(`${bare.url}/metrics`, {method});
		assert.equal(res.status, 405, method);
		assert.equal(res.headers.get('allow'), 'GET, HEAD');
	}
	const locked = await exporterFor(store, 's3cret-token');
	assert.equal((await scrape(locked)).status, 401);
	assert.equal((await fetch(`${locked.url}/healthz`)).status, 401);
	assert.equal((await scrape(locked, {Authorization: 'Bearer wrong'})).status, 401);
	assert.equal((await scrape(locked, {Authorization: 'Bearer s3cret-token-longer'})).status, 401);
	const ok = await scrape(locked, {Authorization: 'Bearer s3cret-token'});
	assert.equal(ok.status, 200);
	assert.match(ok.text, /ddc_operation_calls_total/);
});

test('OpenMetrics when the scraper asks for it (as Prometheus does), the text format otherwise, both from one exporter', async () => {
	const exporter = await exporterFor(storeWith(calls('config_load', 4, () => 0.1)));
	const open = await scrape(exporter, {Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5'});
	assert.match(open.type, /^application\/openmetrics-text/);
	assert.match(open.text, /\n# EOF\n$/);
	assert.match(open.text, /^# TYPE ddc_operation_calls counter$/m);
	assert.match(open.text, /^ddc_operation_calls_total\{operation="config_load",result="success"\} 4$/m);
	const plain = await scrape(exporter);
	assert.match(plain.type, /^text\/plain; version=0\.0\.4/);
	assert.match(plain.text, /^# TYPE ddc_operation_calls_total counter$/m, 'the OpenMetrics scrape did not rename the text format counters');
	assert.doesNotMatch(plain.text, /# EOF/);
});

test('promtool check metrics: the exposition, with every series present, has no problem', async () => {
	const store = storeWith([...calls('config_load', 20, (i) => i / 10, 3), 'not json']);
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x'}, sampleCurrentMs: 10_000_000_000});
	store.ingest({type: 'container-sample', sample: containerSample({name: 'web', at: Date.now()})});
	store.ingest({
		type: 'host-sample',
		sample: {cpuPercent: 25, memUsedBytes: 1e9, memTotalBytes: 4e9, load1: 1, load5: 1, load15: 1, at: NOW},
	});
	const {text} = await scrape(await exporterFor(store));
	// Exit 0 and no output: promtool prints each problem (and exits 3) otherwise.
	const out = execFileSync('promtool', ['check', 'metrics'], {input: text, encoding: 'utf8'});
	assert.equal(out.trim(), '');
});
