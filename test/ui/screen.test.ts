import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {createStore} from '../../source/state/store.js';
import {trackTerminalSize} from '../../source/terminal-output/terminal-size.js';
import {menuOrigin} from '../../source/ui/menu/menu-geometry.js';
import {createScreen} from '../../source/ui/screen.js';

const NOW = 1_763_000_000_000;

function setup() {
	const store = createStore({clock: () => NOW, metricsPath: '/tmp/m.jsonl', dockerEnabled: false});
	const terminal = Object.assign(new EventEmitter(), {columns: 100, rows: 30}) as unknown as NodeJS.WriteStream & {
		columns: number;
		rows: number;
	};
	const size = trackTerminalSize(terminal);
	return {store, terminal, size, screen: createScreen(store, size, {version: '0.0.0-test', dockerEnabled: false})};
}

test('the screen is laid out once per snapshot and size, and its origin follows the mode', () => {
	const {store, terminal, size, screen} = setup();
	const first = screen.current();
	assert.equal(screen.current(), first, 'same snapshot, same size: the same screen');
	assert.equal(first.lines.length, 29, 'one line fewer than the terminal');
	assert.equal(first.overlayOrigin, undefined, 'nothing open');
	store.dispatch({type: 'toggle-help'});
	const help = screen.current();
	assert.notEqual(help, first);
	assert.deepEqual(help.overlayOrigin, {x: 0, y: help.layout.bodyTop});
	assert.equal(help.layout, first.layout, 'an unchanged layout keeps its identity (Ink skips the render)');
	terminal.rows = 40;
	terminal.emit('resize');
	assert.deepEqual(size.current(), {columns: 100, rows: 40});
	assert.equal(screen.current().lines.length, 39, 'redrawn for the new size');
	assert.notEqual(screen.current().layout, help.layout);
	size.dispose();
});

test('subscribers hear publishes and resizes; the menu sits where MenuOverlay is drawn', () => {
	const {store, terminal, size, screen} = setup();
	let told = 0;
	const off = screen.subscribe(() => told++);
	store.publish();
	terminal.emit('resize');
	assert.equal(told, 2);
	off();
	store.publish();
	assert.equal(told, 2, 'unsubscribed');
	store.dispatch({type: 'menu-set', menu: {step: 'choose', index: 0}});
	assert.deepEqual(screen.current().overlayOrigin, menuOrigin(100));
	terminal.columns = 50;
	terminal.emit('resize');
	assert.equal(screen.current().overlayOrigin, undefined, 'too small: no overlay');
	size.dispose();
});
