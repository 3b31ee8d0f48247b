/**
 * Exact counters (calls, successes, duration sum, min, max) per time slot over the last `size` slots. Only
 * slots that had a call take room (48 bytes each), so a quiet operation costs a few hundred bytes and the
 * worst case (a call in every slot) is bounded by `size`, never by the number of lines.
 */
export interface Totals {
	count: number;
	ok: number;
	sum: number;
	min: number;
	max: number;
	/** Oldest slot index that had data. */
	firstSlot: number;
}

export function emptyTotals(): Totals {
	return {count: 0, ok: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: 0, firstSlot: Number.POSITIVE_INFINITY};
}

// One entry is six numbers: slot, count, ok, sum, min, max.
const STRIDE = 6;

interface Cached {
	version: number;
	from: number;
	totals: Totals;
}

export class CounterRing {
	/** Entries ordered by slot, live between `head` and `end` (entry indexes). */
	private data = new Float64Array(2 * STRIDE);
	private head = 0;
	private end = 0;
	private version = 0;
	// Two answers kept: the live view asks for the last 5 minutes and for the whole window of the same ring.
	private cached: [Cached | undefined, Cached | undefined] = [undefined, undefined];

	constructor(private readonly size: number) {}

	/** Entries held (slots that had a call and are still inside the last `size` slots). */
	get entries(): number {
		return this.end - this.head;
	}

	/** `slot` is an absolute slot number (e.g. epoch seconds / slot length); slots `size` or more older than the newest are dropped. */
	add(slot: number, duration: number, success: boolean): void {
		this.version++;
		const d = this.data;
		const last = this.end - 1;
		// Lines come in time order: the newest slot, or a newer one.
		if (last >= this.head && d[last * STRIDE] === slot) {
			this.bump(last, duration, success);
			return;
		}
		if (last < this.head || slot > d[last * STRIDE]) {
			while (this.head < this.end && d[this.head * STRIDE] <= slot - this.size) this.head++;
			this.insertAt(this.end, slot, duration, success);
			return;
		}
		if (slot <= d[last * STRIDE] - this.size) return;
		// Out of order (a late writer): find its place among the held slots.
		let lo = this.head;
		let hi = this.end;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (d[mid * STRIDE] < slot) lo = mid + 1;
			else hi = mid;
		}
		if (lo < this.end && d[lo * STRIDE] === slot) this.bump(lo, duration, success);
		else this.insertAt(lo, slot, duration, success);
	}

	/**
	 * Totals of every held slot numbered `from` or later. Read-only: the same object comes back until the
	 * answer changes. The 1 Hz refresh asks every operation for its rate and its window each second; the
	 * scan is only repeated when a slot was added to or when `from` passed a slot that had data.
	 */
	totalSince(from: number): Readonly<Totals> {
		for (const c of this.cached) {
			if (c && c.version === this.version && from >= c.from && c.totals.firstSlot >= from) return c.totals;
		}
		const totals = this.scan(from);
		// Replace the answer for the nearest earlier `from`: each caller's `from` only moves forwards.
		const [a, b] = this.cached;
		const slot = a === undefined ? 0 : b === undefined ? 1 : Math.abs(a.from - from) <= Math.abs(b.from - from) ? 0 : 1;
		this.cached[slot] = {version: this.version, from, totals};
		return totals;
	}

	private bump(i: number, duration: number, success: boolean): void {
		const o = i * STRIDE;
		const d = this.data;
		d[o + 1]++;
		if (success) d[o + 2]++;
		d[o + 3] += duration;
		if (duration < d[o + 4]) d[o + 4] = duration;
		if (duration > d[o + 5]) d[o + 5] = duration;
	}

	private insertAt(at: number, slot: number, duration: number, success: boolean): void {
		if (this.end * STRIDE === this.data.length) {
			const capacity = this.data.length / STRIDE;
			const live = this.end - this.head;
			const from = this.data.subarray(this.head * STRIDE, this.end * STRIDE);
			// Grow while more than 3/4 full, else move the live entries to the front: a move follows at least a
			// quarter of the capacity in new entries, so it costs O(1) a call. At most size + 1 entries are needed.
			if (live * 4 > capacity * 3 && capacity <= this.size) {
				const bigger = new Float64Array(Math.min(capacity * 2, this.size + 1) * STRIDE);
				bigger.set(from);
				this.data = bigger;
			} else {
				this.data.copyWithin(0, this.head * STRIDE, this.end * STRIDE);
			}
			at -= this.head;
			this.end = live;
			this.head = 0;
		}
		const d = this.data;
		if (at < this.end) d.copyWithin((at + 1) * STRIDE, at * STRIDE, this.end * STRIDE);
		const o = at * STRIDE;
		d[o] = slot;
		d[o + 1] = 1;
		d[o + 2] = success ? 1 : 0;
		d[o + 3] = duration;
		d[o + 4] = duration;
		d[o + 5] = duration;
		this.end++;
	}

	private scan(from: number): Totals {
		const into = emptyTotals();
		const d = this.data;
		// Slots are ordered: skip the old ones with a binary search, then add up the rest.
		let lo = this.head;
		let hi = this.end;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (d[mid * STRIDE] < from) lo = mid + 1;
			else hi = mid;
		}
		if (lo < this.end) into.firstSlot = d[lo * STRIDE];
		for (let i = lo; i < this.end; i++) {
			const o = i * STRIDE;
			into.count += d[o + 1];
			into.ok += d[o + 2];
			into.sum += d[o + 3];
			if (d[o + 4] < into.min) into.min = d[o + 4];
			if (d[o + 5] > into.max) into.max = d[o + 5];
		}
		return into;
	}
}
