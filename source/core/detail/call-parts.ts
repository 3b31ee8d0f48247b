import {exactPercentiles, histogramPercentiles} from '../ddc-percentile.js';
import {createHistogram, HISTOGRAM_AT, recordMicros, toMicros} from '../histogram.js';
import {type BoundedGroups, NO_GROUP, OTHER_ID} from './bounded-groups.js';
import {BUCKET_COUNT, bucketOf} from './duration-buckets.js';
import type {CallList} from './raw-calls.js';

/**
 * The parts of the detail computed from calls held raw (raw-calls.ts): exact counts and DDC's percentiles
 * as the table gives them, exact up to HISTOGRAM_AT values and from an HDR histogram past that.
 */

/** DDC's percentiles of `durations` (reordered in place); seconds. */
export function percentilesOf(durations: Float64Array, percentiles: readonly number[]): number[] {
	if (durations.length <= HISTOGRAM_AT) return exactPercentiles(durations, percentiles);
	const h = createHistogram();
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	for (const d of durations) {
		recordMicros(h, toMicros(d));
		if (d < min) min = d;
		if (d > max) max = d;
	}
	return histogramPercentiles(h, percentiles, min, max);
}

export interface Totals {
	calls: number;
	failures: number;
	sum: number;
	min: number;
	max: number;
}

export function totalsOf(list: CallList): Totals {
	const t: Totals = {calls: list.n, failures: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY};
	for (let i = 0; i < list.n; i++) {
		const d = list.duration[i];
		if (list.success[i] === 0) t.failures++;
		t.sum += d;
		if (d < t.min) t.min = d;
		if (d > t.max) t.max = d;
	}
	return t;
}

export function bucketsOf(durations: ArrayLike<number>): Uint32Array {
	const counts = new Uint32Array(BUCKET_COUNT);
	for (let i = 0; i < durations.length; i++) counts[bucketOf(durations[i])]++;
	return counts;
}

/** The positions in `list` of each slot's calls (slot = floor(end / step)), slots ascending. */
export function bySlot(list: CallList, step: number): Array<[number, number[]]> {
	const slots = new Map<number, number[]>();
	for (let i = 0; i < list.n; i++) {
		const index = Math.floor(list.end[i] / step);
		const at = slots.get(index);
		if (at) at.push(i);
		else slots.set(index, [i]);
	}
	return [...slots].sort((a, b) => a[0] - b[0]);
}

export function durationsAt(list: CallList, positions: readonly number[]): Float64Array {
	const out = new Float64Array(positions.length);
	for (let j = 0; j < positions.length; j++) out[j] = list.duration[positions[j]];
	return out;
}

export interface ErrorRow {
	message: string;
	count: number;
	first_seen: number;
	last_seen: number;
}

/** Failures by message id: one row per message, most frequent first, "other" last. */
export function errorRowsOf(list: CallList, names: BoundedGroups): ErrorRow[] {
	const rows = new Map<number, ErrorRow>();
	for (let i = 0; i < list.n; i++) {
		if (list.success[i] === 1) continue;
		const id = list.error[i];
		const t = list.end[i];
		const row = rows.get(id);
		if (row === undefined) {
			rows.set(id, {message: names.nameOf(id), count: 1, first_seen: t, last_seen: t});
			continue;
		}
		row.count++;
		if (t < row.first_seen) row.first_seen = t;
		if (t > row.last_seen) row.last_seen = t;
	}
	return sortRows(
		rows,
		(r) => r.count,
		(r) => r.message,
	);
}

export interface ContainerRow {
	name: string;
	calls: number;
	failures: number;
	p50: number;
	p95: number;
}

/** Calls that carry a container, one row per container name: most calls first, "other" last. */
export function containerRowsOf(list: CallList, names: BoundedGroups): ContainerRow[] {
	const at = new Map<number, number[]>();
	for (let i = 0; i < list.n; i++) {
		const id = list.container[i];
		if (id === NO_GROUP) continue;
		const positions = at.get(id);
		if (positions) positions.push(i);
		else at.set(id, [i]);
	}
	const rows = new Map<number, ContainerRow>();
	for (const [id, positions] of at) {
		let failures = 0;
		for (const p of positions) if (list.success[p] === 0) failures++;
		const [p50, p95] = percentilesOf(durationsAt(list, positions), [50, 95]);
		rows.set(id, {name: names.nameOf(id), calls: positions.length, failures, p50, p95});
	}
	return sortRows(
		rows,
		(r) => r.calls,
		(r) => r.name,
	);
}

/** Rows by id -> sorted by `size` descending then `name`, the shared "other" row last. */
export function sortRows<T>(rows: Map<number, T>, size: (row: T) => number, name: (row: T) => string): T[] {
	const other = rows.get(OTHER_ID);
	const named = [...rows].filter(([id]) => id !== OTHER_ID).map(([, row]) => row);
	named.sort((a, b) => size(b) - size(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
	return other === undefined ? named : [...named, other];
}
