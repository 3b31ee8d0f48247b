import {type ContainerSort, DEFAULT_CONTAINER_SORT, nextContainerSortKey} from '../core/containers-view.js';
import type {ExportFormat} from '../core/export-render.js';
import {parseFilter} from '../core/filter.js';
import {WINDOWS, type WindowName} from '../core/latency-windows.js';
import {DEFAULT_SORT, nextSortKey, type Sort} from '../core/operations-view.js';
import {WINDOW_SECONDS} from '../core/windows.js';
import {type Cursor, type CursorMove, moveCursor, START_CURSOR, type TableView} from './cursor.js';

export type Focus = 'operations' | 'containers';

/** What the keyboard is talking to. One union, so two modes can never be on at once. */
export type Mode = {kind: 'normal'} | {kind: 'filter'; draft: string} | {kind: 'help'; offset: number} | {kind: 'menu'; menu: MenuState};

/** What the cleanup preview shows before anything changes (plain data, for the view). */
export interface CleanupPreview {
	path: string;
	/** Epoch seconds: lines that ended before it go. */
	cutoff: number;
	remove: number;
	keep: number;
	invalid: number;
	sizeBefore: number;
	sizeAfter: number;
}

/** The cleanup/export menu's steps; every step can be left with Esc. */
export type MenuState =
	| {step: 'choose'; index: number}
	| {step: 'cleanup-days'; draft: string; error?: string}
	| {step: 'cleanup-preview'; days: number; preview: CleanupPreview}
	| {step: 'export-format'; index: number}
	| {step: 'export-overwrite'; format: ExportFormat; path: string}
	| {step: 'working'; what: string}
	| {step: 'done'; ok: boolean; lines: string[]};

/**
 * What the screen shows: the tables, or one operation's detail (Enter on its row; Esc or Backspace back).
 * Apart from `mode`, so the help and the menu open over either.
 */
export type View =
	| {kind: 'dashboard'}
	| ({kind: 'operation'; operation: string} & TimeSelection)
	/** One container's detail (issue #14 §3): by id (names can be reused); `logs` while its log lines show (`l`). */
	| {kind: 'container'; id: string; name: string; logs: boolean};

/**
 * The detail's time cursor and range (issue #14 §2d), in epoch seconds on the window's steps: ←/→ move
 * the cursor a step, the mark key marks a range's start, then its end; the figures are then the range's.
 */
export interface TimeSelection {
	/** The start of the step under the cursor; none until ←/→ is pressed. */
	cursor?: number;
	/** A range's start, marked, waiting for its end. */
	mark?: number;
	/** Both ends included. */
	range?: {from: number; to: number};
}

/** `f`'s steps, in order: every operation, those with failed calls, those that would fail `ddc-top check`. */
export type OperationsShown = 'all' | 'failures' | 'breaches';
export const OPERATIONS_SHOWN: readonly OperationsShown[] = ['all', 'failures', 'breaches'];

export interface UiState {
	mode: Mode;
	view: View;
	window: WindowName;
	focus: Focus;
	sort: Sort;
	containerSort: ContainerSort;
	/** Applied filters (as typed), per table. */
	filter: string;
	containerFilter: string;
	/** Which operations show (`f` cycles): all, those with failures, those that breach or regressed. */
	only: OperationsShown;
	/** Stopped containers are listed too (`a`, as `docker stats -a`). */
	allContainers: boolean;
	/**
	 * The figures on screen are frozen (issue #14 §1b): ingest goes on, the store keeps the figures of the
	 * moment the pause began until it ends; keys still move the cursor, sort and filter over those figures.
	 */
	paused: boolean;
	/** Each table's selected row, by name (the store settles it against the rows at each publish). */
	cursor: Readonly<Record<Focus, Cursor>>;
}

export function initialUiState(options: {window?: WindowName; filter?: string} = {}): UiState {
	return {
		mode: {kind: 'normal'},
		view: {kind: 'dashboard'},
		window: options.window ?? '24h',
		focus: 'operations',
		sort: DEFAULT_SORT,
		containerSort: DEFAULT_CONTAINER_SORT,
		filter: options.filter ?? '',
		containerFilter: '',
		only: 'all',
		allContainers: false,
		paused: false,
		cursor: {operations: START_CURSOR, containers: START_CURSOR},
	};
}

