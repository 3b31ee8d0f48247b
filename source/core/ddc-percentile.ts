import {type Histogram, valuesAtRanks} from './histogram.js';

/** The percentiles every summary reports: p50, p95, p99, p99.9. */
export const PERCENTILES: readonly number[] = [50, 95, 99, 99.9];

/**
 * DDC's own percentile (utils/performance_metrics.py, get_stats): over the n sorted durations, the rank
 * k = (n-1)·p/100 and linear interpolation between the values at ranks floor(k) and floor(k)+1 (the last
 * rank at most). 0 when there is no value, as DDC reports.
 */
export function ddcPercentile(sorted: ArrayLike<number>, p: number): number {
	const n = sorted.length;
	if (n === 0) return 0;
	const k = (n - 1) * (p / 100);
	const f = Math.floor(k);
	const c = Math.min(f + 1, n - 1);
	return sorted[f] + (sorted[c] - sorted[f]) * (k - f);
}

/** DDC's percentiles of values held raw: sorts `values` in place and answers exactly. */
export function exactPercentiles(values: Float64Array, percentiles: readonly number[]): number[] {
	values.sort();
	return percentiles.map((p) => ddcPercentile(values, p));
}

/**
 * DDC's percentiles from a histogram of integer microseconds: the values at ranks floor(k) and floor(k)+1 are
 * each the middle of the bucket holding that rank (within half a bucket: 0.05 % at 3 significant digits, or
 * half a microsecond below 2 ms), the first and last ranks are the exact `min` and `max`, every value is
 * clamped to them, and the two are interpolated as DDC does. Answers in seconds. `skip` (integer
 * microseconds, ascending) are recorded values to leave out (`min` and `max` are then those of the rest).
 */
export function histogramPercentiles(
	h: Histogram,
	percentiles: readonly number[],
	min: number,
	max: number,
	skip: ArrayLike<number> = [],
): number[] {
	const n = h.totalCount - skip.length;
	if (n <= 0) return percentiles.map(() => 0);
	const ranks: number[] = [];
	for (const p of percentiles) {
		const f = Math.floor((n - 1) * (p / 100));
		ranks.push(f, Math.min(f + 1, n - 1));
	}
	// Ranks come in pairs per percentile; ascending percentiles give ascending ranks, which the scan needs.
	const order = ranks.map((_, i) => i).sort((a, b) => ranks[a] - ranks[b]);
	const found = valuesAtRanks(
		h,
		order.map((i) => ranks[i]),
		skip,
	);
	const at: number[] = new Array<number>(ranks.length);
	order.forEach((i, j) => {
		const r = ranks[i];
		const v = r === 0 ? min : r === n - 1 ? max : found[j] / 1e6;
		at[i] = Math.min(max, Math.max(min, v));
	});
	return percentiles.map((p, i) => {
		const k = (n - 1) * (p / 100);
		const vf = at[2 * i];
		const vc = at[2 * i + 1];
		return vf + (vc - vf) * (k - Math.floor(k));
	});
}
