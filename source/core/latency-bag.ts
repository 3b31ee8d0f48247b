import {HISTOGRAM_AT, createHistogram, recordMicros, toMicros, type Histogram} from './histogram.js';

/**
 * A raw list costs 8 bytes a value; past this many (64 KB) a histogram (about 98 KB) is about as small. At
 * least HISTOGRAM_AT, so a window under that many values holds only raw bags.
 */
export const RAW_LIMIT = HISTOGRAM_AT;

/**
 * The durations (seconds, exact) of one time slot, kept so a window can answer exactly from them and
 * subtract them from its histogram when the slot ages out. Realistic DDC slots hold a handful of values, so
 * they stay a small raw list; a busy slot becomes a histogram, which caps its memory.
 */
export class LatencyBag {
	slot = -1;
	private raw: Float64Array | undefined;
	private n = 0;
	private hist: Histogram | undefined;

	get size(): number {
		return this.hist ? this.hist.totalCount : this.n;
	}

	/** Whether the values are still held exactly (no histogram yet). */
	get isRaw(): boolean {
		return this.hist === undefined;
	}

	add(seconds: number): void {
		if (this.hist) {
			recordMicros(this.hist, toMicros(seconds));
			return;
		}
		if (!this.raw) this.raw = new Float64Array(4);
		if (this.n === this.raw.length) {
			if (this.n >= RAW_LIMIT) {
				const h = createHistogram();
				for (let i = 0; i < this.n; i++) recordMicros(h, toMicros(this.raw[i]));
				recordMicros(h, toMicros(seconds));
				this.hist = h;
				this.raw = undefined;
				this.n = 0;
				return;
			}
			const bigger = new Float64Array(this.raw.length * 2);
			bigger.set(this.raw);
			this.raw = bigger;
		}
		this.raw[this.n++] = seconds;
	}

	/** Copies the raw values into `out` at `at`; returns the index after them (a histogram bag copies none). */
	copyRaw(out: Float64Array, at: number): number {
		if (!this.raw) return at;
		out.set(this.raw.subarray(0, this.n), at);
		return at + this.n;
	}

	/** Adds this slot's values to `target`. */
	addTo(target: Histogram): void {
		if (this.hist) {
			target.add(this.hist);
		} else if (this.raw) {
			for (let i = 0; i < this.n; i++) recordMicros(target, toMicros(this.raw[i]));
		}
	}

	/** Removes this slot's values from `target` (which must hold them). */
	subtractFrom(target: Histogram): void {
		if (this.hist) {
			target.subtract(this.hist);
		} else if (this.raw) {
			for (let i = 0; i < this.n; i++) target.recordValueWithCount(toMicros(this.raw[i]), -1);
		}
	}

	clear(): void {
		this.raw = undefined;
		this.hist = undefined;
		this.n = 0;
		this.slot = -1;
	}
}
