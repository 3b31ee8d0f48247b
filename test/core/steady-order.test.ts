// Rows whose sort values are within the display's precision keep their order between refreshes (issue #14
// §1b): 1.01 ms and 1.02 ms trading places every second is noise; a real difference still reorders.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type ContainerSort, selectContainers} from '../../source/core/containers-view.js';
import {parseFilter} from '../../source/core/filter.js';
import type {OperationSummary} from '../../source/core/latency-windows.js';
import {type PreviousOrder, type Sort, selectOperations} from '../../source/core/operations-view.js';
import {createStore} from '../../source/state/store.js';
import {containerSample} from '../helpers/samples.js';

const ALL = parseFilter('');
const P95: Sort = {key: 'p95', descending: true};

const op = (operation: string, p95: number): OperationSummary => ({
	operation,
	calls: 10,
	ok: 10,
	failed: 0,
	p95,
	lastHourCalls: 10,
	last24hCalls: 10,
	ratePerMinute: 1,
	avgPerMinute: 1,
	lastEndTime: 0,
});

const names = (rows: readonly OperationSummary[]) => rows.map((r) => r.operation);

/** Ten refreshes of two operations whose p95 alternate 1.01 / 1.02 ms in opposite phase, each sorted with the last order. */
function refreshes(values: (i: number) => [number, number], sort: Sort = P95): string[][] {
	let previous: PreviousOrder | undefined;
	const orders: string[][] = [];
	for (let i = 0; i < 10; i++) {
		const [a, b] = values(i);
		const rows = selectOperations([op('alpha', a), op('beta', b)], {filter: ALL, failuresOnly: false, sort, hideEmpty: true, previous});
		orders.push(names(rows));
		previous = {sort, rows};
	}
	return orders;
}

test('two operations alternating 1.01 / 1.02 ms keep their first order across 10 refreshes', () => {
	const orders = refreshes((i) => (i % 2 === 0 ? [0.00101, 0.00102] : [0.00102, 0.00101]));
	// The first refresh has no previous order: the exact sort (beta slower) decides, and then holds.
	for (const order of orders) assert.deepEqual(order, ['beta', 'alpha']);
	// The same values sorted without the previous order swap every time: that is what is held still.
	const fresh = [0, 1].map((i) => {
		const [a, b] = i % 2 === 0 ? [0.00101, 0.00102] : [0.00102, 0.00101];
		return names(selectOperations([op('alpha', a), op('beta', b)], {filter: ALL, failuresOnly: false, sort: P95, hideEmpty: true}));
	});
	assert.notDeepEqual(fresh[0], fresh[1]);
});

test('a real difference still reorders at once, and ascending holds still the same way', () => {
	const orders = refreshes((i) => (i < 5 ? [0.00101, 0.00102] : [0.0015, 0.00102]));
	assert.deepEqual(orders[4], ['beta', 'alpha']);
	assert.deepEqual(orders[5], ['alpha', 'beta'], '1.50 ms against 1.02 ms: alpha is slower now');
	const ascending = refreshes((i) => (i % 2 === 0 ? [0.00101, 0.00102] : [0.00102, 0.00101]), {key: 'p95', descending: false});
	for (const order of ascending) assert.deepEqual(order, ['alpha', 'beta']);
});

test('a different sort is the exact order: the previous one is only kept under the same sort', () => {
	const before = selectOperations([op('alpha', 0.00101), op('beta', 0.00102)], {
		filter: ALL,
		failuresOnly: false,
		sort: P95,
		hideEmpty: true,
	});
	const reversed: Sort = {key: 'p95', descending: false};
	const after = selectOperations([op('alpha', 0.00101), op('beta', 0.00102)], {
		filter: ALL,
		failuresOnly: false,
		sort: reversed,
		hideEmpty: true,
		previous: {sort: P95, rows: before},
	});
	assert.deepEqual(names(after), ['alpha', 'beta']);
});

test('the store: containers whose CPU alternates 1.01 % / 1.02 % hold their order over 10 publishes; a real change reorders', () => {
	let now = 1_000_000;
	const store = createStore({clock: () => now, metricsPath: '/nonexistent/metrics.jsonl', dockerEnabled: true});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x.sock'}});
	const sample = (name: string, cpuPercent: number) =>
		store.ingest({type: 'container-sample', sample: containerSample({name, cpuPercent, at: now})});
	const order = () => store.getSnapshot().containers.rows.map((r) => r.sample.name);
	const seen: string[][] = [];
	for (let i = 0; i < 10; i++) {
		now += 1000;
		sample('web', i % 2 === 0 ? 1.01 : 1.02);
		sample('db', i % 2 === 0 ? 1.02 : 1.01);
		store.publish();
		seen.push(order());
	}
	for (const o of seen) assert.deepEqual(o, seen[0]);
	const last = seen[0][1]!;
	now += 1000;
	sample(last, 5);
	sample(seen[0][0]!, 1.01);
	store.publish();
	assert.deepEqual(order(), [last, seen[0][0]], '5 % against 1.01 %: the busier one first');
});

test('containers: figures one display step apart hold the last order; not-running rows sort after running ones', () => {
	const sort: ContainerSort = {key: 'mem', descending: true};
	const a = {sample: containerSample({name: 'a', memUsedBytes: 100_000_000})};
	const b = {sample: containerSample({name: 'b', memUsedBytes: 100_050_000})};
	const first = selectContainers([a, b], ALL, sort);
	assert.deepEqual(
		first.map((r) => r.sample.name),
		['b', 'a'],
	);
	const a2 = {sample: containerSample({name: 'a', memUsedBytes: 100_050_000})};
	const b2 = {sample: containerSample({name: 'b', memUsedBytes: 100_000_000})};
	assert.deepEqual(
		selectContainers([a2, b2], ALL, sort, {sort, rows: first}).map((r) => r.sample.name),
		['b', 'a'],
	);
	const exited = {sample: containerSample({name: 'big', memUsedBytes: 9e9, state: 'exited'})};
	assert.deepEqual(
		selectContainers([exited, a, b], ALL, sort).map((r) => r.sample.name),
		['b', 'a', 'big'],
	);
});
