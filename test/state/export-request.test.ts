import assert from 'node:assert/strict';
import {test} from 'node:test';
import {exportExtras} from '../../source/core/export-extras.js';
import {LatencyStats} from '../../source/core/latency-windows.js';
import {pythonIsoformat} from '../../source/core/local-time.js';
import type {HostSample} from '../../source/core/samples.js';
import {createStore} from '../../source/state/store.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {containerSample} from '../helpers/samples.js';

const NOW_MS = 1_763_000_000_000;
const NOW_S = NOW_MS / 1000;
const host: HostSample = {cpuPercent: 12.345, memUsedBytes: 1, memTotalBytes: 2, load1: 0.1, load5: 0.2, load15: 0.3, at: NOW_MS};

test('exportExtras: containers, Docker status and host as every export path writes them, absent keys left out', () => {
	assert.deepEqual(exportExtras({}), {});
	const all = exportExtras({
		containers: [containerSample({id: 'a', name: 'web', cpuPercent: 1.234, at: NOW_MS})],
		dockerStatus: {kind: 'unavailable', endpoint: 'e', message: 'no access'},
		host,
	});
	assert.deepEqual(Object.keys(all), ['containers', 'docker_status', 'host']);
	assert.equal((all.containers as Array<{cpu_percent: number}>)[0].cpu_percent, 1.23);
	assert.deepEqual(all.docker_status, {available: false, message: 'no access'});
	assert.equal((all.host as {cpu_percent: number}).cpu_percent, 12.35);
	assert.deepEqual(exportExtras({dockerStatus: {kind: 'live', endpoint: 'e'}}).docker_status, {available: true});
});

test('the store answers an export request with a frozen document of what is on screen, built at the request', () => {
	let now = NOW_MS;
	const store = createStore({clock: () => now, metricsPath: '/m.jsonl', ui: {window: '1h', filter: 'op_'}});
	store.ingest({
		type: 'metrics-lines',
		lines: [
			ddcLineText({operation: 'op_a', end: NOW_S - 60, duration: 0.25}),
			ddcLineText({operation: 'op_b', end: NOW_S - 120, duration: 2}),
			ddcLineText({operation: 'other', end: NOW_S - 60, duration: 0.25}),
		],
	});
	store.ingest({type: 'container-listed', container: {id: 'p', name: 'pending', state: 'running'}, at: NOW_MS});
	store.ingest({type: 'container-sample', sample: containerSample({id: 'a', name: 'quiet', cpuPercent: 1, at: NOW_MS})});
	store.ingest({type: 'container-sample', sample: containerSample({id: 'b', name: 'busy', cpuPercent: 50, at: NOW_MS})});
	store.ingest({type: 'host-sample', sample: host});
	store.publish();
	const result = store.exportDocument({version: '9.9.9', containers: true});
	assert.ok(result.ok);
	const {doc} = result;
	assert.ok(Object.isFrozen(doc), 'the document handed out cannot be changed by its reader');
	assert.deepEqual(Object.keys(doc.statistics), ['op_b', 'op_a'], "the view's filter and sort (slowest p95 first)");
	assert.equal(doc.ddc_top.window, '1h');
	assert.equal(doc.ddc_top.filter, 'op_');
	assert.equal(doc.ddc_top.version, '9.9.9');
	assert.deepEqual(
		(doc.ddc_top.containers as Array<{name: string}>).map((c) => c.name),
		['busy', 'quiet'],
		'sampled rows in the table order',
	);
	assert.equal((doc.ddc_top.host as {cpu_percent: number}).cpu_percent, 12.35);
	const without = store.exportDocument({version: '9.9.9', containers: false});
	assert.ok(without.ok && !('containers' in without.doc.ddc_top), 'no containers with --no-docker');
	// The statistics are those at the request: two hours on, the 1 h window is empty.
	now += 2 * 3600_000;
	const later = store.exportDocument({version: '9.9.9', containers: false});
	assert.ok(later.ok);
	assert.deepEqual(Object.keys(later.doc.statistics), []);
});

test('an export is of the snapshot published with it: the numbers on screen, at its moment, no window moved by the export', (t) => {
	let now = NOW_MS;
	const store = createStore({clock: () => now, metricsPath: '/m.jsonl', ui: {window: '1h'}});
	store.ingest({
		type: 'metrics-lines',
		lines: [
			ddcLineText({operation: 'op_a', end: NOW_S - 60, duration: 0.25}),
			ddcLineText({operation: 'op_a', end: NOW_S - 50, duration: 3}),
			ddcLineText({operation: 'op_b', end: NOW_S - 120, duration: 2}),
		],
	});
	store.publish();
	const earlier = store.getSnapshot();
	// After that publish, more lines and time: the live statistics are ahead of what the screen shows.
	now += 30_000;
	store.ingest({
		type: 'metrics-lines',
		lines: [
			ddcLineText({operation: 'op_a', end: NOW_S + 20, duration: 5}),
			ddcLineText({operation: 'op_c', end: NOW_S + 25, duration: 0.25}),
		],
	});
	now += 5_000;
	const advance = t.mock.method(LatencyStats.prototype, 'advance');
	const published: number[] = [];
	store.subscribe(() => published.push(store.getSnapshot().seq));
	const result = store.exportDocument({version: 'v', containers: false});
	const snap = store.getSnapshot();
	assert.deepEqual(published, [earlier.seq + 1], 'frozen in a publish of its own: the screen shows what was exported');
	assert.equal(snap.now, now);
	assert.ok(result.ok);
	const {doc, at} = result;
	assert.equal(at.getTime(), snap.now, "the export's moment is the snapshot's, not a later clock reading");
	assert.equal(doc.exported_at, pythonIsoformat(new Date(snap.now)));
	const rows = snap.operations.rows;
	assert.deepEqual(
		Object.keys(doc.statistics),
		rows.map((r) => r.operation),
	);
	assert.deepEqual(Object.keys(doc.statistics).sort(), ['op_a', 'op_b', 'op_c'], 'the lines ingested before the export are in it');
	for (const r of rows) {
		const s = doc.statistics[r.operation];
		assert.deepEqual(
			[s.total_calls, s.failed_calls, s.max_duration, s.p95_duration, s.p99_duration, s.last_hour_calls],
			[r.calls, r.failed, r.max, r.p95, r.p99, r.lastHourCalls],
			`${r.operation}: the numbers on screen`,
		);
	}
	assert.deepEqual(
		advance.mock.calls.map((c) => c.arguments[0]),
		[snap.now / 1000],
		"the statistics moved once, by the publish, to the snapshot's moment: the export itself moved nothing",
	);
	// The document handed out stays that moment's: later lines, time and publishes do not reach it.
	const frozen = JSON.stringify(doc);
	now += 2 * 3600_000;
	store.ingest({type: 'metrics-lines', lines: [ddcLineText({operation: 'op_b', end: NOW_S + 7000, duration: 0.25})]});
	store.publish();
	assert.equal(JSON.stringify(doc), frozen);
	assert.notEqual(
		earlier.operations.rows.length,
		rows.length,
		'the earlier snapshot did not have the later lines (so the check above can fail)',
	);
});
