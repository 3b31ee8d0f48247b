import {exactPercentiles, histogramPercentiles} from './ddc-percentile.js';
import {createHistogram, HISTOGRAM_AT, type Histogram, recordMicros, toMicros} from './histogram.js';
import {LatencyBag} from './latency-bag.js';

/** A window's durations at a query: DDC's percentiles and the exact extremes, in seconds. */
export interface WindowDurations {
	count: number;
	min: number;
	max: number;
	percentiles: number[];
	/**
	 * Whether the values are exactly DDC's window (end_time >= from); false when the oldest slot is a
	 * histogram (more than RAW_LIMIT calls in that one slot), which then counts whole until it ages out.
	 */
	exact: boolean;
}

/**
 * A sliding window's durations: the calls of each time slot in a bag, so they can leave when the slot ages
 * out. While the window holds at most HISTOGRAM_AT values it answers exactly from the bags; past that it also
 * keeps one histogram of the whole window (added to per call, subtracted from per expired slot), and drops
 * it again once expiry brings the window back under half that. The slots are whole: the oldest, partly
 * outside, is kept until all of it is; a query leaves out the calls of that slot that ended before its
 * `from` (DDC's end_time >= now - window) by their end times, held while the slot is raw, so a busy
 * operation's window is DDC's to the call without a copy of the histogram.
 */
export class SlidingDurations {
	private readonly bags: Array<LatencyBag | undefined>;
	private hist: Histogram | undefined;
	private count = 0;

	constructor(
		private readonly slotSeconds: number,
		private readonly windowSeconds: number,
	) {
		this.bags = new Array<LatencyBag | undefined>(Math.ceil(windowSeconds / slotSeconds) + 2).fill(undefined);
	}

	get size(): number {
		return this.count;
	}

	get holdsHistogram(): boolean {
		return this.hist !== undefined;
	}

	/** `t` must already be known to be inside the window and not after the clock. */
	add(t: number, seconds: number): void {
		const slot = Math.floor(t / this.slotSeconds);
		const i = slot % this.bags.length;
		const bag = (this.bags[i] ??= new LatencyBag());
		if (bag.slot !== slot) {
			this.drop(bag);
			bag.slot = slot;
		}
		bag.add(t, seconds);
		this.count++;
		if (this.hist) recordMicros(this.hist, toMicros(seconds));
		else if (this.count > HISTOGRAM_AT) this.hist = this.histogram();
	}

	/** Drops slots that left the window at `now`; returns whether a value left. */
	expire(now: number): boolean {
		const first = Math.floor((now - this.windowSeconds) / this.slotSeconds);
		let changed = false;
		for (const bag of this.bags) {
			if (bag !== undefined && bag.slot !== -1 && bag.slot < first) {
				changed ||= bag.size > 0;
				this.drop(bag);
			}
		}
		// Every bag is raw again by then (a histogram bag alone holds more than the window now does).
		if (this.hist && this.count <= HISTOGRAM_AT / 2) this.hist = undefined;
		return changed;
	}

	/**
	 * How many held calls ended before `from` (those of slots still raw): with the operation's version, what
	 * a query at `from` depends on, so an answer can be kept until a call leaves.
	 */
	outside(from: number): number {
		let k = 0;
		for (const bag of this.bags) if (this.straddles(bag, from)) k += bag!.countBefore(from);
		return k;
	}

	/** The values of the calls that ended at or after `from`; undefined when there is none. */
	query(from: number, percentiles: readonly number[]): WindowDurations | undefined {
		const skip: number[] = [];
		let min = Number.POSITIVE_INFINITY;
		let max = Number.NEGATIVE_INFINITY;
		let exact = true;
		for (const bag of this.bags) {
			if (bag === undefined || bag.slot === -1) continue;
			let lo = bag.min;
			let hi = bag.max;
			if (this.straddles(bag, from)) {
				if (!bag.isRaw) exact = false;
				[lo, hi] = bag.extremesSince(from);
				bag.durationsBefore(from, skip);
			}
			if (lo < min) min = lo;
			if (hi > max) max = hi;
		}
		const count = this.count - skip.length;
		if (count <= 0) return undefined;
		if (!this.hist) {
			// Every bag is raw while the window has no histogram.
			const values = new Float64Array(count);
			let at = 0;
			for (const bag of this.bags) if (bag !== undefined && bag.slot !== -1) at = bag.copyRaw(values, at, from);
			return {count, min, max, percentiles: exactPercentiles(values, percentiles), exact};
		}
		const micros = Float64Array.from(skip, toMicros).sort();
		return {count, min, max, percentiles: histogramPercentiles(this.hist, percentiles, min, max, micros), exact};
	}

	/** The histogram of the calls that ended at or after `from` (for export): a new one, the window's own untouched. */
	histogram(from = Number.NEGATIVE_INFINITY): Histogram {
		const h = createHistogram();
		if (this.hist) {
			h.add(this.hist);
			const skip: number[] = [];
			for (const bag of this.bags) if (this.straddles(bag, from)) bag!.durationsBefore(from, skip);
			for (const d of skip) h.recordValueWithCount(toMicros(d), -1);
			return h;
		}
		for (const bag of this.bags) if (bag !== undefined && bag.slot !== -1) bag.addTo(h, from);
		return h;
	}

	/** Whether the slot starts before `from`: the oldest, partly outside the window. */
	private straddles(bag: LatencyBag | undefined, from: number): boolean {
		return bag !== undefined && bag.slot !== -1 && bag.slot * this.slotSeconds < from;
	}

	private drop(bag: LatencyBag): void {
		this.count -= bag.size;
		if (this.hist) bag.subtractFrom(this.hist);
		bag.clear();
	}
}
