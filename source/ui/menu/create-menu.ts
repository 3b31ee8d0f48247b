import type {Key} from 'ink';
import type {MenuState} from '../../state/reducer.js';
import type {Store} from '../../state/store.js';
import {type MenuEffect, menuKey} from './menu-model.js';

/** The work behind the menu (plan, clean up, export), given by the app: answers with the next step, never rejects. */
export interface MenuWork {
	run(effect: MenuEffect): Promise<MenuState>;
}

export interface MenuControllerDeps {
	store: Store;
	work: MenuWork;
}

export interface MenuController {
	openMenu(): void;
	menuKey(input: string, key: Key): void;
}

/**
 * The menu's keys. Steps are pure (menu-model.ts); the work a step asks for is handed to `work`, and the
 * menu moves on when it is done, while the live view keeps updating.
 */
export function createMenuController(deps: MenuControllerDeps): MenuController {
	const {store, work} = deps;
	const set = (menu: MenuState) => store.dispatch({type: 'menu-set', menu});
	const stillOpen = () => store.getSnapshot().ui.mode.kind === 'menu';
	const finish = (menu: MenuState) => {
		if (stillOpen()) set(menu);
	};

	return {
		openMenu: () => set({step: 'choose', index: 0}),
		menuKey(input, key) {
			const mode = store.getSnapshot().ui.mode;
			if (mode.kind !== 'menu') return;
			const t = menuKey(mode.menu, input, key);
			if (t.next === 'close') store.dispatch({type: 'menu-close'});
			else if (t.next !== mode.menu) set(t.next);
			if (t.effect) void work.run(t.effect).then(finish);
		},
	};
}
