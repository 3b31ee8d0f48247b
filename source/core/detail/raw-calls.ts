/**
 * The newest calls of one operation, raw, in file order: end time and duration (exact doubles), success,
 * and the ids of their error message and container (bounded-groups.ts). 19 bytes a call; at the default
 * bound of 65,536 calls about 1.2 MB, reached by growing (a quiet operation costs little). Past the bound
 * the oldest call makes room: `evictedMaxEnd` then says up to which end time the list no longer answers.
 */
export const RAW_CALLS = 65_536;

/** Calls picked out of the list (file order, oldest first); arrays are `n` long. */
export interface CallList {
	n: number;
	end: Float64Array;
	duration: Float64Array;
	success: Uint8Array;
	error: Uint8Array;
	container: Uint8Array;
}

export class RawCalls {
	private end = new Float64Array(16);
	private duration = new Float64Array(16);
	private success = new Uint8Array(16);
	private error = new Uint8Array(16);
	private container = new Uint8Array(16);
	/** Index of the oldest call once the ring is full; 0 before. */
	private head = 0;
	size = 0;
	/** The latest end time of any call dropped to make room (-Infinity while none was). */
	evictedMaxEnd = Number.NEGATIVE_INFINITY;

	constructor(readonly capacity = RAW_CALLS) {
		if (!(capacity >= 1)) throw new RangeError(`raw calls: capacity must be at least 1, got ${capacity}`);
	}

	get evicted(): boolean {
		return this.evictedMaxEnd !== Number.NEGATIVE_INFINITY;
	}

	/** Whether every call that ended at or after `from` is still held. */
	covers(from: number): boolean {
		return !this.evicted || from > this.evictedMaxEnd;
	}

	add(end: number, duration: number, success: boolean, error: number, container: number): void {
		let i: number;
		if (this.size < this.capacity) {
			if (this.size === this.end.length) this.grow();
			i = this.size++;
		} else {
			i = this.head;
			if (this.end[i] > this.evictedMaxEnd) this.evictedMaxEnd = this.end[i];
			this.head = (i + 1) % this.capacity;
		}
		this.end[i] = end;
		this.duration[i] = duration;
		this.success[i] = success ? 1 : 0;
		this.error[i] = error;
		this.container[i] = container;
	}

	/** How many held calls ended in [from, to]. */
	count(from: number, to: number): number {
		let n = 0;
		for (let i = 0; i < this.size; i++) {
			const t = this.end[i];
			if (t >= from && t <= to) n++;
		}
		return n;
	}

	/** The held calls that ended in [from, to], oldest first. */
	collect(from: number, to: number): CallList {
		const n = this.count(from, to);
		const out: CallList = {
			n,
			end: new Float64Array(n),
			duration: new Float64Array(n),
			success: new Uint8Array(n),
			error: new Uint8Array(n),
			container: new Uint8Array(n),
		};
		let j = 0;
		// Oldest first: from the head to the end of the arrays, then from their start up to the head.
		for (let k = 0, i = this.head; k < this.size; k++, i = i + 1 === this.size ? 0 : i + 1) {
			const t = this.end[i];
			if (t < from || t > to) continue;
			out.end[j] = t;
			out.duration[j] = this.duration[i];
			out.success[j] = this.success[i];
			out.error[j] = this.error[i];
			out.container[j] = this.container[i];
			j++;
		}
		return out;
	}

	private grow(): void {
		const length = Math.min(this.capacity, this.end.length * 2);
		const grown = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
			const b = make(length);
			b.set(a);
			return b;
		};
		this.end = grown(this.end, (n) => new Float64Array(n));
		this.duration = grown(this.duration, (n) => new Float64Array(n));
		this.success = grown(this.success, (n) => new Uint8Array(n));
		this.error = grown(this.error, (n) => new Uint8Array(n));
		this.container = grown(this.container, (n) => new Uint8Array(n));
	}
}
