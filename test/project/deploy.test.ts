/**
 * deploy/ as shipped: the alert rules and the scrape example pass promtool, the rules fire on the series
 * they are written for (promtool's rule unit tests), and every metric the dashboard and the rules query is
 * one the exporter really exposes.
 */

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {startExporter} from '../../source/exporter/exporter.js';
import {createStore} from '../../source/state/store.js';
import {REPO} from '../helpers/child.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {parseExposition} from '../helpers/prom-text.js';
import {containerSample} from '../helpers/samples.js';
import {tempDir} from '../helpers/temp-dir.js';

const DEPLOY = path.join(REPO, 'deploy');
const RULES = path.join(DEPLOY, 'ddc-top.rules.yml');

function promtool(args: string[]): string {
	return execFileSync('promtool', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

/** Every series name the exporter writes with every kind of figure present, plus Prometheus' own `up`. */
async function exposedNames(): Promise<Set<string>> {
	const now = Date.now();
	const store = createStore({clock: () => now, metricsPath: '/nowhere.jsonl'});
	store.ingest({
		type: 'metrics-lines',
		lines: [ddcLineText({operation: 'config_load', end: now / 1000 - 5, duration: 0.2, success: false}), 'x'],
	});
	// Samples of the last few minutes, all current, so the memory growth (10 points 15 s apart) is known too.
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x'}, sampleCurrentMs: 3_600_000});
	store.ingest({type: 'host-sample', sample: {cpuPercent: 1, memUsedBytes: 1, memTotalBytes: 2, load1: 0, load5: 0, load15: 0, at: now}});
	const exporter = await startExporter({address: {host: '127.0.0.1', port: 0, loopback: true}, version: 'test'});
	after(() => exporter.stop());
	exporter.attach(store);
	let text = '';
	for (let i = 10; i >= 0; i--) {
		store.ingest({type: 'container-sample', sample: containerSample({name: 'ddc', at: now - i * 15_000, memUsedBytes: 1e8 + i})});
		text = await (await fetch(`${exporter.url}/metrics`)).text();
		// The exporter copies the container table once per scrape (100 ms): the next scrape reads the next sample.
		await new Promise((resolve) => setTimeout(resolve, 110));
	}
	return new Set(['up', ...parseExposition(text).map((s) => s.name)]);
}

/** The metric names of a PromQL expression: the selectors (a name before `{`) and label_values' first argument. */
function metricNames(expr: string): string[] {
	const names = [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map((m) => m[1]);
	const labelValues = [...expr.matchAll(/label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/g)].map((m) => m[1]);
	return [...names, ...labelValues];
}

test('promtool check rules and check config: the shipped rules and scrape example are valid', () => {
	assert.match(promtool(['check', 'rules', RULES]), /SUCCESS: 7 rules found/);
	assert.match(promtool(['check', 'config', path.join(DEPLOY, 'prometheus.yml')]), /SUCCESS/);
});

test('every metric the dashboard and the rules query is exposed by the exporter', async () => {
	const exposed = await exposedNames();
	const dashboard = JSON.parse(readFileSync(path.join(DEPLOY, 'grafana-dashboard.json'), 'utf8')) as {
		panels: Array<{title: string; type: string; targets?: Array<{expr: string}>}>;
		templating: {list: Array<{query: {query: string}}>};
	};
	const exprs = [
		...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({where: p.title, expr: t.expr}))),
		...dashboard.templating.list.map((v) => ({where: 'templating', expr: v.query.query})),
		...[...readFileSync(RULES, 'utf8').matchAll(/expr: (?:\|\n)?([\s\S]*?)\n\s+(?:for|labels):/g)].map((m) => ({
			where: 'rules',
			expr: m[1],
		})),
	];
	assert.ok(exprs.length > 25, `${exprs.length} queries found`);
	const missing: string[] = [];
	for (const {where, expr} of exprs) {
		const names = metricNames(expr);
		assert.ok(names.length > 0, `${where}: no metric in ${expr}`);
		for (const name of names) if (!exposed.has(name)) missing.push(`${where}: ${name}`);
	}
	assert.deepEqual(missing, []);
	// The dashboard has what the issue lists: p50/p95/p99, a heatmap from the buckets, calls and error rate, containers, host.
	const titles = dashboard.panels.map((p) => p.title).join(' | ');
	for (const wanted of [
		/p50/,
		/p95/,
		/p99/,
		/heatmap/i,
		/Calls per second/,
		/Error rate/,
		/Container CPU/,
		/Container memory/,
		/Host CPU/,
	]) {
		assert.match(titles, wanted);
	}
	assert.ok(dashboard.panels.some((p) => p.type === 'heatmap' && p.targets?.[0].expr.includes('_bucket')));
});

test('promtool test rules: each alert fires on the series it is for, and not on healthy ones', () => {
	const dir = tempDir('ddc-top-rules-');
	const tests = path.join(dir, 'rules.test.yml');
	// Series in promtool's notation: 'a+bxN' is a, a+b, ... N+1 samples one interval apart.
	writeFileSync(
		tests,
		`rule_files:
  - ${RULES}
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'up{job="ddc-top", instance="a"}'
        values: '1 1 0x10'
      - series: 'up{job="ddc-top", instance="b"}'
        values: '1x12'
      - series: 'ddc_operation_calls_total{instance="a", operation="docker_action", result="success"}'
        values: '0+90x40'
      - series: 'ddc_operation_calls_total{instance="a", operation="docker_action", result="failure"}'
        values: '0+10x40'
      - series: 'ddc_operation_calls_total{instance="a", operation="config_load", result="success"}'
        values: '0+100x40'
      - series: 'ddc_operation_calls_total{instance="a", operation="config_load", result="failure"}'
        values: '0x40'
      - series: 'ddc_operation_duration_seconds_bucket{instance="a", operation="docker_action", le="0.5"}'
        values: '0+10x40'
      - series: 'ddc_operation_duration_seconds_bucket{instance="a", operation="docker_action", le="1"}'
        values: '0+100x40'
      - series: 'ddc_operation_duration_seconds_bucket{instance="a", operation="docker_action", le="+Inf"}'
        values: '0+100x40'
      - series: 'ddc_operation_duration_seconds_bucket{instance="a", operation="config_load", le="0.5"}'
        values: '0+100x40'
      - series: 'ddc_operation_duration_seconds_bucket{instance="a", operation="config_load", le="+Inf"}'
        values: '0+100x40'
      - series: 'ddc_container_memory_used_bytes{instance="a", name="ddc"}'
        values: '100000000+20000000x40'
      - series: 'ddc_container_memory_used_bytes{instance="a", name="steady"}'
        values: '100000000x40'
      - series: 'ddc_metrics_lines_read_total{instance="a"}'
        values: '500x40'
      - series: 'ddc_metrics_lines_read_total{instance="b"}'
        values: '500+5x40'
    alert_rule_test:
      - eval_time: 10m
        alertname: DdcTopDown
        exp_alerts:
          - exp_labels: {severity: critical, job: ddc-top, instance: a}
            exp_annotations:
              summary: "ddc-top on a is not answering scrapes"
              description: "Prometheus cannot scrape ddc-top's /metrics: the exporter, its host or the network is down."
      - eval_time: 20m
        alertname: DdcHighErrorRate
        exp_alerts:
          - exp_labels: {severity: critical, instance: a, operation: docker_action}
            exp_annotations:
              summary: "docker_action fails 10% of its calls on a"
              description: "Over 5 % of the operation's calls failed in the last 5 minutes (DDC's concurrent success rate is 0.95)."
      - eval_time: 20m
        alertname: DdcOperationP95High
        exp_alerts:
          - exp_labels: {severity: warning, instance: a, operation: docker_action}
            exp_annotations:
              summary: "p95 of docker_action is 972.2ms on a"
              description: "The operation's 95th percentile has been over 500 ms for 10 minutes."
      - eval_time: 20m
        alertname: DdcSlowOperationP95High
        exp_alerts: []
      - eval_time: 35m
        alertname: DdcContainerMemoryGrowth
        exp_alerts:
          - exp_labels: {severity: warning, instance: a, name: ddc}
            exp_annotations:
              summary: "ddc on a grows by 325.5kiB/s: a possible leak"
              description: "Container memory has grown faster than 10 MB/min (over 15 minutes, for 15 minutes): a leak is likely; 5-10 MB/min is worth watching."
      - eval_time: 40m
        alertname: DdcMetricsFileNotGrowing
        exp_alerts:
          - exp_labels: {severity: warning, instance: a}
            exp_annotations:
              summary: "No new line in DDC's metrics file on a for 30 minutes"
              description: "DDC writes a line per tracked call: a file that stops growing means DDC stopped, or stopped tracking (see ddc_metrics_file_state)."
`,
	);
	// Labels and annotations are compared: the annotations' templates ($value, humanize) are checked too.
	let out: string;
	try {
		out = promtool(['test', 'rules', tests]);
	} catch (error) {
		const e = error as {stdout?: string; stderr?: string};
		assert.fail(`${e.stdout ?? ''}${e.stderr ?? String(error)}`);
	}
	assert.match(out, /SUCCESS/);
});
