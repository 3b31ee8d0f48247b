import type {Heatmap, OperationDetailResult, TimelineRow} from '../../core/detail/detail-result.js';
import {fit, formatCount, formatDuration} from '../../core/format.js';
import {formatClockTime, localTime} from '../../core/local-time.js';
import type {TimeSelection} from '../../state/reducer.js';
import type {Section} from './detail-sections.js';

// §2c of issue #14: the operation over time, as block characters (no colour needed): p50, p95 and p99 on
// one log scale and calls per step, above one time axis; then a heatmap of time columns x duration
// buckets shaded by density characters, which read the same with NO_COLOR and on 16-colour terminals.

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** Heatmap shades, empty first: density, not colour. */
const SHADES = [' ', '░', '▒', '▓', '█'];
const LABEL = 9;

export interface TimeColumns {
	/** Epoch seconds of the first column's start. */
	first: number;
	step: number;
	count: number;
	/** Steps in the whole range, of which the last `count` are shown. */
	total: number;
}

/** The newest steps of the range that fit `room` columns, ending with the one holding `now`. */
export function timeColumns(r: OperationDetailResult, now: number, room: number): TimeColumns | undefined {
	const {step} = r;
	const firstCall = r.timeline[0]?.start;
	const from = r.from ?? firstCall;
	if (from === undefined || room < 4) return undefined;
	const start = Math.floor(from / step) * step;
	const last = Math.floor(now / step) * step;
	const total = Math.max(1, Math.round((last - start) / step) + 1);
	const count = Math.min(total, room);
	return {first: last - (count - 1) * step, step, count, total};
}

function stepWords(step: number): string {
	if (step === 60) return 'per minute';
	if (step === 900) return 'per quarter-hour';
	if (step === 86_400) return 'per day';
	return `per ${step} s`;
}

function axisLabel(start: number, step: number): string {
	if (step >= 86_400) return localTime(start).slice(5, 10);
	return formatClockTime(start * 1000).slice(0, 5);
}

/** A time axis under `cols.count` columns: a tick and a label every so many columns, where they fit. */
function axisLine(cols: TimeColumns): string {
	const chars = Array.from(' '.repeat(cols.count + 6));
	const every = cols.step >= 86_400 ? 7 : 12;
	let nextFree = 0;
	for (let i = 0; i < cols.count; i++) {
		const start = cols.first + i * cols.step;
		if (Math.round(start / cols.step) % every !== 0 || i < nextFree) continue;
		const label = `╵${axisLabel(start, cols.step)}`;
		if (i + label.length > chars.length) break;
		Array.from(label).forEach((ch, k) => {
			chars[i + k] = ch;
		});
		nextFree = i + label.length + 1;
	}
	return chars.join('').trimEnd();
}

function byColumn<T extends {start: number}>(cols: TimeColumns, rows: readonly T[]): Array<T | undefined> {
	const out: Array<T | undefined> = new Array(cols.count).fill(undefined);
	for (const row of rows) {
		const i = Math.round((row.start - cols.first) / cols.step);
		if (i >= 0 && i < cols.count) out[i] = row;
	}
	return out;
}

function logLevel(value: number, low: number, high: number): number {
	if (!(value > 0)) return 0;
	if (!(high > low)) return BLOCKS.length - 1;
	const at = (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low));
	return Math.max(0, Math.min(BLOCKS.length - 1, Math.round(at * (BLOCKS.length - 1))));
}

/**
 * Under the axis, where a time cursor or range is (§2d): the range's columns `━`, a marked start `┃`, the
 * cursor `▲`.
 */
function selectionLine(cols: TimeColumns, sel: TimeSelection): string | undefined {
	if (sel.cursor === undefined && sel.range === undefined) return undefined;
	const cells = Array.from({length: cols.count}, (_, i) => {
		const start = cols.first + i * cols.step;
		if (sel.cursor === start) return '▲';
		if (sel.mark === start) return '┃';
		if (sel.range !== undefined && start >= sel.range.from && start <= sel.range.to) return '━';
		return ' ';
	});
	return `  ${' '.repeat(LABEL)}${cells.join('')}`;
}