export type Action =
	| {type: 'cycle-window'}
	| {type: 'sort-step'; step: 1 | -1}
	| {type: 'sort-reverse'}
	| {type: 'filter-open'}
	| {type: 'filter-edit'; draft: string}
	| {type: 'filter-apply'}
	| {type: 'filter-clear'}
	/** `f`: the next of OPERATIONS_SHOWN (all -> failures -> breaches -> all). */
	| {type: 'toggle-failures'}
	| {type: 'toggle-help'}
	| {type: 'toggle-pause'}
	/** `room`: the help's lines and how many show (the overlay's size); without it only the top is a limit. */
	| {type: 'help-scroll'; move: CursorMove; room?: {lines: number; page: number}}
	| {type: 'focus-next'}
	/** `view`: the focused table's rows as shown (the store adds it; the reducer holds no rows). */
	| {type: 'cursor-move'; move: CursorMove; view?: TableView}
	/** `operation`: the selected row's (the store adds it; without one nothing opens). */
	| {type: 'detail-open'; operation?: string}
	| {type: 'detail-close'}
	/** `id`, `name`: the selected container's (the store adds them; without them nothing opens). */
	| {type: 'container-open'; id?: string; name?: string}
	| {type: 'toggle-logs'}
	| {type: 'toggle-all-containers'}
	/** `now` (epoch s): where the newest step is (the store adds it). */
	| {type: 'time-cursor'; by: -1 | 1; now?: number}
	| {type: 'time-mark'; now?: number}
	| {type: 'menu-set'; menu: MenuState}
	| {type: 'menu-close'};

/** The filter text the focused table is showing right now (a draft while the prompt is open). */
export function activeFilter(ui: UiState, table: Focus): string {
	if (ui.mode.kind === 'filter' && ui.focus === table) return ui.mode.draft;
	return table === 'operations' ? ui.filter : ui.containerFilter;
}

const NO_ROWS: TableView = {names: [], page: 1};

/** The step each window's timeline has, in seconds (as the detail model's). */
const STEP: Record<WindowName, number> = {'1h': 60, '24h': 900, all: 86_400};

function timeStep(sel: TimeSelection, window: WindowName, action: Extract<Action, {type: 'time-cursor' | 'time-mark'}>): TimeSelection {
	const step = STEP[window];
	const newest = Math.floor((action.now ?? 0) / step) * step;
	const oldest = window === 'all' ? 0 : newest - (WINDOW_SECONDS[window] / step - 1) * step;
	const cursor = sel.cursor ?? newest;
	if (action.type === 'time-cursor') {
		// First press: the cursor appears on the newest step, where the eye already is.
		const next = sel.cursor === undefined ? newest : cursor + action.by * step;
		return {...sel, cursor: Math.max(oldest, Math.min(newest, next))};
	}
	// A third press clears the range.
	if (sel.range !== undefined) return {cursor: sel.cursor, mark: undefined, range: undefined};
	if (sel.mark === undefined) return {cursor, mark: cursor};
	return {cursor, mark: undefined, range: {from: Math.min(sel.mark, cursor), to: Math.max(sel.mark, cursor) + step - 1}};
}

/** The help's first line shown after a move: a line or a page at a time, never past its last page. */
function scrolled(offset: number, move: CursorMove, room: {lines: number; page: number} | undefined): number {
	const page = Math.max(1, room?.page ?? 1);
	const last = room === undefined ? Number.POSITIVE_INFINITY : Math.max(0, room.lines - page);
	const next = {up: offset - 1, down: offset + 1, 'page-up': offset - page, 'page-down': offset + page, first: 0, last}[move];
	return Math.max(0, Math.min(last, next));
}

