import {stripVTControlCharacters} from 'node:util';
import {fit} from '../../core/format.js';
import {wrapText} from '../../core/wrap-text.js';
import {clampOffset} from '../../state/cursor.js';
import {type Look, paint, paintSelected} from '../../terminal-output/paint.js';
import type {ColumnSpec} from '../columns.js';

/** Where a table is scrolled to, and its cursor (from the UI state's cursor of that table). */
export interface TableScroll {
	/** The first row shown (kept in view of `index`). */
	offset: number;
	/** The cursor's row. */
	index: number;
	/** Whether the cursor is drawn (the focused table's). */
	selected: boolean;
}

/**
 * How many rows a table of `height` lines shows: all when they fit, else all but the line that says what is
 * hidden; in a table with a single line for rows, the cursor's row rather than that line.
 */
export function visibleRows(height: number, rows: number, selected: boolean): number {
	const body = Math.max(0, height - 2);
	if (rows <= body) return rows;
	return body === 1 && selected ? 1 : Math.max(0, body - 1);
}

/** The line under a table that scrolls: how many rows are hidden, and which are shown ("12-24 of 40"). */
function positionText(offset: number, shown: number, rows: number): string {
	const below = rows - offset - shown;
	if (shown === 0) return `… ${rows} more`;
	const range = `${offset + 1}-${offset + shown} of ${rows}`;
	return below > 0 ? `… ${below} more · ${range}` : `… ${offset} above · ${range}`;
}

/** Title, inverse header, as many rows as fit, "… N more", or a wrapped message: at most `height` lines. */
export function tableLines<R>(options: {
	title: string;
	focused: boolean;
	header: string;
	rows: readonly R[];
	row: (r: R) => string;
	width: number;
	height: number;
	/** Said (wrapped, not cut: its end says what to do) when there is no row to show. */
	empty?: {text: string; look: Look};
	/** Scrolled to the top, with no cursor, without it. */
	scroll?: TableScroll;
}): string[] {
	const {width, height, rows, scroll} = options;
	const lines = [
		paint(fit(options.title, width), {bold: true, color: options.focused ? 'cyan' : undefined}),
		paint(fit(options.header, width), {inverse: true}),
	];
	const body = Math.max(0, height - 2);
	const selected = scroll?.selected === true && rows.length > 0;
	const shown = visibleRows(height, rows.length, selected);
	const index = Math.min(scroll?.index ?? 0, rows.length - 1);
	const offset = clampOffset(scroll?.offset ?? 0, Math.max(0, index), rows.length, shown);
	for (let i = offset; i < offset + shown; i++) {
		const line = options.row(rows[i]!);
		lines.push(selected && i === index ? paintSelected(fit(stripVTControlCharacters(line), width)) : line);
	}
	if (shown < rows.length && shown < body) lines.push(paint(fit(positionText(offset, shown, rows.length), width), {dim: true}));
	if (options.empty) for (const part of wrapText(options.empty.text, width - 2)) lines.push(paint(`  ${part}`, options.empty.look));
	return lines.slice(0, Math.max(0, height));
}

/** One table row: cells fitted to their columns, one space apart, each in its own look. */
export function rowLine<K extends string>(
	columns: ReadonlyArray<ColumnSpec<K>>,
	text: (key: K, width: number) => string,
	look: (key: K) => Look | undefined,
	flexFit: (s: string, w: number) => string,
): string {
	let out = '';
	for (let i = 0; i < columns.length; i++) {
		const c = columns[i];
		const value = c.flex ? flexFit(text(c.key, c.width), c.width) : fit(text(c.key, c.width), c.width, c.align);
		out += (i === 0 ? '' : ' ') + paint(value, look(c.key));
	}
	return out;
}

export function headerText<K extends string>(columns: ReadonlyArray<ColumnSpec<K>>, sorted: K, descending: boolean): string {
	const arrow = descending ? '▼' : '▲';
	return columns.map((c) => fit(c.key === sorted ? `${c.title}${arrow}` : c.title, c.width, c.align)).join(' ');
}
