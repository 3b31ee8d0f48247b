import type {Histogram} from '../histogram.js';

/**
 * A duration distribution as ascending distinct values (seconds) and how many calls had each: an HDR
 * histogram's non-empty buckets, or exact values. The judge's rank test and percentiles work on this,
 * so they need no histogram class and tests can build one from plain numbers.
 */
export interface Buckets {
	values: readonly number[];
	counts: readonly number[];
	total: number;
}

/** The non-empty buckets of an HDR histogram (µs), each at its median-equivalent value, in seconds. */
export function bucketsOf(h: Histogram): Buckets {
	const values: number[] = [];
	const counts: number[] = [];
	let total = 0;
	for (let i = 0; i < h.countsArrayLength; i++) {
		const count = h.getCountAtIndex(i);
		if (count <= 0) continue;
		values.push(h.medianEquivalentValue(h.valueFromIndex(i)) / 1e6);
		counts.push(count);
		total += count;
	}
	return {values, counts, total};
}

/** Exact values as buckets (tests, and callers holding raw durations). */
export function bucketsFromValues(durations: readonly number[]): Buckets {
	const sorted = [...durations].sort((a, b) => a - b);
	const values: number[] = [];
	const counts: number[] = [];
	for (const v of sorted) {
		if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]++;
		else {
			values.push(v);
			counts.push(1);
		}
	}
	return {values, counts, total: sorted.length};
}

/**
 * The q-quantile (0..1) by DDC's rule: linear interpolation between the closest ranks, k = (n - 1) q,
 * over the bucket values; undefined when empty.
 */
export function bucketPercentile(b: Buckets, q: number): number | undefined {
	if (b.total === 0) return undefined;
	const k = (b.total - 1) * q;
	const f = Math.floor(k);
	const c = Math.min(f + 1, b.total - 1);
	const lo = valueAtRank(b, f);
	const hi = c === f ? lo : valueAtRank(b, c);
	return lo + (hi - lo) * (k - f);
}

function valueAtRank(b: Buckets, rank: number): number {
	let seen = 0;
	for (let i = 0; i < b.values.length; i++) {
		seen += b.counts[i];
		if (seen > rank) return b.values[i];
	}
	return b.values[b.values.length - 1];
}
