import type {Range} from './detail-result.js';
import {bucketBound} from './duration-buckets.js';
import type {OperationDetail} from './operation-detail.js';
import {emptySlot, mergeSlot, type Slot, type TimeTier} from './time-tier.js';

/**
 * The range's time slots, `step` seconds each, from the kept tiers (for calls the raw list no longer
 * holds): the coarsest tier that divides `step` and still has every slot from the range's start, else any
 * tier that has them, else the coarsest (then old slots are missing). Slots cut by the range's edges
 * count whole. New slot objects when tiers' slots are merged; the tier's own otherwise (do not change them).
 */
export function tierSlots(d: OperationDetail, r: Range, step: number): {slots: Slot[]; tier: TimeTier} {
	const complete = (t: TimeTier) => Math.floor(r.from / t.step) > t.evictedMax;
	const dividing = d.tiers.filter((t) => t.step <= step && step % t.step === 0);
	const tier = [...dividing].reverse().find(complete) ?? d.tiers.find(complete) ?? d.tiers[d.tiers.length - 1];
	const slots = tier.between(Math.floor(r.from / tier.step), Math.floor(r.to / tier.step));
	if (tier.step === step) return {slots, tier};
	const grouped = new Map<number, Slot>();
	for (const slot of slots) {
		const index = Math.floor((slot.index * tier.step) / step);
		let into = grouped.get(index);
		if (into === undefined) {
			into = emptySlot(index);
			grouped.set(index, into);
		}
		mergeSlot(into, slot);
	}
	return {slots: [...grouped.values()].sort((a, b) => a.index - b.index), tier};
}

/** Time columns x distribution buckets (§2c of issue #14): counts per column, buckets in the populated range. */
export interface Heatmap {
	step: number;
	/** Each row's upper bound (null: above the last bound), ascending. */
	le_seconds: Array<number | null>;
	columns: Array<{start: number; counts: number[]}>;
}

export function heatmapOf(step: number, columns: ReadonlyArray<{index: number; buckets: Uint32Array}>): Heatmap {
	let first = Number.POSITIVE_INFINITY;
	let last = -1;
	for (const c of columns) {
		for (let i = 0; i < c.buckets.length; i++) {
			if (c.buckets[i] === 0) continue;
			if (i < first) first = i;
			if (i > last) last = i;
		}
	}
	if (last === -1) return {step, le_seconds: [], columns: []};
	const le_seconds: Array<number | null> = [];
	for (let i = first; i <= last; i++) le_seconds.push(bucketBound(i));
	return {
		step,
		le_seconds,
		columns: columns.map((c) => ({start: c.index * step, counts: Array.from(c.buckets.subarray(first, last + 1))})),
	};
}
