import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import {type Action, activeFilter, initialUiState, reduce, type UiState} from '../../source/state/reducer.js';
import {commandFor, helpLines, KEY_BINDINGS} from '../../source/ui/keymap.js';
import {NO_KEY} from '../../source/ui/split-input.js';
import {editText} from '../../source/ui/text-edit.js';

const run = (actions: Action[], start: UiState = initialUiState()) => actions.reduce(reduce, start);

test('window cycles 1h -> 24h -> all, starting from DDC default 24h', () => {
	const ui = initialUiState();
	assert.equal(ui.window, '24h');
	assert.equal(run([{type: 'cycle-window'}]).window, 'all');
	assert.equal(run([{type: 'cycle-window'}, {type: 'cycle-window'}]).window, '1h');
});

test('filter: open, type, apply; Esc clears; the draft shows while typing', () => {
	let ui = run([{type: 'filter-open'}, {type: 'filter-edit', draft: 'dock'}]);
	assert.equal(ui.mode.kind, 'filter');
	assert.equal(activeFilter(ui, 'operations'), 'dock');
	assert.equal(ui.filter, '');
	ui = reduce(ui, {type: 'filter-apply'});
	assert.deepEqual([ui.mode.kind, ui.filter], ['normal', 'dock']);
	ui = run([{type: 'filter-open'}, {type: 'filter-clear'}], ui);
	assert.deepEqual([ui.mode.kind, ui.filter], ['normal', '']);
});

test('sort and filter act on the focused table', () => {
	const ui = run([
		{type: 'focus-next'},
		{type: 'sort-step', step: 1},
		{type: 'sort-reverse'},
		{type: 'filter-open'},
		{type: 'filter-edit', draft: 'mc'},
		{type: 'filter-apply'},
	]);
	assert.equal(ui.focus, 'containers');
	assert.equal(ui.sort.key, 'p95');
	assert.equal(ui.containerSort.key, 'mem');
	assert.equal(ui.containerSort.descending, false);
	assert.equal(ui.containerFilter, 'mc');
	assert.equal(ui.filter, '');
});

test('Enter on an invalid /regex/ applies nothing and keeps the editor open', () => {
	let ui = run([{type: 'filter-open'}, {type: 'filter-edit', draft: '/(/'}, {type: 'filter-apply'}]);
	assert.deepEqual(ui.mode, {kind: 'filter', draft: '/(/'});
	assert.equal(ui.filter, '');
	ui = run([{type: 'filter-edit', draft: '/(a)/'}, {type: 'filter-apply'}], ui);
	assert.deepEqual([ui.mode.kind, ui.filter], ['normal', '/(a)/'], 'once fixed, Enter applies it');
	ui = run([{type: 'focus-next'}, {type: 'filter-open'}, {type: 'filter-edit', draft: '/[/'}, {type: 'filter-apply'}], ui);
	assert.deepEqual([ui.mode.kind, ui.containerFilter], ['filter', ''], 'the containers filter too');
});

test('a new sort column starts ascending for names and descending for numbers', () => {
	const toName = run([
		{type: 'sort-reverse'},
		{type: 'sort-step', step: -1},
		{type: 'sort-step', step: -1},
		{type: 'sort-step', step: -1},
		{type: 'sort-step', step: -1},
		{type: 'sort-step', step: -1},
		{type: 'sort-step', step: -1},
		{type: 'sort-step', step: -1},
	]);
	// p95 -> p50 -> min -> slo -> failed -> ok -> calls -> operation.
	assert.deepEqual(toName.sort, {key: 'operation', descending: false});
	assert.deepEqual(reduce(toName, {type: 'sort-step', step: 1}).sort, {key: 'calls', descending: true});
	let c = run([{type: 'focus-next'}, {type: 'sort-step', step: -1}]);
	assert.deepEqual(c.containerSort, {key: 'name', descending: false});
	c = reduce(c, {type: 'sort-step', step: 1});
	assert.deepEqual(c.containerSort, {key: 'cpu', descending: true});
});

test('help toggles; modes exclude each other', () => {
	const ui = run([{type: 'toggle-help'}]);
	assert.equal(ui.mode.kind, 'help');
	assert.equal(reduce(ui, {type: 'toggle-help'}).mode.kind, 'normal');
});

const key = (over: Partial<Key> = {}): Key => ({...NO_KEY, ...over});

test('keymap: data drives matching', () => {
	assert.equal(commandFor('q', key()), 'quit');
	assert.equal(commandFor('c', key({ctrl: true})), 'quit');
	assert.equal(commandFor('c', key()), undefined);
	assert.equal(commandFor('S', key({shift: true})), 'sort-prev');
	assert.equal(commandFor('>', key()), 'sort-next');
	assert.equal(commandFor('', key({tab: true})), 'focus-next');
});

test('help lines list every binding', () => {
	const lines = helpLines();
	assert.equal(lines.length, KEY_BINDINGS.length);
	assert.ok(lines.some((l) => l.keys === 'q Ctrl-C'));
});

test('text editing: backspace arrives as delete too; controls in pastes are dropped', () => {
	assert.deepEqual(editText('abc', '', key({delete: true})), {kind: 'edit', text: 'ab'});
	assert.deepEqual(editText('abc', '', key({backspace: true})), {kind: 'edit', text: 'ab'});
	assert.deepEqual(editText('a', 'b\u001B[2Jc', key()), {kind: 'edit', text: 'ab[2Jc'});
	assert.deepEqual(editText('a', '', key({return: true})), {kind: 'submit'});
	assert.deepEqual(editText('a', '', key({escape: true})), {kind: 'cancel'});
});

test('keys that arrive in one read (SSH batching, tmux send-keys) are replayed one by one', async () => {
	const {splitInput} = await import('../../source/ui/split-input.js');
	const parts = splitInput('j\r', key());
	assert.deepEqual(
		parts.map(([i, k]) => [i, k.return]),
		[
			['j', false],
			['', true],
		],
	);
	assert.equal(splitInput('q', key()).length, 1);
	const [[input, k]] = splitInput('\u0003x', key());
	assert.deepEqual([input, k.ctrl], ['c', true]);
	assert.equal(splitInput('ab\u007F', key())[2][1].backspace, true);
	assert.equal(splitInput('S', key({shift: true}))[0][1].shift, true);
});
