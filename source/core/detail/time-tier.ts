import {BUCKET_COUNT} from './duration-buckets.js';
import {addSketch, createSketch, SKETCH_BUCKETS} from './latency-sketch.js';

/** One time slot's calls, summed: what the timeline and the heatmap need once the calls are gone. */
export interface Slot {
	/** floor(end_time / step). */
	index: number;
	calls: number;
	failures: number;
	sum: number;
	min: number;
	max: number;
	/** Counts per distribution bucket (duration-buckets.ts): the heatmap's column and exact histogram counts. */
	buckets: Uint32Array;
	/** For the slot's percentiles (latency-sketch.ts). */
	sketch: Uint32Array;
}

export function emptySlot(index: number): Slot {
	return {
		index,
		calls: 0,
		failures: 0,
		sum: 0,
		min: Number.POSITIVE_INFINITY,
		max: Number.NEGATIVE_INFINITY,
		buckets: new Uint32Array(BUCKET_COUNT),
		sketch: createSketch(),
	};
}

function resetSlot(slot: Slot, index: number): Slot {
	slot.buckets.fill(0);
	slot.sketch.fill(0);
	return {...slot, index, calls: 0, failures: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY};
}

/** Adds `from` into `into` (same step; `into` keeps its index). */
export function mergeSlot(into: Slot, from: Slot): void {
	into.calls += from.calls;
	into.failures += from.failures;
	into.sum += from.sum;
	if (from.min < into.min) into.min = from.min;
	if (from.max > into.max) into.max = from.max;
	for (let i = 0; i < BUCKET_COUNT; i++) into.buckets[i] += from.buckets[i];
	addSketch(into.sketch, from.sketch);
}

/** About 2.3 KB a slot (two count arrays); the tiers below hold at most 1,380 slots, about 3.2 MB. */
export const SLOT_BYTES = 4 * (BUCKET_COUNT + SKETCH_BUCKETS) + 64;

/**
 * The slots of one step (a minute, a quarter-hour, a day), at most `maxSlots`: when a new slot would pass
 * that, the lowest one goes, so memory is bounded whatever end times a file holds, and an odd far-future
 * line costs one slot rather than pushing every real one out. `evictedMax` says which slots are incomplete.
 */
export class TimeTier {
	private readonly slots = new Map<number, Slot>();
	/** Slot indexes, ascending (new slots are rare: a binary insert is cheap). */
	private readonly order: number[] = [];
	private last: Slot | undefined;
	/** The highest slot index dropped (-Infinity while none was): slots at or below it are missing or partial. */
	evictedMax = Number.NEGATIVE_INFINITY;

	constructor(
		readonly step: number,
		readonly maxSlots: number,
	) {}

	add(end: number, duration: number, success: boolean, bucket: number, sketchAt: number): void {
		const index = Math.floor(end / this.step);
		let slot = this.last?.index === index ? this.last : this.slots.get(index);
		if (slot === undefined) {
			if (index <= this.evictedMax) return;
			slot = this.insert(index);
			if (slot === undefined) return;
		}
		this.last = slot;
		slot.calls++;
		if (!success) slot.failures++;
		slot.sum += duration;
		if (duration < slot.min) slot.min = duration;
		if (duration > slot.max) slot.max = duration;
		slot.buckets[bucket]++;
		slot.sketch[sketchAt]++;
	}

	/** The slots whose index lies in [fromIndex, toIndex], ascending. */
	between(fromIndex: number, toIndex: number): Slot[] {
		const out: Slot[] = [];
		for (const index of this.order) if (index >= fromIndex && index <= toIndex) out.push(this.slots.get(index)!);
		return out;
	}

	private insert(index: number): Slot | undefined {
		let lo = 0;
		let hi = this.order.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.order[mid] < index) lo = mid + 1;
			else hi = mid;
		}
		if (this.order.length >= this.maxSlots) {
			// Full: the new slot is dropped itself when it would be the lowest.
			if (lo === 0) {
				this.evictedMax = Math.max(this.evictedMax, index);
				return undefined;
			}
			const lowest = this.order.shift()!;
			const gone = this.slots.get(lowest)!;
			this.slots.delete(lowest);
			if (this.last === gone) this.last = undefined;
			this.evictedMax = Math.max(this.evictedMax, lowest);
			lo--;
			// Its count arrays serve the new slot: a busy tier moving on allocates nothing.
			const slot = resetSlot(gone, index);
			this.slots.set(index, slot);
			this.order.splice(lo, 0, index);
			return slot;
		}
		const slot = emptySlot(index);
		this.slots.set(index, slot);
		this.order.splice(lo, 0, slot.index);
		return slot;
	}
}
