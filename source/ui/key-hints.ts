import {type Binding, type FooterView, KEY_BINDINGS} from './key-bindings.js';

// The three places that list keys (the footer, --help and the help overlay), generated from the one table, so
// a key added there shows up in each. No import but the table: --help is answered before any package loads.

interface HintGroup {
	/** Each binding's keys, in the table's order. */
	keys: Array<readonly string[]>;
	word: string;
	priority: number;
	detail?: string;
}

/** Bindings sharing a hint word become one hint; the first of them gives its place, priority and detail. */
function hintGroups(bindings: readonly Binding[]): HintGroup[] {
	const groups = new Map<string, HintGroup>();
	for (const b of bindings) {
		const labels = b.keys.map((k) => k.label);
		const group = groups.get(b.hint.word);
		if (group) group.keys.push(labels);
		else groups.set(b.hint.word, {keys: [labels], word: b.hint.word, priority: b.hint.priority, detail: b.hint.detail});
	}
	return [...groups.values()];
}

const length = (text: string) => Array.from(text).length;

/**
 * The footer's hints for a width: each hint's first key (`s/S sort`), and as the terminal narrows the hints of
 * the highest priority number go first, so `? help` and `q quit` stay at any width the two of them fit in.
 */
export function footerHints(width: number, bindings: readonly Binding[] = KEY_BINDINGS, view: FooterView = 'dashboard'): string {
	const shown = bindings.filter((b) => (b.hint.footer ?? ['dashboard']).includes(view));
	const hints = hintGroups(shown).map((g) => ({text: `${g.keys.map((k) => k[0]).join('/')} ${g.word}`, priority: g.priority}));
	const joined = () => hints.map((h) => h.text).join('  ');
	while (length(joined()) > width) {
		let drop = -1;
		for (let i = 0; i < hints.length; i++) {
			if (hints[i].priority > 0 && (drop === -1 || hints[i].priority >= hints[drop].priority)) drop = i;
		}
		if (drop === -1) break;
		hints.splice(drop, 1);
	}
	return joined();
}

/**
 * The Keys block of --help, as lines of at most `width` columns (a longer hint stands alone): every key of
 * every binding, the first keys of a hint before its second ones (`s/S or >/< sort column`).
 */
export function cliKeysHelp(width: number, bindings: readonly Binding[] = KEY_BINDINGS): string[] {
	const hints = hintGroups(bindings).map((g) => {
		const alternatives: string[] = [];
		for (let i = 0; i < Math.max(...g.keys.map((k) => k.length)); i++) {
			alternatives.push(g.keys.flatMap((k) => (i < k.length ? [k[i]] : [])).join('/'));
		}
		return [alternatives.join(' or '), g.word, g.detail].filter(Boolean).join(' ');
	});
	const lines: string[] = [];
	for (const hint of hints) {
		const last = lines.length - 1;
		if (last >= 0 && length(lines[last]) + 3 + length(hint) <= width) lines[last] += `   ${hint}`;
		else lines.push(hint);
	}
	return lines;
}

/** The help overlay's lines: a binding's keys, then what it does. */
export function helpLines(bindings: readonly Binding[] = KEY_BINDINGS): Array<{keys: string; description: string}> {
	return bindings.map((b) => ({keys: b.keys.map((k) => k.label).join(' '), description: b.description}));
}
