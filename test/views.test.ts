import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseFilter} from '../source/core/filter.js';
import type {OperationSummary} from '../source/core/latency-windows.js';
import {nextSortKey, selectOperations} from '../source/core/operations-view.js';
import {resolveMetricsPath} from '../source/core/metrics-path.js';

const row = (operation: string, over: Partial<OperationSummary> = {}): OperationSummary => ({
	operation,
	calls: 10,
	ok: 10,
	failed: 0,
	p50: 0.1,
	p95: 0.2,
	p99: 0.3,
	max: 0.4,
	lastHourCalls: 10,
	last24hCalls: 10,
	ratePerMinute: 1,
	avgPerMinute: 0.5,
	lastEndTime: 0,
	...over,
});

const rows = [row('docker_start', {p95: 2, failed: 1, ok: 9}), row('config_load', {p95: 0.5}), row('Token_decrypt', {p95: 0.01}), row('idle', {calls: 0, ok: 0})];
const names = (r: OperationSummary[]) => r.map((x) => x.operation);
const all = parseFilter('');

test('filter: case-insensitive substring', () => {
	const f = parseFilter('TOKEN');
	assert.ok(f.ok);
	assert.deepEqual(names(selectOperations(rows, {filter: f, failuresOnly: false, sort: {key: 'operation', descending: false}, hideEmpty: true})), ['Token_decrypt']);
});

test('filter: /regex/ is a case-insensitive regular expression', () => {
	const f = parseFilter('/^(docker|config)_/');
	assert.deepEqual(names(selectOperations(rows, {filter: f, failuresOnly: false, sort: {key: 'operation', descending: false}, hideEmpty: true})), ['config_load', 'docker_start']);
});

test('filter: an invalid regex is an error value, not a throw', () => {
	const f = parseFilter('/(unclosed/');
	assert.equal(f.ok, false);
	assert.match(!f.ok ? f.error : '', /invalid/i);
});

test('sort by p95 descending puts the slowest tail first; hideEmpty drops idle operations', () => {
	assert.deepEqual(names(selectOperations(rows, {filter: all, failuresOnly: false, sort: {key: 'p95', descending: true}, hideEmpty: true})), ['docker_start', 'config_load', 'Token_decrypt']);
	assert.equal(selectOperations(rows, {filter: all, failuresOnly: false, sort: {key: 'p95', descending: true}, hideEmpty: false}).length, 4);
});

test('failures only', () => {
	assert.deepEqual(names(selectOperations(rows, {filter: all, failuresOnly: true, sort: {key: 'calls', descending: true}, hideEmpty: true})), ['docker_start']);
});

test('ties are broken by name so rows hold still', () => {
	const r = selectOperations([row('b'), row('a'), row('c')], {filter: all, failuresOnly: false, sort: {key: 'calls', descending: true}, hideEmpty: true});
	assert.deepEqual(names(r), ['a', 'b', 'c']);
});

test('sort keys cycle both ways', () => {
	assert.equal(nextSortKey('operation', -1), 'rate');
	assert.equal(nextSortKey('rate', 1), 'operation');
	assert.equal(nextSortKey('p50', 1), 'p95');
});

test('metrics path: flag, then DDC folder, then DDC_METRICS_FILE, then the default to wait for', () => {
	const base = {cwd: '/srv/ddc', env: {DDC_METRICS_FILE: '/data/m.jsonl'}};
	assert.deepEqual(resolveMetricsPath({...base, flag: 'x.jsonl', exists: () => false}), {path: '/srv/ddc/x.jsonl', source: 'flag'});
	assert.deepEqual(resolveMetricsPath({...base, exists: () => true}), {path: '/srv/ddc/data/metrics/performance_metrics.jsonl', source: 'cwd'});
	assert.deepEqual(resolveMetricsPath({...base, exists: () => false}), {path: '/data/m.jsonl', source: 'env'});
	assert.deepEqual(resolveMetricsPath({cwd: '/srv/ddc', env: {}, exists: () => false}), {path: '/srv/ddc/data/metrics/performance_metrics.jsonl', source: 'default'});
});
