import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import type {MenuState} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {createMenuController} from '../../source/ui/menu/create-menu.js';
import type {MenuEffect} from '../../source/ui/menu/menu-model.js';

const NO_KEY = {} as Key;
const ENTER = {return: true} as Key;

function setup() {
	const store = createStore({clock: () => 0, metricsPath: '/m.jsonl', dockerEnabled: false});
	const asked: MenuEffect[] = [];
	let answer: (state: MenuState) => void = () => {};
	let pending: Promise<MenuState> | undefined;
	const work = {
		run(effect: MenuEffect): Promise<MenuState> {
			asked.push(effect);
			pending = new Promise((resolve) => (answer = resolve));
			return pending;
		},
	};
	const menu = createMenuController({store, work});
	const step = () => {
		const mode = store.getSnapshot().ui.mode;
		return mode.kind === 'menu' ? mode.menu.step : mode.kind;
	};
	// Awaiting the answered promise resumes after the reactions the menu registered on it earlier.
	const answered = async (s: MenuState) => {
		answer(s);
		await pending;
	};
	return {store, menu, asked, answered, step};
}

test('the menu asks the injected work for an export and shows the step it answers with', async () => {
	const {menu, asked, answered, step} = setup();
	menu.openMenu();
	menu.menuKey('j', NO_KEY);
	menu.menuKey('', ENTER);
	assert.equal(step(), 'export-format');
	menu.menuKey('', ENTER);
	assert.deepEqual(asked, [{kind: 'export', format: 'json', force: false}]);
	assert.equal(step(), 'working', 'the menu waits for the work, the view keeps running');
	await answered({step: 'done', ok: true, lines: ['Exported to x']});
	assert.equal(step(), 'done');
});

test('an answer that arrives after the menu was closed does not reopen it', async () => {
	const {store, menu, asked, answered, step} = setup();
	menu.openMenu();
	menu.menuKey('', ENTER);
	menu.menuKey('', ENTER);
	assert.deepEqual(asked, [{kind: 'plan-cleanup', days: 30}]);
	store.dispatch({type: 'menu-close'});
	const seq = store.getSnapshot().seq;
	await answered({step: 'done', ok: true, lines: ['late']});
	assert.equal(step(), 'normal');
	assert.equal(store.getSnapshot().seq, seq, 'nothing published for a closed menu');
});
