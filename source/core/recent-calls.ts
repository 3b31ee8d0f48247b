import {emptyTotals, type Totals} from './counter-ring.js';
import {exactPercentiles} from './ddc-percentile.js';
import {createHistogram, recordMicros, toMicros, type Histogram} from './histogram.js';

// One call is two numbers: its end time (epoch seconds) and its duration (seconds), negated for a failure
// (negation is exact, and a failed 0 s call is -0, told apart by 1 / x < 0).
const STRIDE = 2;
const failed = (x: number) => x < 0 || 1 / x < 0;

/** The 1 h and 24 h totals and the calls of the rate's span, from one pass. */
export interface RecentTotals {
	hour: Totals;
	day: Totals;
	rateCalls: number;
}

/**
 * One operation's calls, raw (16 bytes each), while there are few: every call of the file at first, then
 * (`keepAll` false) only those of the last 24 hours. Windows, counts and percentiles are then exact by DDC's
 * rule (end_time >= now - window) and need no counters, slots or histograms; the caller moves to those once
 * the list holds too many calls.
 */
export class RecentCalls {
	private data = new Float64Array(4 * STRIDE);
	private n = 0;
	/** Whether calls older than a day are kept (for the "all" window) or dropped at expiry. */
	keepAll = true;
	/** Each window's edge at the last expiry and the oldest end time held at or after it. */
	private dayFrom = Number.NEGATIVE_INFINITY;
	private dayMinT = Number.POSITIVE_INFINITY;
	private hourFrom = Number.NEGATIVE_INFINITY;
	private hourMinT = Number.POSITIVE_INFINITY;

	get size(): number {
		return this.n;
	}

	add(t: number, duration: number, success: boolean): void {
		if (this.n * STRIDE === this.data.length) {
			const bigger = new Float64Array(Math.ceil(this.n * 1.5) * STRIDE);
			bigger.set(this.data);
			this.data = bigger;
		}
		const o = this.n++ * STRIDE;
		this.data[o] = t;
		this.data[o + 1] = success ? duration : -duration;
		if (t >= this.dayFrom && t < this.dayMinT) this.dayMinT = t;
		if (t >= this.hourFrom && t < this.hourMinT) this.hourMinT = t;
	}

	/** Each call as (end time, duration, success), in no particular order. */
	forEach(f: (t: number, duration: number, success: boolean) => void): void {
		const d = this.data;
		for (let o = 0; o < this.n * STRIDE; o += STRIDE) f(d[o], Math.abs(d[o + 1]), !failed(d[o + 1]));
	}

	/**
	 * Moves the windows' edges; returns whether a call left the day or the hour. Unless `keepAll`, calls that
	 * left the day are dropped. Work is done only when a call actually leaves: a quiet operation costs a few
	 * comparisons a tick.
	 */
	expire(dayFrom: number, hourFrom: number): boolean {
		let changed = false;
		if (dayFrom > this.dayFrom) {
			const left = dayFrom > this.dayMinT;
			this.dayFrom = dayFrom;
			if (left) {
				changed = true;
				if (!this.keepAll) this.drop(dayFrom);
				this.dayMinT = this.oldestSince(dayFrom);
			}
		}
		if (hourFrom > this.hourFrom) {
			const left = hourFrom > this.hourMinT;
			this.hourFrom = hourFrom;
			if (left) {
				changed = true;
				this.hourMinT = this.oldestSince(hourFrom);
			}
		}
		return changed;
	}

	/** Drops calls that ended before `from` (the list then keeps only the last day). */
	drop(from: number): void {
		const d = this.data;
		let kept = 0;
		for (let o = 0; o < this.n * STRIDE; o += STRIDE) {
			if (d[o] < from) continue;
			const k = kept++ * STRIDE;
			d[k] = d[o];
			d[k + 1] = d[o + 1];
		}
		this.n = kept;
		// A list that shrank to a quarter of its room gives most of it back.
		if (this.data.length > 16 * STRIDE && kept * 4 < this.data.length / STRIDE) this.data = this.data.slice(0, Math.max(4, kept * 2) * STRIDE);
	}

	/** Totals of the calls that ended at or after `hourFrom` and `dayFrom`, and the count since `rateFrom`. */
	totals(hourFrom: number, dayFrom: number, rateFrom: number): RecentTotals {
		const hour = emptyTotals();
		const day = emptyTotals();
		let rateCalls = 0;
		const d = this.data;
		for (let o = 0; o < this.n * STRIDE; o += STRIDE) {
			const t = d[o];
			if (t < dayFrom) continue;
			add(day, t, d[o + 1]);
			if (t < hourFrom) continue;
			add(hour, t, d[o + 1]);
			if (t >= rateFrom) rateCalls++;
		}
		return {hour, day, rateCalls};
	}

	/** DDC's percentiles (seconds) of the calls that ended at or after `from`, exactly. */
	percentiles(from: number, percentiles: readonly number[]): number[] {
		return exactPercentiles(this.durationsSince(from), percentiles);
	}

	/** A histogram of the calls that ended at or after `from` (for export, or to stop holding them raw). */
	histogram(from: number): Histogram {
		const h = createHistogram();
		for (const v of this.durationsSince(from)) recordMicros(h, toMicros(v));
		return h;
	}

	private durationsSince(from: number): Float64Array {
		const out = new Float64Array(this.n);
		const d = this.data;
		let k = 0;
		for (let o = 0; o < this.n * STRIDE; o += STRIDE) if (d[o] >= from) out[k++] = Math.abs(d[o + 1]);
		return out.subarray(0, k);
	}

	private oldestSince(from: number): number {
		let min = Number.POSITIVE_INFINITY;
		const d = this.data;
		for (let o = 0; o < this.n * STRIDE; o += STRIDE) if (d[o] >= from && d[o] < min) min = d[o];
		return min;
	}
}

function add(into: Totals, t: number, x: number): void {
	const duration = Math.abs(x);
	into.count++;
	if (!failed(x)) into.ok++;
	into.sum += duration;
	if (duration < into.min) into.min = duration;
	if (duration > into.max) into.max = duration;
	if (t < into.firstSlot) into.firstSlot = t;
}