/** What the cursor's step holds, for the chart's title. */
function cursorNote(cols: TimeColumns, at: Array<TimelineRow | undefined>, sel: TimeSelection): string {
	if (sel.cursor === undefined) return '';
	const row = at[Math.round((sel.cursor - cols.first) / cols.step)];
	const when = axisLabel(sel.cursor, cols.step);
	const head = ` · ▲ ${when}: `;
	return row === undefined ? `${head}no calls` : `${head}${formatCount(row.calls)} calls, p95 ${formatDuration(row.p95)}`;
}

/** p99, p95, p50 and calls per step over the range's newest columns, and their time axis. */
export function overTimeSection(r: OperationDetailResult, now: number, width: number, sel: TimeSelection = {}): Section {
	const cols = timeColumns(r, now, width - 2 - LABEL - 12);
	const title = `Over time (${stepWords(r.step)}${cols && cols.count < cols.total ? `, the last ${cols.count} of ${cols.total}` : ''})`;
	if (cols === undefined || r.timeline.length === 0) return {title, rows: [], empty: 'no calls in this window'};
	const at = byColumn<TimelineRow>(cols, r.timeline);
	const shown = at.filter((row): row is TimelineRow => row !== undefined);
	const low = Math.min(...shown.map((row) => row.p50).filter((v) => v > 0), Number.POSITIVE_INFINITY);
	const high = Math.max(0, ...shown.map((row) => row.p99));
	const mostCalls = Math.max(0, ...shown.map((row) => row.calls));
	const line = (label: string, value: (row: TimelineRow) => number, level: (v: number) => number, note: string) =>
		`  ${fit(label, LABEL)}${at.map((row) => (row === undefined ? ' ' : BLOCKS[level(value(row))])).join('')}  ${note}`;
	const latency = (v: number) => logLevel(v, low, high);
	const calls = (v: number) => (mostCalls === 0 || v <= 0 ? 0 : Math.max(0, Math.ceil((v / mostCalls) * (BLOCKS.length - 1))));
	return {
		title:
			`${title}: p50 / p95 / p99 on one log scale, ` +
			`${formatDuration(Number.isFinite(low) ? low : undefined)}-${formatDuration(high)}${cursorNote(cols, at, sel)}`,
		rows: [
			line('p99', (row) => row.p99, latency, `max ${formatDuration(Math.max(...shown.map((row) => row.p99)))}`),
			line('p95', (row) => row.p95, latency, ''),
			line('p50', (row) => row.p50, latency, ''),
			line('calls', (row) => row.calls, calls, `max ${formatCount(mostCalls)}`),
			`  ${' '.repeat(LABEL)}${axisLine(cols)}`,
			...[selectionLine(cols, sel)].filter((l): l is string => l !== undefined),
		].map((l) => fit(l.trimEnd(), width).trimEnd()),
	};
}

/** Time columns x duration buckets (slowest on top), each cell shaded by its share of the busiest cell. */
export function heatmapSection(h: Heatmap, r: OperationDetailResult, now: number, width: number): Section {
	const cols = timeColumns(r, now, width - 2 - LABEL - 12);
	const title = `Heatmap (calls per duration bucket ${stepWords(h.step)}; ${SHADES.slice(1).join('')} more)`;
	if (cols === undefined || h.columns.length === 0) return {title, rows: [], empty: 'no calls in this window'};
	const at = byColumn(cols, h.columns);
	let most = 0;
	for (const c of at) for (const n of c?.counts ?? []) if (n > most) most = n;
	const rows: string[] = [];
	for (let b = h.le_seconds.length - 1; b >= 0; b--) {
		const bound = h.le_seconds[b];
		const label = bound === null ? `> ${formatDuration(1e6)}` : `≤ ${formatDuration(bound)}`;
		const cells = at.map((c) => {
			const n = c?.counts[b] ?? 0;
			// Any call at all shows: the lightest shade is never rounded away.
			return n === 0 ? SHADES[0] : SHADES[Math.max(1, Math.ceil((n / most) * (SHADES.length - 1)))];
		});
		rows.push(`  ${fit(label, LABEL)}${cells.join('')}`.trimEnd());
	}
	rows.push(`  ${' '.repeat(LABEL)}${axisLine(cols)}`.trimEnd());
	return {title, rows};
}
