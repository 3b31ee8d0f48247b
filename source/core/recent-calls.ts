import {emptyTotals, type Totals} from './counter-ring.js';
import {exactPercentiles} from './ddc-percentile.js';
import {createHistogram, type Histogram, recordMicros, toMicros} from './histogram.js';

// One call is two numbers: its end time (epoch seconds) and its duration (seconds), negated for a failure
// (negation is exact, and a failed 0 s call is -0, told apart by 1 / x < 0).
const failed = (x: number) => x < 0 || 1 / x < 0;

// Calls live in chunks of 256 (4 KB): growing never copies or frees a big block, so a thousand operations
// growing side by side leave no trail of freed blocks too small to reuse. The first chunk starts small.
const CHUNK_SHIFT = 8;
const CHUNK_CALLS = 1 << CHUNK_SHIFT;
const MASK = CHUNK_CALLS - 1;

/** The 1 h and 24 h totals and the calls of the rate's span, from one pass. */
export interface RecentTotals {
	hour: Totals;
	day: Totals;
	rateCalls: number;
}

/**
 * One operation's calls, raw (16 bytes each, in 4 KB chunks), while there are few: every call of the file at first, then
 * (`keepAll` false) only those of the last 24 hours. Windows, counts and percentiles are then exact by DDC's
 * rule (end_time >= now - window) and need no counters, slots or histograms; the caller moves to those once
 * the list holds too many calls.
 */
export class RecentCalls {
	private chunks: Float64Array[] = [new Float64Array(8)];
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
		const i = this.n++;
		let chunk = this.chunks[i >> CHUNK_SHIFT];
		const o = (i & MASK) << 1;
		if (chunk === undefined) {
			chunk = new Float64Array(2 * CHUNK_CALLS);
			this.chunks.push(chunk);
		} else if (o === chunk.length) {
			// Only the first chunk is ever short: double it up to a full one.
			const bigger = new Float64Array(Math.min(2 * chunk.length, 2 * CHUNK_CALLS));
			bigger.set(chunk);
			this.chunks[0] = chunk = bigger;
		}
		chunk[o] = t;
		chunk[o + 1] = success ? duration : -duration;
		if (t >= this.dayFrom && t < this.dayMinT) this.dayMinT = t;
		if (t >= this.hourFrom && t < this.hourMinT) this.hourMinT = t;
	}

	/** Each call as (end time, duration, success), in no particular order. */
	forEach(f: (t: number, duration: number, success: boolean) => void): void {
		this.scan((t, x) => f(t, Math.abs(x), !failed(x)));
	}

	/** Calls `f` with each call's end time and signed duration, in storage order. */
	private scan(f: (t: number, x: number) => void): void {
		let left = this.n;
		for (const chunk of this.chunks) {
			const end = Math.min(left, chunk.length >> 1) << 1;
			for (let o = 0; o < end; o += 2) f(chunk[o], chunk[o + 1]);
			left -= end >> 1;
			if (left === 0) return;
		}
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
		let kept = 0;
		const chunks = this.chunks;
		// Reading is never behind writing, so the calls move down in place.
		this.scan((t, x) => {
			if (t < from) return;
			const chunk = chunks[kept >> CHUNK_SHIFT];
			const o = (kept++ & MASK) << 1;
			chunk[o] = t;
			chunk[o + 1] = x;
		});
		this.n = kept;
		// Chunks left empty are given back (the first stays).
		chunks.length = Math.max(1, Math.ceil(kept / CHUNK_CALLS));
	}

	/** Totals of the calls that ended at or after `hourFrom` and `dayFrom`, and the count since `rateFrom`. */
	totals(hourFrom: number, dayFrom: number, rateFrom: number): RecentTotals {
		const hour = emptyTotals();
		const day = emptyTotals();
		let rateCalls = 0;
		// The loop of scan() written out: this runs over every call of the day at each refresh, and through
		// scan's callback (which V8 does not inline, scan having several) each call's two numbers were boxed,
		// 32 bytes per call per refresh (640 KB/s for 20,000 calls), enough to keep V8's young generation grown.
		let left = this.n;
		for (const chunk of this.chunks) {
			const end = Math.min(left, chunk.length >> 1) << 1;
			for (let o = 0; o < end; o += 2) {
				const t = chunk[o];
				const x = chunk[o + 1];
				if (t < dayFrom) continue;
				add(day, t, x);
				if (t < hourFrom) continue;
				add(hour, t, x);
				if (t >= rateFrom) rateCalls++;
			}
			left -= end >> 1;
			if (left === 0) break;
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

	/**
	 * The durations of the calls that ended at or after `from`, in a scratch array that the next call
	 * overwrites (both users read it at once). Like totals(), the loop is written out rather than run through
	 * scan(): this runs for every operation at each refresh, and a callback would box each call's numbers.
	 */
	private durationsSince(from: number): Float64Array {
		if (scratch.length < this.n) scratch = new Float64Array(Math.max(this.n, 2 * scratch.length));
		let k = 0;
		let left = this.n;
		for (const chunk of this.chunks) {
			const end = Math.min(left, chunk.length >> 1) << 1;
			for (let o = 0; o < end; o += 2) {
				if (chunk[o] >= from) scratch[k++] = Math.abs(chunk[o + 1]);
			}
			left -= end >> 1;
			if (left === 0) break;
		}
		return scratch.subarray(0, k);
	}

	private oldestSince(from: number): number {
		let min = Number.POSITIVE_INFINITY;
		let left = this.n;
		for (const chunk of this.chunks) {
			const end = Math.min(left, chunk.length >> 1) << 1;
			for (let o = 0; o < end; o += 2) {
				const t = chunk[o];
				if (t >= from && t < min) min = t;
			}
			left -= end >> 1;
			if (left === 0) break;
		}
		return min;
	}
}

/** Shared by every list: durationsSince()'s result is used before any other list is asked. */
let scratch = new Float64Array(1024);

function add(into: Totals, t: number, x: number): void {
	const duration = Math.abs(x);
	into.count++;
	if (!failed(x)) into.ok++;
	into.sum += duration;
	if (duration < into.min) into.min = duration;
	if (duration > into.max) into.max = duration;
	if (t < into.firstSlot) into.firstSlot = t;
}
