// The keys as data, with no import at all: --help prints hints generated from this table before any package
// is loaded (cli-spec.ts), the footer and the help overlay draw from it, and keymap.ts matches presses to it.

/** What a key can ask for in the normal view. */
export type Command =
	| 'quit'
	| 'help'
	| 'cycle-window'
	| 'sort-next'
	| 'sort-prev'
	| 'sort-reverse'
	| 'filter'
	| 'failures-only'
	| 'pause'
	| 'focus-next'
	| 'cursor-up'
	| 'cursor-down'
	| 'page-up'
	| 'page-down'
	| 'cursor-first'
	| 'cursor-last'
	| 'menu'
	| 'detail'
	| 'all-containers'
	| 'logs'
	| 'time-range';

/** The views whose footer can show a hint (the same names as the reducer's View kinds). */
export type FooterView = 'dashboard' | 'operation' | 'container';

export interface KeySpec {
	/** The character typed (case-sensitive), or a named key. */
	input?: string;
	named?:
		| 'tab'
		| 'escape'
		| 'return'
		| 'backspace'
		| 'upArrow'
		| 'downArrow'
		| 'leftArrow'
		| 'rightArrow'
		| 'pageUp'
		| 'pageDown'
		| 'home'
		| 'end';
	ctrl?: boolean;
	/** How the help overlay, the footer and --help show it. */
	label: string;
}

/** The short form of a binding, for the footer and --help. */
export interface Hint {
	/**
	 * The word after the key: `w window`. Bindings with the same word are one hint, their keys joined by `/`
	 * (`s/S sort`), so a pair of opposite keys takes the footer's room once.
	 */
	word: string;
	/**
	 * Which hints a narrow footer drops first: the highest number goes first. 0 is never dropped, so the way to
	 * every other key (`? help`) and the way out (`q quit`) stay at any width.
	 */
	priority: number;
	/** Said after the word in --help only, where there is room: `f failures only`. */
	detail?: string;
	/**
	 * The footers that show it (default: the dashboard's). The operation detail's footer lists only the
	 * keys that act there; its own key is in neither (the detail's footer says `Esc back` itself).
	 */
	footer?: readonly FooterView[];
}

export interface Binding {
	command: Command;
	keys: readonly KeySpec[];
	/** The help overlay's line. */
	description: string;
	hint: Hint;
}

