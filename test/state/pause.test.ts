// The pause key (issue #14 §1b): the figures on screen stop changing, the numbers go on being collected, the
// header says so, and the cursor still moves over the frozen rows.
import assert from 'node:assert/strict';
import {appendFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, test} from 'node:test';
import {createMetricsFileSource, type MetricsFileSource} from '../../source/sources/metrics-file.js';
import {initialUiState, reduce} from '../../source/state/reducer.js';
import {createStore, type Snapshot} from '../../source/state/store.js';
import {layout, renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {PAUSED_MARK} from '../../source/ui/dashboard/header.js';
import {renderOperationDetail} from '../../source/ui/detail/operation-detail-view.js';
import {dispatchKey} from '../../source/ui/key-dispatch.js';
import {commandFor} from '../../source/ui/keymap.js';
import {rawKeys} from '../../source/ui/raw-keys.js';
import {ddcLine, ddcLineText} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const plain = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');
const NOW = 1_763_000_000_000;

let source: MetricsFileSource | undefined;
afterEach(async () => {
	await source?.stop();
	source = undefined;
});

const calls = (snap: Snapshot) => Object.fromEntries(snap.operations.rows.map((r) => [r.operation, r.calls]));

test('reducer: p toggles the pause; opening a detail resumes (it reads the file as it opens); other keys keep it', () => {
	const start = initialUiState();
	assert.equal(start.paused, false);
	const paused = reduce(start, {type: 'toggle-pause'});
	assert.equal(paused.paused, true);
	assert.equal(reduce(paused, {type: 'toggle-pause'}).paused, false);
	for (const action of [
		{type: 'cursor-move', move: 'down'},
		{type: 'cycle-window'},
		{type: 'sort-step', step: 1},
		{type: 'toggle-help'},
	] as const)
		assert.equal(reduce(paused, action).paused, true, action.type);
	const detail = reduce(paused, {type: 'detail-open', operation: 'op_a'});
	assert.equal(detail.paused, false);
	assert.equal(detail.view.kind, 'operation');
	assert.equal(reduce(paused, {type: 'detail-open'}).paused, true, 'no row, nothing opens, still paused');
	assert.equal(commandFor('p', rawKeys('p')[0]!.key), 'pause');
	assert.equal(commandFor(' ', rawKeys(' ')[0]!.key), 'pause');
});

test('paused: refreshes publish nothing, keys move the cursor over the frozen rows, and ingest goes on until resumed', async () => {
	const dir = tempDir('ddc-top-pause-');
	const path = join(dir, 'performance_metrics.jsonl');
	const line = (operation: string, i: number) => ddcLine({operation, end: NOW / 1000 - 100 + i, duration: 0.01 * (i + 1)});
	writeFileSync(
		path,
		[...Array.from({length: 10}, (_, i) => line('op_a', i)), ...Array.from({length: 4}, (_, i) => line('op_c', i))].join(''),
	);
	let t = NOW;
	const store = createStore({clock: () => t, metricsPath: path, dockerEnabled: false});
	source = createMetricsFileSource({path, ticked: true});
	source.start(store.ingest);
	await source.sync();
	store.publish();
	assert.deepEqual(calls(store.getSnapshot()), {op_a: 10, op_c: 4});

	dispatchKey(store, {quit: () => assert.fail('quit')}, 'p', rawKeys('p')[0]!.key);
	const paused = store.getSnapshot();
	assert.equal(paused.ui.paused, true);
	const pausedAt = paused.now;

	// DDC goes on writing: lines appended during the pause are read now, by the live tail.
	appendFileSync(
		path,
		[...Array.from({length: 5}, (_, i) => line('op_a', 20 + i)), ...Array.from({length: 3}, (_, i) => line('op_b', i))].join(''),
	);
	t += 5000;
	await source.sync();
	store.publish();
	assert.equal(store.getSnapshot(), paused, 'a refresh while paused publishes nothing: the frame cannot change');

	// The cursor moves (and the sort turns) over the figures of the paused moment.
	store.dispatch({type: 'cursor-move', move: 'down'});
	const moved = store.getSnapshot();
	assert.notEqual(moved, paused);
	assert.equal(moved.ui.cursor.operations.name, 'op_c');
	assert.deepEqual(calls(moved), {op_a: 10, op_c: 4});
	assert.equal(moved.now, pausedAt, 'the clock shown is the paused moment');
	assert.equal(moved.file.linesRead, 14);
	store.dispatch({type: 'sort-reverse'});
	assert.deepEqual(
		store.getSnapshot().operations.rows.map((r) => r.operation),
		['op_c', 'op_a'],
	);
	store.dispatch({type: 'cycle-window'});
	assert.deepEqual(calls(store.getSnapshot()), {op_a: 10, op_c: 4}, 'another window, of the same moment');
	store.dispatch({type: 'cycle-window'});
	store.dispatch({type: 'cycle-window'});

	// Nothing is read after this: what the resumed rows add was collected during the pause.
	await source.stop();
	source = undefined;
	store.dispatch({type: 'toggle-pause'});
	const resumed = store.getSnapshot();
	assert.equal(resumed.ui.paused, false);
	assert.deepEqual(calls(resumed), {op_a: 15, op_b: 3, op_c: 4});
	assert.equal(resumed.file.linesRead, 22);
	assert.equal(resumed.now, t);
	t += 1000;
	store.publish();
	assert.notEqual(store.getSnapshot(), resumed, 'refreshes publish again');
});

test('frame: the header marks the pause beside the paused clock, within the width, at 80 and 120 columns', () => {
	let t = NOW;
	const store = createStore({clock: () => t, metricsPath: '/tmp/none.jsonl', dockerEnabled: false});
	store.ingest({type: 'metrics-lines', lines: [ddcLineText({operation: 'op_a', end: NOW / 1000 - 5, duration: 0.1})]});
	store.publish();
	for (const columns of [80, 120]) {
		const live = plain(renderDashboard(store.getSnapshot(), {columns, rows: 24, version: '1.0.0', dockerEnabled: false})[0]);
		assert.doesNotMatch(live, /PAUSED/);
	}
	store.dispatch({type: 'toggle-pause'});
	const clock = plain(renderDashboard(store.getSnapshot(), {columns: 80, rows: 24, version: '1.0.0', dockerEnabled: false})[0]).slice(-8);
	t += 60_000;
	store.publish();
	for (const columns of [80, 120]) {
		const lines = renderDashboard(store.getSnapshot(), {columns, rows: 24, version: '1.0.0', dockerEnabled: false}).map(plain);
		assert.match(lines[0], /^ddc-top 1\.0\.0 · window 24h/);
		assert.ok(lines[0].endsWith(`${PAUSED_MARK} ${clock}`), lines[0]);
		assert.equal(Array.from(lines[0]).length, columns);
		assert.ok(lines.every((l) => Array.from(l).length <= columns));
	}
	// In reverse video, so the mark stands out with or without colours.
	const raw = renderDashboard(store.getSnapshot(), {columns: 120, rows: 24, version: '1.0.0', dockerEnabled: false})[0];
	assert.ok(raw.includes(PAUSED_MARK));
	// The detail's title says it too when paused there.
	store.dispatch({type: 'toggle-pause'});
	store.dispatch({type: 'detail-open', operation: 'op_a'});
	store.dispatch({type: 'toggle-pause'});
	const snap = store.getSnapshot();
	const title = plain(renderOperationDetail(snap, 'op_a', '1.0.0', layout(snap, 100, 30))[0]);
	assert.match(title, /operation op_a/);
	assert.ok(title.includes(PAUSED_MARK), title);
});
