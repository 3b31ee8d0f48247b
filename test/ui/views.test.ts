import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {parseFilter} from '../../source/core/filter.js';
import type {OperationSummary} from '../../source/core/latency-windows.js';
import {resolveMetricsPath} from '../../source/core/metrics-path.js';
import {DEFAULT_SORT, nextSortKey, SORT_KEYS, type Sort, selectOperations} from '../../source/core/operations-view.js';
import {initialUiState, reduce} from '../../source/state/reducer.js';
import {footerLine} from '../../source/ui/dashboard/footer.js';
import {headerLine} from '../../source/ui/dashboard/header.js';
import {operationsTable} from '../../source/ui/dashboard/operations-table.js';

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

const rows = [
	row('docker_start', {p95: 2, failed: 1, ok: 9}),
	row('config_load', {p95: 0.5}),
	row('Token_decrypt', {p95: 0.01}),
	row('idle', {calls: 0, ok: 0}),
];
const names = (r: OperationSummary[]) => r.map((x) => x.operation);
const all = parseFilter('');

test('filter: case-insensitive substring', () => {
	const f = parseFilter('TOKEN');
	assert.ok(f.ok);
	assert.deepEqual(
		names(selectOperations(rows, {filter: f, failuresOnly: false, sort: {key: 'operation', descending: false}, hideEmpty: true})),
		['Token_decrypt'],
	);
});

test('filter: /regex/ is a case-insensitive regular expression', () => {
	const f = parseFilter('/^(docker|config)_/');
	assert.deepEqual(
		names(selectOperations(rows, {filter: f, failuresOnly: false, sort: {key: 'operation', descending: false}, hideEmpty: true})),
		['config_load', 'docker_start'],
	);
});

test('filter: an invalid regex is an error value, not a throw', () => {
	const f = parseFilter('/(unclosed/');
	assert.equal(f.ok, false);
	assert.match(!f.ok ? f.error : '', /invalid/i);
});

test('sort by p95 descending puts the slowest tail first; hideEmpty drops idle operations', () => {
	assert.deepEqual(
		names(selectOperations(rows, {filter: all, failuresOnly: false, sort: {key: 'p95', descending: true}, hideEmpty: true})),
		['docker_start', 'config_load', 'Token_decrypt'],
	);
	assert.equal(
		selectOperations(rows, {filter: all, failuresOnly: false, sort: {key: 'p95', descending: true}, hideEmpty: false}).length,
		4,
	);
});

test('failures only', () => {
	assert.deepEqual(
		names(selectOperations(rows, {filter: all, failuresOnly: true, sort: {key: 'calls', descending: true}, hideEmpty: true})),
		['docker_start'],
	);
});

test('ties are broken by name so rows hold still', () => {
	const r = selectOperations([row('b'), row('a'), row('c')], {
		filter: all,
		failuresOnly: false,
		sort: {key: 'calls', descending: true},
		hideEmpty: true,
	});
	assert.deepEqual(names(r), ['a', 'b', 'c']);
});

test('sort keys cycle both ways', () => {
	assert.equal(nextSortKey('operation', -1), 'last');
	assert.equal(nextSortKey('last', 1), 'operation');
	assert.equal(nextSortKey('failed', 1), 'slo');
	assert.equal(nextSortKey('slo', 1), 'min');
	assert.equal(nextSortKey('p50', 1), 'p95');
	assert.deepEqual([nextSortKey('p99', 1), nextSortKey('p999', 1), nextSortKey('avg', 1)], ['p999', 'avg', 'max']);
});

test('s reaches every column the operations table shows, P99.9 and AVG included, in the order shown', () => {
	const header = (sort: Sort) =>
		stripVTControlCharacters(
			operationsTable({
				rows: [row('a')],
				total: 1,
				sort,
				now: 0,
				width: 200,
				height: 5,
				focused: true,
				windowLabel: '24h',
				emptyText: '',
			})[1],
		);
	const titles = header(DEFAULT_SORT).replace(/[▼▲]/g, '').trim().split(/\s+/);
	assert.ok(titles.includes('P99.9') && titles.includes('AVG'), titles.join(' '));
	const reached: string[] = [];
	let sort: Sort = {key: 'operation', descending: false};
	for (let i = 0; i < SORT_KEYS.length; i++) {
		const marked = header(sort)
			.split(/\s+/)
			.filter((t) => /[▼▲]$/.test(t));
		assert.equal(marked.length, 1, `${sort.key} marks one column: ${header(sort)}`);
		reached.push(marked[0].slice(0, -1));
		sort = {key: nextSortKey(sort.key, 1), descending: true};
	}
	assert.deepEqual(reached, titles, 'the cycle visits every column once, left to right');
	assert.equal(sort.key, 'operation', 'and comes back to the start');
});

test('an invalid regex says so once, in a single sentence', () => {
	const f = parseFilter('/(unclosed/');
	assert.equal(f.ok, false);
	const error = !f.ok ? f.error : '';
	assert.equal(error, 'invalid regular expression: unterminated group');
	const hostile = parseFilter('/\u001B[2J(/');
	assert.doesNotMatch(!hostile.ok ? hostile.error : '', /\u001B/);
});

test("the header shows the focused table's sort", () => {
	let ui = initialUiState();
	assert.match(stripVTControlCharacters(headerLine(ui, '1.0', '12:00', 120)), /sort p95▼/);
	ui = reduce(reduce(ui, {type: 'focus-next'}), {type: 'sort-step', step: 1});
	const line = stripVTControlCharacters(headerLine(ui, '1.0', '12:00', 120));
	assert.match(line, /sort mem▼/);
	assert.doesNotMatch(line, /p95/);
	ui = reduce(reduce(initialUiState(), {type: 'sort-step', step: 1}), {type: 'sort-step', step: 1});
	assert.match(stripVTControlCharacters(headerLine(ui, '1.0', '12:00', 120)), /sort p99\.9▼/);
});

test('metrics path: flag, then DDC folder, then DDC_METRICS_FILE, then the default to wait for', () => {
	const base = {cwd: '/srv/ddc', env: {DDC_METRICS_FILE: '/data/m.jsonl'}};
	assert.deepEqual(resolveMetricsPath({...base, flag: 'x.jsonl', exists: () => false}), {path: '/srv/ddc/x.jsonl', source: 'flag'});
	assert.deepEqual(resolveMetricsPath({...base, exists: () => true}), {
		path: '/srv/ddc/data/metrics/performance_metrics.jsonl',
		source: 'cwd',
	});
	assert.deepEqual(resolveMetricsPath({...base, exists: () => false}), {path: '/data/m.jsonl', source: 'env'});
	assert.deepEqual(resolveMetricsPath({cwd: '/srv/ddc', env: {}, exists: () => false}), {
		path: '/srv/ddc/data/metrics/performance_metrics.jsonl',
		source: 'default',
	});
});

test('the filter being typed shows its spaces as typed, and its controls as marks', () => {
	const line = stripVTControlCharacters(footerLine({kind: 'filter', draft: ' web \u0000 '}, 'operations', undefined, 100));
	assert.ok(line.startsWith('filter operations:  web ␀ ▏'), line);
});
