import {fit} from '../../core/format.js';
import type {Section} from './detail-sections.js';

// The container detail's charts (issue #14 §3): the last 10 minutes of one value as block characters, a few
// rows high (eight levels per row, like the operation detail's charts in detail-charts.ts), on a fixed scale
// said in the title (CPU: its limit or one core; memory: its limit), above a time axis counted back from now.

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const LABEL = 9;
/** Room kept after the chart for its note (the latest value). */
const NOTE = 12;

export interface ChartSpec {
	title: string;
	/** Per second, oldest first; null where nothing was read. */
	values: readonly (number | null)[];
	/** The top of the scale (the value a full column stands for). */
	top: number;
	rows: number;
	/** Each row's label, top first (as many as rows; the rest blank). */
	labels: readonly string[];
	/** Said after the chart's first row. */
	note: string;
	width: number;
}

/**
 * Seconds per column: the 10 minutes fit the room, in whole seconds that divide a minute, so columns stay on
 * the same seconds from frame to frame (only the newest column changes, for a terminal written cell by cell).
 */
export function secondsPerColumn(seconds: number, room: number): number {
	for (const step of [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]) if (Math.ceil(seconds / step) <= room) return step;
	return 60;
}

/** Columns of per-second values: each the mean of its seconds with a value, null when none had one. */
function columns(values: readonly (number | null)[], step: number, firstSecond: number): (number | null)[] {
	const out: (number | null)[] = [];
	// Aligned on the clock: a column holds the seconds s with floor(s / step) equal.
	let sum = 0;
	let n = 0;
	let column = Math.floor(firstSecond / step);
	for (let k = 0; k < values.length; k++) {
		const c = Math.floor((firstSecond + k) / step);
		if (c !== column) {
			out.push(n === 0 ? null : sum / n);
			sum = 0;
			n = 0;
			column = c;
		}
		const v = values[k];
		if (v !== null) {
			sum += v;
			n++;
		}
	}
	out.push(n === 0 ? null : sum / n);
	return out;
}

/** `-10m ... -5m ... now` under the columns, a tick on each minute mark that fits. */
function axis(count: number, step: number): string {
	const chars = Array.from(' '.repeat(count + 4));
	let free = count;
	const label = 'now';
	const at = Math.max(0, count - 1);
	if (at + 1 + label.length <= chars.length) {
		chars[at] = '╵';
		Array.from(label).forEach((ch, i) => {
			chars[at + 1 + i] = ch;
		});
		free = at - 1;
	}
	for (let minutes = 1; minutes <= 10; minutes++) {
		const i = count - 1 - Math.round((minutes * 60) / step);
		const text = `╵-${minutes}m`;
		if (i < 0 || i + text.length > free || (minutes % (step >= 10 ? 5 : step >= 5 ? 2 : 1) !== 0 && minutes !== 10)) continue;
		Array.from(text).forEach((ch, k) => {
			chars[i + k] = ch;
		});
		free = i - 1;
	}
	return chars.join('').trimEnd();
}

export function chartSection(spec: ChartSpec, firstSecond: number): Section {
	const room = Math.max(4, spec.width - 2 - LABEL - NOTE);
	const step = secondsPerColumn(spec.values.length, room);
	const cols = columns(spec.values, step, firstSecond);
	const shown = cols.slice(-room);
	const levels = spec.rows * BLOCKS.length;
	const level = (v: number) => (spec.top > 0 ? Math.max(1, Math.min(levels, Math.round((v / spec.top) * levels))) : 1);
	const rows: string[] = [];
	for (let r = spec.rows - 1; r >= 0; r--) {
		const cells = shown.map((v) => {
			if (v === null) return ' ';
			const above = level(v) - r * BLOCKS.length;
			if (above <= 0) return r === 0 ? BLOCKS[0] : ' ';
			return BLOCKS[Math.min(BLOCKS.length, above) - 1];
		});
		const note = r === spec.rows - 1 ? `  ${spec.note}` : '';
		rows.push(fit(`  ${fit(spec.labels[spec.rows - 1 - r] ?? '', LABEL)}${cells.join('')}${note}`, spec.width).trimEnd());
	}
	rows.push(fit(`  ${' '.repeat(LABEL)}${axis(shown.length, step)}`, spec.width).trimEnd());
	return {title: `${spec.title} (last 10 min, ${step} s per column)`, rows};
}
