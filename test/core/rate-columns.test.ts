import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {buildExportDocument} from '../../source/core/export-document.js';
import {parseFilter} from '../../source/core/filter.js';
import {LatencyStats, type OperationSummary} from '../../source/core/latency-windows.js';
import {selectOperations} from '../../source/core/operations-view.js';
import {renderOperationsText} from '../../source/terminal-output/plain-table.js';
import {operationsTable} from '../../source/ui/dashboard/operations-table.js';

const NOW = 1_763_000_000;

/** "live": 60 calls a minute for the last 5 minutes; "old": 100 calls 27-35 minutes ago; "single": one, 10 minutes ago. */
function rows(): OperationSummary[] {
	const s = new LatencyStats();
	s.advance(NOW);
	for (let i = 0; i < 300; i++) s.record({operation: 'live', endTime: NOW - i - 0.5, duration: 0.01, success: true});
	for (let i = 0; i < 100; i++) s.record({operation: 'old', endTime: NOW - 27 * 60 - i * 4.8, duration: 0.01, success: true});
	s.record({operation: 'single', endTime: NOW - 600, duration: 0.2, success: true});
	return s.summaries('1h');
}

const table = (width: number, sortKey: 'rate' | 'avgRate' = 'rate') =>
	operationsTable({
		rows: selectOperations(rows(), {filter: parseFilter(''), failuresOnly: false, sort: {key: sortKey, descending: true}, hideEmpty: true}),
		total: 3,
		sort: {key: sortKey, descending: true},
		now: NOW * 1000,
		width,
		height: 10,
		focused: true,
		windowLabel: '1h',
		emptyText: '',
	}).map((l) => stripVTControlCharacters(l));

test('the live table shows RATE/m (last 5 minutes) and, where there is room, AVG/m (the window average)', () => {
	const wide = table(120);
	assert.match(wide[1], /RATE\/m▼ +AVG\/m$/);
	const live = wide.find((l) => l.startsWith('live'))!;
	const old = wide.find((l) => l.startsWith('old'))!;
	const single = wide.find((l) => l.startsWith('single'))!;
	assert.match(live, / 60\.0 +5\.00$/);
	assert.match(old, / 0 +1\.67$/);
	assert.match(single, / 0 +0\.02$/); // 0.0167 at two decimals, as formatRate prints rates under 10
	// Sorting by the rate means busiest now: "live" first; by the average, "live" (5) still before "old" (1.67).
	assert.ok(wide.indexOf(live) < wide.indexOf(old));
	const byAvg = table(120, 'avgRate');
	assert.deepEqual(
		byAvg.slice(2, 5).map((l) => l.split(' ')[0]),
		['live', 'old', 'single'],
	);
	// 100 columns: AVG/m would squeeze the names under 24 characters, so it waits for a wider terminal.
	assert.doesNotMatch(table(100)[1], /AVG\/m/);
	// 80 columns: no room for AVG/m, the current rate stays.
	const narrow = table(80);
	assert.doesNotMatch(narrow[1], /AVG\/m/);
	assert.match(narrow[1], /RATE\/m▼$/);
});

test('--once prints AVG/m when its lines fit 120 columns, and leaves it out when long names would not', () => {
	const text = renderOperationsText(rows(), 'title').split('\n');
	assert.match(text[1], /RATE\/m +AVG\/m$/);
	assert.match(text.find((l) => l.startsWith('old'))!, / 0 +1\.67$/);
	assert.ok(text.every((l) => l.length <= 120));
	const long = rows().map((r) => ({...r, operation: `${r.operation}_${'x'.repeat(30)}`}));
	const narrow = renderOperationsText(long, 'title').split('\n');
	assert.match(narrow[1], /RATE\/m$/);
});

test('--json carries rate_per_min and avg_per_min per operation', () => {
	const doc = buildExportDocument({
		at: new Date(NOW * 1000),
		window: '1h',
		filter: null,
		summaries: rows(),
		source: {path: 'm.jsonl', linesRead: 401, linesRejected: 0, rejectReasons: new Map()},
	});
	const ops = doc.ddc_top.operations;
	assert.equal(ops.live.rate_per_min, 60);
	assert.equal(ops.live.avg_per_min, 5);
	assert.equal(ops.old.rate_per_min, 0);
	assert.ok(Math.abs(ops.old.avg_per_min - 100 / 60) < 1e-9);
	assert.ok(Math.abs(ops.single.avg_per_min - 1 / 60) < 1e-9);
});
