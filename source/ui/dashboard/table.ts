import {fit} from '../../core/format.js';
import type {ColumnSpec} from '../columns.js';
import {wrapText} from '../../core/wrap-text.js';
import {paint, type Look} from '../../terminal-output/paint.js';

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
}): string[] {
	const {width, height, rows} = options;
	const lines = [paint(fit(options.title, width), {bold: true, color: options.focused ? 'cyan' : undefined}), paint(fit(options.header, width), {inverse: true})];
	const body = Math.max(0, height - 2);
	const overflow = rows.length > body;
	const visible = rows.slice(0, overflow ? Math.max(0, body - 1) : body);
	for (const r of visible) lines.push(options.row(r));
	if (overflow) lines.push(paint(fit(`… ${rows.length - visible.length} more (filter with /)`, width), {dim: true}));
	if (options.empty) for (const part of wrapText(options.empty.text, width - 2)) lines.push(paint(`  ${part}`, options.empty.look));
	return lines.slice(0, Math.max(0, height));
}

/** One table row: cells fitted to their columns, one space apart, each in its own look. */
export function rowLine<K extends string>(columns: ReadonlyArray<ColumnSpec<K>>, text: (key: K, width: number) => string, look: (key: K) => Look | undefined, flexFit: (s: string, w: number) => string): string {
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
