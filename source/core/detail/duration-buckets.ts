/**
 * The distribution's buckets: upper bounds 1, 2 and 5 per decade (1 µs, 2 µs, 5 µs, 10 µs … 1,000,000 s),
 * each counting the durations above the bound before it and at most its own (Prometheus' `le`), and one
 * last bucket for what lies above 1,000,000 s (a hostile or broken line: its bound is written as null).
 * Fixed bounds, so the buckets of two time slots, or of a slot and the whole file, add up.
 */

const DECADES = 12;
const FIRST_EXPONENT = -6;

function makeBounds(): number[] {
	const bounds: number[] = [];
	for (let e = FIRST_EXPONENT; e < FIRST_EXPONENT + DECADES; e++) {
		// Written as text and parsed, so each bound is the double nearest 1e-6, 2e-6 … (2 * 1e-6 is not).
		for (const m of [1, 2, 5]) bounds.push(Number(`${m}e${e}`));
	}
	bounds.push(Number(`1e${FIRST_EXPONENT + DECADES}`));
	return bounds;
}

/** The upper bounds, ascending: 1e-6 … 1e6 seconds. */
export const BUCKET_BOUNDS: readonly number[] = makeBounds();

/** Buckets in all: one per bound and one above the last. */
export const BUCKET_COUNT = BUCKET_BOUNDS.length + 1;

/** The bucket of a duration (seconds, not negative): the first whose bound it does not exceed. */
export function bucketOf(seconds: number): number {
	let lo = 0;
	let hi = BUCKET_BOUNDS.length;
	// Binary search rather than log10: the bucket must agree with `seconds <= bound` to the last bit.
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (seconds <= BUCKET_BOUNDS[mid]) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

/** A bucket's upper bound in seconds; null for the last one, which has none. */
export function bucketBound(bucket: number): number | null {
	return bucket < BUCKET_BOUNDS.length ? BUCKET_BOUNDS[bucket] : null;
}

export interface HistogramRow {
	le_seconds: number | null;
	count: number;
}

/** Counts per bucket -> rows for the populated range only (first to last non-empty bucket, gaps kept as 0). */
export function histogramRows(counts: ArrayLike<number>): HistogramRow[] {
	let first = -1;
	let last = -1;
	for (let i = 0; i < counts.length; i++) {
		if (counts[i] === 0) continue;
		if (first === -1) first = i;
		last = i;
	}
	const rows: HistogramRow[] = [];
	if (first === -1) return rows;
	for (let i = first; i <= last; i++) rows.push({le_seconds: bucketBound(i), count: counts[i]});
	return rows;
}