export function reduce(ui: UiState, action: Action): UiState {
	switch (action.type) {
		case 'cursor-move': {
			const cursor = moveCursor(ui.cursor[ui.focus], action.move, action.view ?? NO_ROWS);
			return cursor === ui.cursor[ui.focus] ? ui : {...ui, cursor: {...ui.cursor, [ui.focus]: cursor}};
		}
		case 'cycle-window': {
			const window = WINDOWS[(WINDOWS.indexOf(ui.window) + 1) % WINDOWS.length];
			// Another window has other steps: a cursor or range on the old ones would fall between them.
			const view: View = ui.view.kind === 'operation' ? {kind: 'operation', operation: ui.view.operation} : ui.view;
			return {...ui, window, view};
		}
		case 'time-cursor':
		case 'time-mark':
			return ui.view.kind === 'operation' ? {...ui, view: {...ui.view, ...timeStep(ui.view, ui.window, action)}} : ui;
		case 'sort-step': {
			// A new column starts in the order one reads it: names a..z, numbers largest first.
			if (ui.focus === 'operations') {
				const key = nextSortKey(ui.sort.key, action.step);
				return {...ui, sort: {key, descending: key !== 'operation'}};
			}
			const key = nextContainerSortKey(ui.containerSort.key, action.step);
			return {...ui, containerSort: {key, descending: key !== 'name'}};
		}
		case 'sort-reverse':
			return ui.focus === 'operations'
				? {...ui, sort: {...ui.sort, descending: !ui.sort.descending}}
				: {...ui, containerSort: {...ui.containerSort, descending: !ui.containerSort.descending}};
		case 'filter-open':
			return {...ui, mode: {kind: 'filter', draft: activeFilter(ui, ui.focus)}};
		case 'filter-edit':
			return ui.mode.kind === 'filter' ? {...ui, mode: {kind: 'filter', draft: action.draft}} : ui;
		case 'filter-apply': {
			if (ui.mode.kind !== 'filter') return ui;
			const draft = ui.mode.draft;
			// An invalid /regex/ is not applied: the prompt stays open with its error until it is fixed or cleared.
			if (!parseFilter(draft).ok) return ui;
			const next = {...ui, mode: {kind: 'normal'} as const};
			return ui.focus === 'operations' ? {...next, filter: draft} : {...next, containerFilter: draft};
		}
		case 'filter-clear': {
			const next = {...ui, mode: {kind: 'normal'} as const};
			return ui.focus === 'operations' ? {...next, filter: ''} : {...next, containerFilter: ''};
		}
		case 'toggle-failures':
			return {...ui, only: OPERATIONS_SHOWN[(OPERATIONS_SHOWN.indexOf(ui.only) + 1) % OPERATIONS_SHOWN.length]};
		case 'toggle-pause':
			return {...ui, paused: !ui.paused};
		case 'toggle-help':
			return {...ui, mode: ui.mode.kind === 'help' ? {kind: 'normal'} : {kind: 'help', offset: 0}};
		case 'help-scroll': {
			if (ui.mode.kind !== 'help') return ui;
			const offset = scrolled(ui.mode.offset, action.move, action.room);
			return offset === ui.mode.offset ? ui : {...ui, mode: {kind: 'help', offset}};
		}
		case 'focus-next':
			return {...ui, focus: ui.focus === 'operations' ? 'containers' : 'operations'};
		case 'detail-open':
			// A detail reads the file's past as it opens, so it cannot show the paused moment: opening one resumes.
			return action.operation === undefined ? ui : {...ui, paused: false, view: {kind: 'operation', operation: action.operation}};
		case 'container-open':
			return action.id === undefined || action.name === undefined
				? ui
				: {...ui, paused: false, view: {kind: 'container', id: action.id, name: action.name, logs: false}};
		case 'toggle-logs':
			return ui.view.kind === 'container' ? {...ui, view: {...ui.view, logs: !ui.view.logs}} : ui;
		case 'toggle-all-containers':
			return {...ui, allContainers: !ui.allContainers};
		case 'detail-close':
			return ui.view.kind === 'dashboard' ? ui : {...ui, view: {kind: 'dashboard'}};
		case 'menu-set':
			return {...ui, mode: {kind: 'menu', menu: action.menu}};
		case 'menu-close':
			return {...ui, mode: {kind: 'normal'}};
	}
}
