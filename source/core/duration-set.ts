import {exactPercentiles, histogramPercentiles} from './ddc-percentile.js';
import {createHistogram, recordMicros, toMicros, type Histogram} from './histogram.js';

/**
 * A window answers from its raw durations (exact, sorted on demand) until it holds more than this many, then
 * from a histogram: 4,096 values are 32 KB raw against about 98 KB for a histogram, and sort in well under a
 * millisecond. Most of the 1,000 operations a file may name never get this far and never allocate one.
 */
export const HISTOGRAM_AT = 4096;

/**
 * Every duration of one operation since the file began: raw seconds until there are more than HISTOGRAM_AT,
 * then an HDR histogram of microseconds. It only grows (a reset drops the whole operation).
 */
export class DurationSet {
	private raw: Float64Array | undefined;
	private n = 0;
	private hist: Histogram | undefined;

	get size(): number {
		return this.hist ? this.hist.totalCount : this.n;
	}

	get holdsHistogram(): boolean {
		return this.hist !== undefined;
	}

	add(seconds: number): void {
		if (this.hist) {
			recordMicros(this.hist, toMicros(seconds));
			return;
		}
		if (!this.raw) this.raw = new Float64Array(4);
		if (this.n === this.raw.length) {
			if (this.n >= HISTOGRAM_AT) {
				this.hist = this.histogram();
				recordMicros(this.hist, toMicros(seconds));
				this.raw = undefined;
				this.n = 0;
				return;
			}
			const bigger = new Float64Array(this.raw.length * 2);
			bigger.set(this.raw.subarray(0, this.n));
			this.raw = bigger;
		}
		this.raw[this.n++] = seconds;
	}

	/** DDC's percentiles (seconds); `min` and `max` are the exact extremes the counters keep. */
	percentiles(percentiles: readonly number[], min: number, max: number): number[] {
		if (this.hist) return histogramPercentiles(this.hist, percentiles, min, max);
		// Sorting in place is harmless: order does not matter to a set, and the next query finds it sorted.
		return exactPercentiles(this.raw ? this.raw.subarray(0, this.n) : new Float64Array(0), percentiles);
	}

	/** The histogram itself once there is one, else a new one built from the raw values (for export). */
	histogram(): Histogram {
		if (this.hist) return this.hist;
		const h = createHistogram();
		for (let i = 0; i < this.n; i++) recordMicros(h, toMicros(this.raw![i]));
		return h;
	}
}
