/**
 * Exact counters (calls, successes, duration sum, min, max) in fixed time slots, in a ring that reuses a
 * slot once its time has passed. Memory is fixed by the slot count, never by the number of lines.
 */
export interface Totals {
	count: number;
	ok: number;
	sum: number;
	min: number;
	max: number;
	/** Oldest slot index that had data, for rates over the part of the window that has data. */
	firstSlot: number;
}

export function emptyTotals(): Totals {
	return {count: 0, ok: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: 0, firstSlot: Number.POSITIVE_INFINITY};
}

export class CounterRing {
	private readonly ids: Float64Array;
	private readonly count: Uint32Array;
	private readonly ok: Uint32Array;
	private readonly sum: Float64Array;
	private readonly min: Float64Array;
	private readonly max: Float64Array;
	private version = 0;
	private cached: {version: number; from: number; totals: Totals} | undefined;

	constructor(private readonly size: number) {
		this.ids = new Float64Array(size).fill(-1);
		this.count = new Uint32Array(size);
		this.ok = new Uint32Array(size);
		this.sum = new Float64Array(size);
		this.min = new Float64Array(size);
		this.max = new Float64Array(size);
	}

	/** `slot` is an absolute slot number (e.g. epoch seconds / slot length); older data there is dropped. */
	add(slot: number, duration: number, success: boolean): void {
		this.version++;
		const i = slot % this.size;
		if (this.ids[i] !== slot) {
			this.ids[i] = slot;
			this.count[i] = 0;
			this.ok[i] = 0;
			this.sum[i] = 0;
			this.min[i] = duration;
			this.max[i] = duration;
		}
		this.count[i]++;
		if (success) this.ok[i]++;
		this.sum[i] += duration;
		if (duration < this.min[i]) this.min[i] = duration;
		if (duration > this.max[i]) this.max[i] = duration;
	}

	/**
	 * Totals of every slot numbered `from` or later (slots left from earlier laps are ignored). Read-only:
	 * the same object comes back until the answer changes. The 1 Hz refresh asks for every operation's hour
	 * (3,602 slots) and day (1,442) each second; the scan is only repeated when a slot was added to or when
	 * `from` passed a slot that had data, which for most operations is rare.
	 */
	totalSince(from: number): Readonly<Totals> {
		const cached = this.cached;
		if (cached && cached.version === this.version && from >= cached.from && cached.totals.firstSlot >= from) return cached.totals;
		const totals = this.scan(from);
		this.cached = {version: this.version, from, totals};
		return totals;
	}

	private scan(from: number): Totals {
		const into = emptyTotals();
		for (let i = 0; i < this.size; i++) {
			const id = this.ids[i];
			if (id < from) continue;
			into.count += this.count[i];
			into.ok += this.ok[i];
			into.sum += this.sum[i];
			if (this.min[i] < into.min) into.min = this.min[i];
			if (this.max[i] > into.max) into.max = this.max[i];
			if (id < into.firstSlot) into.firstSlot = id;
		}
		return into;
	}
}
