import {createHistogram, HISTOGRAM_AT, type Histogram, recordMicros, toMicros} from './histogram.js';

/**
 * A raw list costs 16 bytes a value (end time and duration); past this many (128 KB) a histogram (about
 * 98 KB) is smaller. At least HISTOGRAM_AT, so a window under that many values holds only raw bags.
 */
export const RAW_LIMIT = HISTOGRAM_AT;

/**
 * The calls (end time and duration, seconds, exact) of one time slot, kept so a window can answer exactly
 * from them, leave out those of its oldest slot that DDC's window no longer holds, and subtract them from
 * its histogram when the slot ages out. Realistic DDC slots hold a handful of calls, so they stay a small
 * raw list; a busy slot becomes a histogram of its durations (end times are then lost), which caps its
 * memory.
 */
export class LatencyBag {
	slot = -1;
	/** Pairs: end time at 2i, duration at 2i + 1. */
	private raw: Float64Array | undefined;
	private n = 0;
	private hist: Histogram | undefined;
	/** Exact extremes of every value the slot holds (kept when it becomes a histogram). */
	min = Number.POSITIVE_INFINITY;
	max = Number.NEGATIVE_INFINITY;

	get size(): number {
		return this.hist ? this.hist.totalCount : this.n;
	}

	/** Whether the calls are still held exactly, end times included (no histogram yet). */
	get isRaw(): boolean {
		return this.hist === undefined;
	}

	add(t: number, seconds: number): void {
		if (seconds < this.min) this.min = seconds;
		if (seconds > this.max) this.max = seconds;
		if (this.hist) {
			recordMicros(this.hist, toMicros(seconds));
			return;
		}
		if (!this.raw) this.raw = new Float64Array(8);
		const o = this.n << 1;
		if (o === this.raw.length) {
			if (this.n >= RAW_LIMIT) {
				const h = createHistogram();
				for (let i = 1; i < o; i += 2) recordMicros(h, toMicros(this.raw[i]));
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
		this.raw[o] = t;
		this.raw[o + 1] = seconds;
		this.n++;
	}

	/**
	 * Copies the durations of the calls that ended at or after `from` into `out` at `at`; returns the index
	 * after them (a histogram bag copies none).
	 */
	copyRaw(out: Float64Array, at: number, from = Number.NEGATIVE_INFINITY): number {
		const raw = this.raw;
		if (!raw) return at;
		const end = this.n << 1;
		for (let o = 0; o < end; o += 2) if (raw[o] >= from) out[at++] = raw[o + 1];
		return at;
	}

	/** How many calls ended before `from` (0 for a histogram bag: its end times are gone). */
	countBefore(from: number): number {
		const raw = this.raw;
		if (!raw) return 0;
		let k = 0;
		const end = this.n << 1;
		for (let o = 0; o < end; o += 2) if (raw[o] < from) k++;
		return k;
	}

	/** The durations of the calls that ended before `from`, appended to `out` (none for a histogram bag). */
	durationsBefore(from: number, out: number[]): void {
		const raw = this.raw;
		if (!raw) return;
		const end = this.n << 1;
		for (let o = 0; o < end; o += 2) if (raw[o] < from) out.push(raw[o + 1]);
	}

	/** [min, max] of the calls that ended at or after `from`: exact while raw, the whole slot's once a histogram. */
	extremesSince(from: number): [number, number] {
		const raw = this.raw;
		if (!raw) return [this.min, this.max];
		let min = Number.POSITIVE_INFINITY;
		let max = Number.NEGATIVE_INFINITY;
		const end = this.n << 1;
		for (let o = 0; o < end; o += 2) {
			if (raw[o] < from) continue;
			const d = raw[o + 1];
			if (d < min) min = d;
			if (d > max) max = d;
		}
		return [min, max];
	}

	/** Adds this slot's values to `target`: of a raw slot, those of the calls that ended at or after `from`. */
	addTo(target: Histogram, from = Number.NEGATIVE_INFINITY): void {
		if (this.hist) {
			target.add(this.hist);
		} else if (this.raw) {
			const raw = this.raw;
			const end = this.n << 1;
			for (let o = 0; o < end; o += 2) if (raw[o] >= from) recordMicros(target, toMicros(raw[o + 1]));
		}
	}

	/** Removes this slot's values from `target` (which must hold them). */
	subtractFrom(target: Histogram): void {
		if (this.hist) {
			target.subtract(this.hist);
		} else if (this.raw) {
			const end = this.n << 1;
			for (let o = 1; o < end; o += 2) target.recordValueWithCount(toMicros(this.raw[o]), -1);
		}
	}

	clear(): void {
		this.raw = undefined;
		this.hist = undefined;
		this.n = 0;
		this.slot = -1;
		this.min = Number.POSITIVE_INFINITY;
		this.max = Number.NEGATIVE_INFINITY;
	}
}
