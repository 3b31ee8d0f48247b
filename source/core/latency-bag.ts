import {createHistogram, recordMicros, type Histogram} from './histogram.js';

/** A raw list costs 4 bytes a value; doubling past this many would outgrow a histogram (about 98 KB). */
export const RAW_LIMIT = 16_384;

/**
 * The latencies (µs) of one time slot, kept so they can be subtracted from a window's histogram when the
 * slot ages out. Realistic DDC slots hold a handful of values, so they stay a small raw list; a busy slot
 * becomes a histogram, which caps its memory.
 */
export class LatencyBag {
	slot = -1;
	private raw: Uint32Array | undefined;
	private n = 0;
	private hist: Histogram | undefined;

	get size(): number {
		return this.hist ? this.hist.totalCount : this.n;
	}

	add(us: number): void {
		if (this.hist) {
			recordMicros(this.hist, us);
			return;
		}
		if (!this.raw) this.raw = new Uint32Array(8);
		if (this.n === this.raw.length) {
			if (this.n >= RAW_LIMIT) {
				this.hist = createHistogram();
				for (let i = 0; i < this.n; i++) recordMicros(this.hist, this.raw[i]);
				recordMicros(this.hist, us);
				this.raw = undefined;
				this.n = 0;
				return;
			}
			const bigger = new Uint32Array(this.raw.length * 2);
			bigger.set(this.raw);
			this.raw = bigger;
		}
		this.raw[this.n++] = us;
	}

	/** Removes this slot's values from `target` (which must hold them) and empties the bag. */
	subtractFrom(target: Histogram): void {
		if (this.hist) {
			target.subtract(this.hist);
		} else if (this.raw) {
			for (let i = 0; i < this.n; i++) target.recordValueWithCount(this.raw[i], -1);
		}
		this.clear();
	}

	clear(): void {
		this.raw = undefined;
		this.hist = undefined;
		this.n = 0;
		this.slot = -1;
	}
}
