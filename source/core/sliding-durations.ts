import {exactPercentiles, histogramPercentiles} from './ddc-percentile.js';
import {HISTOGRAM_AT, createHistogram, recordMicros, toMicros, type Histogram} from './histogram.js';
import {LatencyBag} from './latency-bag.js';

/**
 * A sliding window's durations: the values of each time slot in a bag, so they can leave when the slot ages
 * out. While the window holds at most HISTOGRAM_AT values it answers exactly from the bags; past that it also
 * keeps one histogram of the whole window (added to per call, subtracted from per expired slot), and drops
 * it again once expiry brings the window back under half that. The window covers whole slots: the oldest,
 * partly outside, is kept until all of it is.
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
		bag.add(seconds);
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

	/** DDC's percentiles (seconds) of the window's values; `min` and `max` are the exact extremes. */
	percentiles(percentiles: readonly number[], min: number, max: number): number[] {
		if (this.hist) return histogramPercentiles(this.hist, percentiles, min, max);
		const values = new Float64Array(this.count);
		let at = 0;
		for (const bag of this.bags) if (bag !== undefined && bag.slot !== -1) at = bag.copyRaw(values, at);
		return exactPercentiles(values, percentiles);
	}

	/** The window's histogram once there is one, else a new one built from the bags (for export). */
	histogram(): Histogram {
		if (this.hist) return this.hist;
		const h = createHistogram();
		for (const bag of this.bags) if (bag !== undefined && bag.slot !== -1) bag.addTo(h);
		return h;
	}

	private drop(bag: LatencyBag): void {
		this.count -= bag.size;
		if (this.hist) bag.subtractFrom(this.hist);
		bag.clear();
	}
}
