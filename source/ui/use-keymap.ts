import {useInput, type Key} from 'ink';
import type {Store} from '../state/store.js';
import {commandFor, type Command} from './keymap.js';
import {editText} from './text-edit.js';
import {splitInput} from './split-input.js';
import type {Action} from '../state/reducer.js';

export interface KeymapHandlers {
	quit(): void;
	/** Keys while the menu is open (it owns them until it closes). */
	menuKey?(input: string, key: Key): void;
	/** Opens the menu (the menu decides its first step). */
	openMenu?(): void;
}

const ACTIONS: Partial<Record<Command, Action>> = {
	help: {type: 'toggle-help'},
	'cycle-window': {type: 'cycle-window'},
	'sort-next': {type: 'sort-step', step: 1},
	'sort-prev': {type: 'sort-step', step: -1},
	'sort-reverse': {type: 'sort-reverse'},
	filter: {type: 'filter-open'},
	'failures-only': {type: 'toggle-failures'},
	'focus-next': {type: 'focus-next'},
};

/** The app's only useInput: a key goes keymap -> action -> reducer -> immediate publish. */
export function useKeymap(store: Store, handlers: KeymapHandlers): void {
	useInput((input, key) => {
		for (const [i, k] of splitInput(input, key)) handleKey(store, handlers, i, k);
	});
}

function handleKey(store: Store, handlers: KeymapHandlers, input: string, key: Key): void {
	if (key.ctrl && input === 'c') {
		handlers.quit();
		return;
	}
	const mode = store.getSnapshot().ui.mode;
	switch (mode.kind) {
		case 'filter': {
			const result = editText(mode.draft, input, key);
			if (result.kind === 'edit') store.dispatch({type: 'filter-edit', draft: result.text});
			else if (result.kind === 'submit') store.dispatch({type: 'filter-apply'});
			else if (result.kind === 'cancel') store.dispatch({type: 'filter-clear'});
			return;
		}
		case 'help':
			if (key.escape || input === '?' || input === 'q') store.dispatch({type: 'toggle-help'});
			return;
		case 'menu':
			handlers.menuKey?.(input, key);
			return;
		case 'normal': {
			const command = commandFor(input, key);
			if (command === 'quit') handlers.quit();
			else if (command === 'menu') handlers.openMenu?.();
			else if (command) store.dispatch(ACTIONS[command]!);
			else if (key.escape) store.dispatch({type: 'filter-clear'});
		}
	}
}
