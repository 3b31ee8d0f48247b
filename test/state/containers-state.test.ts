import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sampleCurrentMsFor as staleAfterMsFor} from '../../source/sources/docker-sample-life.js';
import {createContainerTable} from '../../source/state/containers.js';
import {createStore} from '../../source/state/store.js';
import {containerSample} from '../helpers/samples.js';

test('keeps the last sample and the CPU / memory series per container, rows sorted by name', () => {
	const table = createContainerTable();
	table.ingest({type: 'container-sample', sample: containerSample({id: 'b', name: 'web', at: 1000, cpuPercent: 10, memUsedBytes: 200})});
	table.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'db', at: 1000, cpuPercent: 5})});
	table.ingest({type: 'container-sample', sample: containerSample({id: 'b', name: 'web', at: 2000, cpuPercent: 20, memUsedBytes: 300})});
	const view = table.view(2000);
	assert.deepEqual(
		view.rows.map((r) => r.sample.name),
		['db', 'web'],
	);
	const web = view.rows[1];
	assert.equal(web.sample.cpuPercent, 20);
	assert.deepEqual(web.cpuSeries, [10, 20]);
	assert.deepEqual(web.memSeries, [200, 300]);
	assert.equal(web.stale, false);
});

test('series are capped; a container without a sample for more than 2 s is stale', () => {
	const table = createContainerTable({capacity: 3});
	for (let i = 0; i < 5; i++)
		table.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'x', at: 1000 + i * 1000, cpuPercent: i})});
	assert.deepEqual(table.view(5000).rows[0].cpuSeries, [2, 3, 4]);
	assert.equal(table.view(7000).rows[0].stale, false);
	assert.equal(table.view(7001).rows[0].stale, true);
});

test('the stale limit is 2 s, or one refresh plus 1 s when refreshes are further apart (samples are read at refreshes)', () => {
	assert.equal(staleAfterMsFor(250), 2000);
	assert.equal(staleAfterMsFor(1000), 2000);
	assert.equal(staleAfterMsFor(5000), 6000);
	assert.equal(staleAfterMsFor(60_000), 61_000);
	// With 5 s refreshes: a sample read at a refresh is still current for a key pressed 4.9 s later, and a
	// container that sent nothing by the next refresh shows -- at the one after.
	const table = createContainerTable({staleAfterMs: staleAfterMsFor(5000)});
	table.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'x', at: 10_000, cpuPercent: 1})});
	assert.equal(table.view(14_900).rows[0].stale, false);
	assert.equal(table.view(15_000).rows[0].stale, false);
	assert.equal(table.view(20_000).rows[0].stale, true);
});

test('the store takes the limit the Docker source gives with its status for its refresh interval', () => {
	let now = 10_000;
	const rowAt = (refreshIntervalMs: number | undefined, at: number) => {
		const store = createStore({clock: () => now, metricsPath: '/m.jsonl'});
		const sampleCurrentMs = refreshIntervalMs === undefined ? undefined : staleAfterMsFor(refreshIntervalMs);
		store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}, sampleCurrentMs});
		store.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'x', at: 10_000, cpuPercent: 1})});
		now = at;
		store.publish();
		return store.getSnapshot().containers.rows[0];
	};
	assert.equal(rowAt(5000, 14_900).stale, false, 'a key 4.9 s after a 5 s refresh');
	assert.equal(rowAt(undefined, 14_900).stale, true, '1 s refreshes: 2 s as docker stats');
	assert.equal(rowAt(undefined, 11_900).stale, false);
});

test('container-gone drops the row; docker-status is kept; other events are ignored', () => {
	const table = createContainerTable();
	assert.deepEqual(table.view(0).status, {kind: 'disabled'});
	table.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'x', at: 0, cpuPercent: 1})});
	table.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}});
	table.ingest({type: 'metrics-lines', lines: ['{}']});
	table.ingest({type: 'container-gone', id: 'a'});
	table.ingest({type: 'container-gone', id: 'never-seen'});
	const view = table.view(0);
	assert.equal(view.rows.length, 0);
	assert.equal(view.status.kind, 'live');
});

test('a view is immutable and unaffected by later ingests', () => {
	const table = createContainerTable();
	table.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'x', at: 0, cpuPercent: 1})});
	const before = table.view(0);
	table.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'x', at: 1000, cpuPercent: 50})});
	assert.deepEqual(before.rows[0].cpuSeries, [1]);
	assert.equal(before.rows[0].sample.cpuPercent, 1);
	assert.throws(() => (before.rows as unknown as unknown[]).push(1), TypeError);
	assert.throws(() => ((before.rows[0].cpuSeries as number[])[0] = 9), TypeError);
});
