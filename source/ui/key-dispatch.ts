import type {Key} from 'ink';
import type {CursorMove} from '../state/cursor.js';
import type {Action} from '../state/reducer.js';
import type {Store} from '../state/store.js';
import {type Command, commandFor} from './keymap.js';
import {editText} from './text-edit.js';

// Only `import type` from Ink here: the raw key reader calls this before Ink is loaded, Ink's useInput after.

export interface KeymapHandlers {
	quit(): void;
	/** Keys while the menu is open (it owns them until it closes). */
	menuKey?(input: string, key: Key): void;
	/** Opens the menu (the menu decides its first step). */
	openMenu?(): void;
	/** The help's lines and how many show at the overlay's size, so its scroll stops at the last page. */
	helpRoom?(): {lines: number; page: number};
}

/** The cursor's keys scroll the help while it is open. */
const HELP_MOVES: Partial<Record<Command, CursorMove>> = {
	'cursor-up': 'up',
	'cursor-down': 'down',
	'page-up': 'page-up',
	'page-down': 'page-down',
	'cursor-first': 'first',
	'cursor-last': 'last',
};

const ACTIONS: Partial<Record<Command, Action>> = {
	help: {type: 'toggle-help'},
	'cycle-window': {type: 'cycle-window'},
	'sort-next': {type: 'sort-step', step: 1},
	'sort-prev': {type: 'sort-step', step: -1},
	'sort-reverse': {type: 'sort-reverse'},
	filter: {type: 'filter-open'},
	'failures-only': {type: 'toggle-failures'},
	pause: {type: 'toggle-pause'},
	'focus-next': {type: 'focus-next'},
	'all-containers': {type: 'toggle-all-containers'},
	'cursor-up': {type: 'cursor-move', move: 'up'},
	'cursor-down': {type: 'cursor-move', move: 'down'},
	'page-up': {type: 'cursor-move', move: 'page-up'},
	'page-down': {type: 'cursor-move', move: 'page-down'},
	'cursor-first': {type: 'cursor-move', move: 'first'},
	'cursor-last': {type: 'cursor-move', move: 'last'},
};

/** What acts in the operation detail: the rest belong to the tables, which are not shown. */
const DETAIL_COMMANDS: ReadonlySet<Command> = new Set<Command>(['help', 'cycle-window', 'pause', 'menu', 'quit']);

/** Commands whose result Ink draws (the help and the menu); every other key changes only the dashboard. */
const OVERLAY_COMMANDS: ReadonlySet<Command> = new Set<Command>(['help', 'menu']);

/**
 * Whether this key, in the view's current mode, needs Ink: it opens the help or the menu, or one of them
 * is open. The filter editor is drawn by the dashboard's footer, so `/` and what is typed into it do not.
 */
export function needsOverlay(store: Store, input: string, key: Key): boolean {
	if (key.ctrl && input === 'c') return false;
	const mode = store.getSnapshot().ui.mode;
	if (mode.kind === 'help' || mode.kind === 'menu') return true;
	if (mode.kind !== 'normal') return false;
	const command = commandFor(input, key);
	return command !== undefined && OVERLAY_COMMANDS.has(command);
}

/** The one place a key becomes what it does: keymap -> action -> reducer (the store publishes at once). */
export function dispatchKey(store: Store, handlers: KeymapHandlers, input: string, key: Key): void {
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
		case 'help': {
			if (key.escape || input === '?' || input === 'q') store.dispatch({type: 'toggle-help'});
			const move = HELP_MOVES[commandFor(input, key) ?? 'quit'];
			if (move) store.dispatch({type: 'help-scroll', move, room: handlers.helpRoom?.()});
			return;
		}
		case 'menu':
			handlers.menuKey?.(input, key);
			return;
		case 'normal': {
			const command = commandFor(input, key);
			if (store.getSnapshot().ui.view.kind === 'operation') {
				// Esc or Backspace (which some terminals send as DEL, named `delete`) goes back; Enter does nothing.
				if (key.escape || key.backspace || key.delete) store.dispatch({type: 'detail-close'});
				else if (command === 'time-range') {
					if (key.leftArrow || key.rightArrow) store.dispatch({type: 'time-cursor', by: key.leftArrow ? -1 : 1});
					else store.dispatch({type: 'time-mark'});
				}
				if (command === undefined || !DETAIL_COMMANDS.has(command)) return;
			} else if (store.getSnapshot().ui.view.kind === 'container') {
				// The container detail: Esc or Backspace back, `l` its logs, and the keys that act on any view.
				if (key.escape || key.backspace || key.delete) store.dispatch({type: 'detail-close'});
				else if (command === 'logs') store.dispatch({type: 'toggle-logs'});
				if (command === undefined || !DETAIL_COMMANDS.has(command)) return;
			} else if (command === 'time-range' || command === 'logs') {
				return;
			} else if (command === 'detail') {
				// On the tables Enter opens the selected operation; Esc clears the filter, as it always did.
				if (key.return) store.dispatch(store.getSnapshot().ui.focus === 'containers' ? {type: 'container-open'} : {type: 'detail-open'});
				else if (key.escape) store.dispatch({type: 'filter-clear'});
				return;
			}
			if (command === 'quit') handlers.quit();
			else if (command === 'menu') handlers.openMenu?.();
			else if (command) store.dispatch(ACTIONS[command]!);
			else if (key.escape) store.dispatch({type: 'filter-clear'});
		}
	}
}
