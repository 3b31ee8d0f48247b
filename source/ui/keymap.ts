import type {Key} from 'ink';

/** What a key can ask for in the normal view. The help overlay is generated from this table. */
export type Command =
	| 'quit'
	| 'help'
	| 'cycle-window'
	| 'sort-next'
	| 'sort-prev'
	| 'sort-reverse'
	| 'filter'
	| 'failures-only'
	| 'focus-next'
	| 'menu';

export interface KeySpec {
	/** The character typed (case-sensitive), or a named key. */
	input?: string;
	named?: 'tab' | 'escape' | 'return' | 'upArrow' | 'downArrow';
	ctrl?: boolean;
	/** How the help overlay shows it. */
	label: string;
}

export interface Binding {
	command: Command;
	keys: readonly KeySpec[];
	description: string;
}

export const KEY_BINDINGS: readonly Binding[] = [
	{command: 'help', keys: [{input: '?', label: '?'}], description: 'show / hide this help'},
	{command: 'cycle-window', keys: [{input: 'w', label: 'w'}], description: 'time window: 1h -> 24h -> all'},
	{command: 'sort-next', keys: [{input: 's', label: 's'}, {input: '>', label: '>'}], description: 'sort by the next column (names a..z, numbers largest first)'},
	{command: 'sort-prev', keys: [{input: 'S', label: 'S'}, {input: '<', label: '<'}], description: 'sort by the previous column'},
	{command: 'sort-reverse', keys: [{input: 'r', label: 'r'}], description: 'reverse the sort order'},
	{
		command: 'filter',
		keys: [{input: '/', label: '/'}],
		description: 'filter by name (text, or /regex/); Enter applies (not an invalid regex), Esc clears',
	},
	{command: 'failures-only', keys: [{input: 'f', label: 'f'}], description: 'only operations with failures'},
	{command: 'focus-next', keys: [{named: 'tab', label: 'Tab'}], description: 'focus operations / containers (sort and filter act there)'},
	{command: 'menu', keys: [{input: 'm', label: 'm'}], description: 'menu: clean up old metrics, export a snapshot'},
	{
		command: 'quit',
		keys: [
			{input: 'q', label: 'q'},
			{input: 'c', ctrl: true, label: 'Ctrl-C'},
		],
		description: 'quit',
	},
];

function matches(spec: KeySpec, input: string, key: Key): boolean {
	if (spec.named) return key[spec.named] === true;
	if (Boolean(spec.ctrl) !== key.ctrl) return false;
	return spec.input === input;
}

/** The one place a key press becomes a command. */
export function commandFor(input: string, key: Key, bindings: readonly Binding[] = KEY_BINDINGS): Command | undefined {
	for (const binding of bindings) {
		if (binding.keys.some((spec) => matches(spec, input, key))) return binding.command;
	}
	return undefined;
}

/** Help lines: keys, padded, then what they do. */
export function helpLines(bindings: readonly Binding[] = KEY_BINDINGS): Array<{keys: string; description: string}> {
	return bindings.map((b) => ({keys: b.keys.map((k) => k.label).join(' '), description: b.description}));
}
