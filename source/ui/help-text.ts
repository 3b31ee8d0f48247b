import {wrapText} from '../core/wrap-text.js';
import {COLUMN_HELP, type HelpSection} from './column-help.js';
import {type Binding, KEY_BINDINGS} from './key-bindings.js';
import {helpLines} from './key-hints.js';

// The help overlay's text as lines of a given width: every key (from the key table), then what each column,
// colour and mark means (column-help.ts). Pure, so the overlay, its scroll limit and the tests agree on it.

export type HelpRow = {kind: 'heading'; text: string} | {kind: 'entry'; label: string; text: string};

/** Labels are padded to the longest, up to this; a longer one stands on its own line above its text. */
const LABEL_MAX = 18;

/** The overlay's frame: a border line above and below, a title line, and a column of padding each side. */
export const HELP_CHROME = {lines: 3, columns: 4} as const;

const length = (text: string) => Array.from(text).length;

/** The keys, then the columns: the keys as a section like the others. */
export function helpSections(bindings: readonly Binding[] = KEY_BINDINGS, columns: readonly HelpSection[] = COLUMN_HELP): HelpSection[] {
	return [{heading: 'Keys', entries: helpLines(bindings).map((l) => ({label: l.keys, text: l.description}))}, ...columns];
}

/** How wide the label column is for these sections (one width for all, so the texts line up). */
export function labelWidth(sections: readonly HelpSection[]): number {
	let widest = 0;
	for (const s of sections) for (const e of s.entries) if (length(e.label) <= LABEL_MAX) widest = Math.max(widest, length(e.label));
	return widest + 2;
}

/** Every line of the help, `width` columns of text at most: each entry's text wrapped beside its label. */
export function helpRows(width: number, sections: readonly HelpSection[] = helpSections()): HelpRow[] {
	const labels = labelWidth(sections);
	const textWidth = Math.max(10, width - labels);
	const rows: HelpRow[] = [];
	for (const section of sections) {
		rows.push({kind: 'heading', text: section.heading});
		for (const entry of section.entries) {
			const lines = wrapText(entry.text, textWidth);
			if (length(entry.label) > labels - 2) rows.push({kind: 'entry', label: entry.label, text: ''});
			else rows.push({kind: 'entry', label: entry.label, text: lines.shift() ?? ''});
			for (const line of lines) rows.push({kind: 'entry', label: '', text: line});
		}
	}
	return rows;
}

/** How many help lines there are and how many show in an overlay of this size: the limits of its scroll. */
export function helpRoom(width: number, height: number, sections?: readonly HelpSection[]): {lines: number; page: number} {
	return {lines: helpRows(width - HELP_CHROME.columns, sections).length, page: Math.max(1, height - HELP_CHROME.lines)};
}
