import {countsIndex, toMicros} from './histogram.js';
import type {OperationStats} from './latency-windows.js';

/**
 * The exposed histogram's upper bounds in seconds: 1-2.5-5 per decade from 0.5 ms to 25 s, then 60 s. Fixed,
 * so every ddc-top of a fleet has the same buckets and Prometheus can add them up across hosts. DDC's
 * thresholds (1 ms for the mech calculations, 0.1 / 0.5 / 1 / 2 s for config, tokens, web) each fall on a
 * bound; histogram_quantile interpolates inside a bucket, so its answer is as precise as this spacing.
 */
export const DURATION_BUCKETS: readonly number[] = Object.freeze([
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60,
]);

/** Each bound's HDR counts index: the histogram's values up to that index are at most the bound (to 3 digits). */
const BOUND_INDEXES = DURATION_BUCKETS.map((b) => countsIndex(toMicros(b)));

/**
 * How many of the operation's calls (every call since the file was first read, or since its last reset) took
 * at most each of DURATION_BUCKETS, cumulative as Prometheus' `le` buckets are; the +Inf bucket is the call
 * count. Read from the statistics the live view keeps, so ingest pays nothing for it: exact while the calls
 * are held raw, to the HDR histogram's 3 significant digits past that (a call within 0.1 % above a bound may
 * count under it).
 */
export function cumulativeBuckets(op: OperationStats): number[] {
	const counts = new Array<number>(DURATION_BUCKETS.length).fill(0);
	const h = op.allHist;
	if (h !== undefined) {
		let j = 0;
		const last = BOUND_INDEXES[BOUND_INDEXES.length - 1];
		for (let i = 0; i <= last && i < h.countsArrayLength; i++) {
			const c = h.getCountAtIndex(i);
			if (c === 0) continue;
			while (i > BOUND_INDEXES[j]) j++;
			counts[j] += c;
		}
	} else {
		op.recent?.forEach((_t, d) => {
			for (let j = 0; j < DURATION_BUCKETS.length; j++) {
				if (d <= DURATION_BUCKETS[j]) {
					counts[j]++;
					return;
				}
			}
		});
	}
	for (let j = 1; j < counts.length; j++) counts[j] += counts[j - 1];
	return counts;
}
