/**
 * A small fixed-size record of durations for percentiles where the calls themselves are no longer held
 * (a time slot or a container whose calls left the raw list, operation-detail.ts). Log-spaced buckets, 16
 * per doubling from 1 µs to 2^32 µs (about 71 minutes; longer durations count in the last bucket, their
 * exact maximum is kept apart): 514 counts, 2 KB, where an HDR histogram takes about 98 KB. A value read
 * back is its bucket's geometric middle, within 2.2 % of the true one; the lowest and highest ranks are
 * the exact min and max, and everything is clamped to them, as histogramPercentiles does.
 */

const PER_DOUBLING = 16;
const DOUBLINGS = 32;
/** Bucket 0 holds durations under 1 µs; bucket i > 0 holds [2^((i-1)/16), 2^(i/16)) µs. */
export const SKETCH_BUCKETS = PER_DOUBLING * DOUBLINGS + 2;

export function sketchIndex(seconds: number): number {
	const us = seconds * 1e6;
	if (!(us >= 1)) return 0;
	const i = 1 + Math.floor(Math.log2(us) * PER_DOUBLING);
	return i < SKETCH_BUCKETS ? i : SKETCH_BUCKETS - 1;
}

/** The value a bucket stands for, in seconds. */
function sketchValue(index: number): number {
	return index === 0 ? 0 : 2 ** ((index - 0.5) / PER_DOUBLING) / 1e6;
}

export function createSketch(): Uint32Array {
	return new Uint32Array(SKETCH_BUCKETS);
}

/** Adds the counts of `from` into `into`. */
export function addSketch(into: Uint32Array, from: Uint32Array): void {
	for (let i = 0; i < SKETCH_BUCKETS; i++) into[i] += from[i];
}

/**
 * DDC's percentiles (rank k = (n-1)·p/100, linear interpolation between ranks floor(k) and floor(k)+1)
 * over the `n` values counted in `counts`, whose exact extremes are `min` and `max`. Seconds.
 */
export function sketchPercentiles(counts: Uint32Array, n: number, min: number, max: number, percentiles: readonly number[]): number[] {
	if (n <= 0) return percentiles.map(() => 0);
	const valueAt = (rank: number): number => {
		if (rank <= 0) return min;
		if (rank >= n - 1) return max;
		let seen = 0;
		for (let i = 0; i < counts.length; i++) {
			seen += counts[i];
			if (seen > rank) return Math.min(max, Math.max(min, sketchValue(i)));
		}
		return max;
	};
	return percentiles.map((p) => {
		const k = (n - 1) * (p / 100);
		const f = Math.floor(k);
		const vf = valueAt(f);
		const vc = valueAt(Math.min(f + 1, n - 1));
		return vf + (vc - vf) * (k - f);
	});
}