/** Every key of the normal view. The order is the order in the footer, --help and the help overlay. */
export const KEY_BINDINGS: readonly Binding[] = [
	{
		command: 'help',
		keys: [{input: '?', label: '?'}],
		description: 'show / hide this help',
		hint: {word: 'help', priority: 0, footer: ['dashboard', 'operation', 'container']},
	},
	{
		command: 'filter',
		keys: [{input: '/', label: '/'}],
		description: 'filter by name (text, or /regex/); Enter applies (not an invalid regex), Esc clears',
		hint: {word: 'filter', priority: 1, detail: '(Enter applies, Esc clears)'},
	},
	{
		command: 'cycle-window',
		keys: [{input: 'w', label: 'w'}],
		description: 'time window: 1h -> 24h -> all (the operation detail too)',
		hint: {word: 'window', priority: 2, footer: ['dashboard', 'operation', 'container']},
	},
	{
		command: 'sort-next',
		keys: [
			{input: 's', label: 's'},
			{input: '>', label: '>'},
		],
		description: 'sort by the next column (names a..z, numbers largest first)',
		hint: {word: 'sort', priority: 3, detail: 'column'},
	},
	{
		command: 'sort-prev',
		keys: [
			{input: 'S', label: 'S'},
			{input: '<', label: '<'},
		],
		description: 'sort by the previous column',
		hint: {word: 'sort', priority: 3, detail: 'column'},
	},
	{command: 'sort-reverse', keys: [{input: 'r', label: 'r'}], description: 'reverse the sort order', hint: {word: 'reverse', priority: 7}},
	{
		command: 'failures-only',
		keys: [{input: 'f', label: 'f'}],
		description: 'show all -> failures only -> breaches only (SLO breach or slower than baseline)',
		hint: {word: 'failures', priority: 6, detail: 'only / breaches only'},
	},
	{
		command: 'pause',
		keys: [
			{input: 'p', label: 'p'},
			{input: ' ', label: 'Space'},
		],
		description: 'pause / resume the display (figures are still collected; the cursor still moves)',
		hint: {word: 'pause', priority: 6, footer: ['dashboard', 'operation']},
	},
	{
		command: 'focus-next',
		keys: [{named: 'tab', label: 'Tab'}],
		description: 'focus operations / containers (sort and filter act there)',
		hint: {word: 'focus', priority: 5, detail: 'operations/containers'},
	},
	// The cursor's keys are the last a narrow footer keeps: the arrows are what anyone tries first anyway.
	{
		command: 'cursor-up',
		keys: [
			{named: 'upArrow', label: '↑'},
			{input: 'k', label: 'k'},
		],
		description: 'select the row above (in the focused table)',
		hint: {word: 'select', priority: 8, detail: 'row'},
	},
	{
		command: 'cursor-down',
		keys: [
			{named: 'downArrow', label: '↓'},
			{input: 'j', label: 'j'},
		],
		description: 'select the row below; the table scrolls when its rows do not fit',
		hint: {word: 'select', priority: 8, detail: 'row'},
	},
	{command: 'page-up', keys: [{named: 'pageUp', label: 'PgUp'}], description: 'a page up', hint: {word: 'page', priority: 9}},
	{command: 'page-down', keys: [{named: 'pageDown', label: 'PgDn'}], description: 'a page down', hint: {word: 'page', priority: 9}},
	{
		command: 'cursor-first',
		keys: [
			{named: 'home', label: 'Home'},
			{input: 'g', label: 'g'},
		],
		description: 'select the first row',
		hint: {word: 'first/last', priority: 10},
	},
	{
		command: 'cursor-last',
		keys: [
			{named: 'end', label: 'End'},
			{input: 'G', label: 'G'},
		],
		description: 'select the last row',
		hint: {word: 'first/last', priority: 10},
	},
	{
		// One line for both ways, so the help still fits a small terminal: Enter goes in, Esc or Backspace out.
		command: 'detail',
		keys: [
			{named: 'return', label: 'Enter'},
			{named: 'escape', label: 'Esc'},
			{named: 'backspace', label: 'Bksp'},
		],
		description: 'Enter: the selected operation or container in detail; Esc or Backspace: back',
		hint: {word: 'detail', priority: 4, detail: 'of an operation or container / back', footer: []},
	},
	{
		command: 'all-containers',
		keys: [{input: 'a', label: 'a'}],
		description: 'containers: show stopped ones too (as docker stats -a), again: running only',
		hint: {word: 'all', priority: 7, detail: 'containers (stopped too)'},
	},
	{
		command: 'logs',
		keys: [{input: 'l', label: 'l'}],
		description: "container detail: show / hide the container's last log lines (followed while shown)",
		hint: {word: 'logs', priority: 3, detail: '(in a container)', footer: ['container']},
	},
	{
		command: 'time-range',
		keys: [
			{named: 'leftArrow', label: '←'},
			{named: 'rightArrow', label: '→'},
			{input: 'v', label: 'v'},
		],
		description: "detail: ←/→ move a time cursor on the chart; v marks a range's start, then its end (again: clear)",
		hint: {word: 'range', priority: 5, detail: '(time cursor, in an operation)', footer: []},
	},
	{
		command: 'menu',
		keys: [{input: 'm', label: 'm'}],
		description: 'menu: clean up old metrics, export a snapshot',
		hint: {word: 'menu', priority: 4, detail: '(cleanup, export)', footer: ['dashboard', 'operation']},
	},
	{
		command: 'quit',
		keys: [
			{input: 'q', label: 'q'},
			{input: 'c', ctrl: true, label: 'Ctrl-C'},
		],
		description: 'quit',
		hint: {word: 'quit', priority: 0, footer: ['dashboard', 'operation', 'container']},
	},
];
