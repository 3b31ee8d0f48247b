/**
 * The last N samples of one number (CPU %, memory) in a fixed ring: memory stays flat however long
 * ddc-top runs, and a push is O(1) on the ingest path.
 */
export class Series {
	private readonly values: Float64Array;
	private next = 0;
	private count = 0;

	constructor(readonly capacity = 60) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
		this.values = new Float64Array(capacity);
	}

	get length(): number {
		return this.count;
	}

	push(value: number): void {
		this.values[this.next] = value;
		this.next = (this.next + 1) % this.capacity;
		if (this.count < this.capacity) this.count++;
	}

	/** Newest sample, or undefined when empty. */
	last(): number | undefined {
		if (this.count === 0) return undefined;
		return this.values[(this.next - 1 + this.capacity) % this.capacity];
	}

	/** Oldest first, as a fresh array the caller may keep (snapshots must not see later pushes). */
	toArray(): number[] {
		const out = new Array<number>(this.count);
		const start = (this.next - this.count + this.capacity) % this.capacity;
		for (let i = 0; i < this.count; i++) out[i] = this.values[(start + i) % this.capacity];
		return out;
	}

	clear(): void {
		this.next = 0;
		this.count = 0;
	}
}
