// The row cursor, kept by name: the pure moves and settling, the reducer's part, and the store settling it
// against each publish's rows (re-sorts, filters, rows arriving above). Frames are in cursor-ui.test.tsx.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import chalk from 'chalk';
import {type Cursor, type CursorMove, clampOffset, moveCursor, START_CURSOR, settleCursor} from '../../source/state/cursor.js';
import {initialUiState, reduce} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {splitBody} from '../../source/ui/dashboard/dashboard.js';
import {tableLines} from '../../source/ui/dashboard/table.js';
import {ddcLineText} from '../helpers/ddc-lines.js';

const names = (n: number, prefix = 'r') => Array.from({length: n}, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
const moves = (cursor: Cursor, list: CursorMove[], rows: readonly string[], page: number) =>
	list.reduce((c, move) => moveCursor(c, move, {names: rows, page}), cursor);

test('moves: one row, a page (the view moves with the cursor), first and last; never past either end', () => {
	const rows = names(40);
	let c = moves(START_CURSOR, ['down', 'down'], rows, 10);
	assert.deepEqual(c, {name: 'r02', index: 2, offset: 0});
	c = moves(c, ['page-down'], rows, 10);
	assert.deepEqual(c, {name: 'r12', index: 12, offset: 10}, 'the cursor keeps its line on screen');
	c = moves(c, ['last'], rows, 10);
	assert.deepEqual(c, {name: 'r39', index: 39, offset: 30});
	assert.deepEqual(moves(c, ['down', 'page-down'], rows, 10), c, 'nothing below the last row');
	c = moves(c, ['page-up'], rows, 10);
	assert.deepEqual(c, {name: 'r29', index: 29, offset: 20});
	c = moves(c, ['first'], rows, 10);
	assert.deepEqual(c, {name: 'r00', index: 0, offset: 0});
	assert.deepEqual(moves(c, ['up', 'page-up'], rows, 10), c, 'nothing above the first row');
	assert.deepEqual(moves(START_CURSOR, ['down', 'last'], [], 10), START_CURSOR, 'no rows: nothing to move over');
});

test('the view stands still while the cursor moves inside it, and scrolls one row at its edges', () => {
	const rows = names(40);
	let c = moves(START_CURSOR, Array<CursorMove>(9).fill('down'), rows, 10);
	assert.deepEqual([c.index, c.offset], [9, 0]);
	c = moves(c, ['down'], rows, 10);
	assert.deepEqual([c.index, c.offset], [10, 1], 'one row past the bottom: scrolled by one');
	c = moves(c, ['up', 'up', 'up'], rows, 10);
	assert.deepEqual([c.index, c.offset], [7, 1], 'back up inside the view: the view stays');
	assert.equal(clampOffset(35, 39, 40, 10), 30, 'never past the last full page');
	assert.equal(clampOffset(5, 2, 3, 10), 0, 'all rows fit: no scroll');
});

test('settling keeps the row by name across a re-sort and rows added above, and falls to the row at its place when the name leaves', () => {
	const rows = names(20);
	const c = moves(START_CURSOR, ['page-down', 'down'], rows, 10);
	assert.deepEqual(c, {name: 'r11', index: 11, offset: 10});
	const reversed = [...rows].reverse();
	assert.deepEqual(
		settleCursor(c, {names: reversed, page: 10}),
		{name: 'r11', index: 8, offset: 8},
		're-sorted: same row, scrolled to show it',
	);
	const above = [...names(3, 'new'), ...rows];
	assert.deepEqual(
		settleCursor(c, {names: above, page: 10}),
		{name: 'r11', index: 14, offset: 10},
		'rows above: the view stays while the row is in it',
	);
	const filtered = rows.filter((n) => n !== 'r11');
	assert.deepEqual(
		settleCursor(c, {names: filtered, page: 10}),
		{name: 'r12', index: 11, offset: 9},
		'its name left: the row now at its place (one row fewer: the view ends at the last)',
	);
	assert.deepEqual(settleCursor(c, {names: ['r01', 'r02'], page: 10}), {name: 'r02', index: 1, offset: 0}, 'past the end: the last row');
	assert.equal(settleCursor(c, {names: [], page: 10}), c, 'no rows (a filter that matches nothing): kept as it is');
	assert.equal(settleCursor(c, {names: rows, page: 10}), c, 'nothing changed: the same object');
});

test("the reducer moves the focused table's cursor only", () => {
	const view = {names: ['a', 'b', 'c'], page: 10};
	let ui = reduce(initialUiState(), {type: 'cursor-move', move: 'down', view});
	assert.equal(ui.cursor.operations.name, 'b');
	assert.equal(ui.cursor.containers, START_CURSOR);
	ui = reduce(reduce(ui, {type: 'focus-next'}), {type: 'cursor-move', move: 'last', view});
	assert.deepEqual([ui.cursor.operations.name, ui.cursor.containers.name], ['b', 'c']);
	assert.equal(reduce(ui, {type: 'cursor-move', move: 'down', view}), ui, 'at the end: unchanged, nothing to publish');
});

const NOW_MS = 1_763_000_000_000;
const line = (operation: string, duration: number) => ddcLineText({operation, end: NOW_MS / 1000 - 60, duration});

test('the store keeps the selected operation by name across refreshes, re-sorts and filters', () => {
	let now = NOW_MS;
	const store = createStore({clock: () => now, metricsPath: '/tmp/m.jsonl', dockerEnabled: false});
	store.ingest({type: 'metrics-lines', lines: ['a_op', 'b_op', 'c_op', 'd_op'].map((op, i) => line(op, 0.4 - i * 0.1))});
	store.publish();
	const selected = () => store.getSnapshot().ui.cursor.operations.name;
	const order = () => store.getSnapshot().operations.rows.map((r) => r.operation);
	assert.equal(selected(), 'a_op', 'the first row to begin with');
	store.dispatch({type: 'cursor-move', move: 'down'});
	store.dispatch({type: 'cursor-move', move: 'down'});
	assert.equal(selected(), 'c_op');
	// A slower operation arrives: it sorts above, and the cursor stays on its row.
	store.ingest({type: 'metrics-lines', lines: [line('slowest_op', 5)]});
	now += 1000;
	store.publish();
	assert.deepEqual(order(), ['slowest_op', 'a_op', 'b_op', 'c_op', 'd_op']);
	assert.equal(selected(), 'c_op');
	assert.equal(store.getSnapshot().ui.cursor.operations.index, 3);
	store.dispatch({type: 'sort-reverse'});
	assert.equal(order()[1], 'c_op');
	assert.equal(selected(), 'c_op', 're-sorted');
	// A filter that drops it: the row now at its place; undone, that row stays selected.
	store.dispatch({type: 'filter-open'});
	store.dispatch({type: 'filter-edit', draft: '/^(a|b|d|slowest)_op$/'});
	assert.deepEqual(order(), ['d_op', 'b_op', 'a_op', 'slowest_op']);
	assert.equal(selected(), 'b_op', 'fell to the row at its place (index 1)');
	store.dispatch({type: 'filter-clear'});
	assert.equal(selected(), 'b_op');
	// A filter matching nothing, then cleared: the same row again.
	store.dispatch({type: 'filter-open'});
	store.dispatch({type: 'filter-edit', draft: 'nothing'});
	assert.deepEqual(order(), []);
	store.dispatch({type: 'filter-clear'});
	assert.equal(selected(), 'b_op');
});

test('the store pages by the rows the screen last showed', () => {
	const store = createStore({clock: () => NOW_MS, metricsPath: '/tmp/m.jsonl', dockerEnabled: false});
	store.ingest({type: 'metrics-lines', lines: names(30, 'op').map((op, i) => line(op, 1 - i / 100))});
	store.publish();
	store.viewport({operations: 7, containers: 1});
	store.dispatch({type: 'cursor-move', move: 'page-down'});
	assert.deepEqual(store.getSnapshot().ui.cursor.operations, {name: 'op07', index: 7, offset: 7});
	store.dispatch({type: 'cursor-move', move: 'last'});
	assert.deepEqual(store.getSnapshot().ui.cursor.operations, {name: 'op29', index: 29, offset: 23});
});

test('a table that scrolls says which rows it shows; the selected row is a bar: black on cyan, or reverse video without colors', () => {
	const level = chalk.level;
	try {
		for (const colors of [1, 0] as const) {
			chalk.level = colors;
			const lines = tableLines({
				title: 'T',
				focused: true,
				header: 'NAME',
				rows: names(40),
				row: (r) => r,
				width: 30,
				height: 8,
				scroll: {offset: 11, index: 13, selected: true},
			});
			const plain = lines.map((l) => stripVTControlCharacters(l).trimEnd());
			assert.deepEqual(plain.slice(2), ['r11', 'r12', 'r13', 'r14', 'r15', '… 24 more · 12-16 of 40']);
			const bar = colors ? chalk.black.bgCyan('r13'.padEnd(30)) : `\u001B[7m${'r13'.padEnd(30)}\u001B[27m`;
			assert.deepEqual(
				lines.filter((l) => l.includes('r13')),
				[bar],
				`one full-width bar (chalk level ${colors})`,
			);
		}
	} finally {
		chalk.level = level;
	}
	const end = tableLines({
		title: 'T',
		focused: true,
		header: 'H',
		rows: names(40),
		row: (r) => r,
		width: 30,
		height: 8,
		scroll: {offset: 35, index: 39, selected: false},
	});
	assert.equal(stripVTControlCharacters(end.at(-1)!).trimEnd(), '… 35 above · 36-40 of 40');
	assert.ok(!end.some((l) => l.includes('\u001B[7m') || l.includes('\u001B[46m')), 'no cursor drawn in a table without focus');
	const one = tableLines({
		title: 'T',
		focused: true,
		header: 'H',
		rows: names(40),
		row: (r) => r,
		width: 30,
		height: 3,
		scroll: {offset: 0, index: 5, selected: true},
	});
	assert.equal(stripVTControlCharacters(one[2]).trimEnd(), 'r05', 'a single line for rows shows the selected one');
});

test('splitBody: the operations take no more than they need while containers are hidden (no gap between the panels)', () => {
	assert.deepEqual(splitBody(20, 3, 40), {opsLines: 5, containerLines: 15});
	assert.deepEqual(splitBody(7, 15, 10), {opsLines: 3, containerLines: 4}, "60x12: a line for each table's rows at least");
});
