/**
 * Memory growth of a container (issue #16 §3): a robust trend in MB/min with a 95 % interval, banded the
 * way DDC's guides band it, plus DDC's own leak threshold for growth since start. Pure: samples in.
 *
 * MB here is 2^20 bytes: DDC's memory tests divide bytes by 1024 / 1024.
 */

import {Z_975} from './normal.js';
import {DEFAULT_LEAK_THRESHOLD_MB} from './thresholds.js';

export const MB = 1024 * 1024;
/** Bands of the growth rate, MB/min: below WATCH ok, up to LEAK watch, above LEAK a likely leak. */
export const WATCH_MB_PER_MIN = 5;
export const LEAK_MB_PER_MIN = 10;
/** Fewer samples, or a shorter span, and nothing is judged (state ok, reason says why). */
export const MIN_SAMPLES = 10;
export const MIN_SPAN_MS = 60_000;
/** More samples are thinned evenly to this many: the fit is O(n^2) in pairs (40k pairs, about 5 ms). */
export const MAX_POINTS = 300;

export type MemoryState = 'ok' | 'watch' | 'leak';

export interface MemorySample {
	/** ms since the epoch (or any origin). */
	t: number;
	bytes: number;
}

export interface MemoryGrowth {
	state: MemoryState;
	/** Theil-Sen slope and its 95 % interval (Sen's), MB/min; undefined when not judged. */
	mbPerMin?: number;
	low?: number;
	high?: number;
	/** The trend's growth over the samples' span (the interval's low end times the span), MB. */
	growthMb?: number;
	samples: number;
	spanMinutes: number;
	/** Minutes until the limit at the current rate, when growing toward a known limit. */
	minutesToLimit?: number;
	/** Why the state is what it is, in a few words. */
	reason: string;
}

export interface MemoryGrowthOptions {
	/** The container's memory limit, bytes (0 or undefined: none). */
	limitBytes?: number;
	/** DDC's `memory_leak_threshold_mb`: growth since start above it is a leak. */
	leakThresholdMb?: number;
	/** The samples span since start (the whole run), so the leak threshold applies; false for a recent window. */
	sinceStart?: boolean;
}

function thin(samples: readonly MemorySample[]): readonly MemorySample[] {
	if (samples.length <= MAX_POINTS) return samples;
	const step = (samples.length - 1) / (MAX_POINTS - 1);
	return Array.from({length: MAX_POINTS}, (_, i) => samples[Math.round(i * step)]);
}

/**
 * The Theil-Sen slope (the median of all pairwise slopes: a garbage collector's drops are outliers it
 * ignores, where least squares would follow them) with Sen's distribution-free interval: the pairwise
 * slopes ranked (N - C) / 2 and (N + C) / 2 + 1, C = z * sqrt(var S), var S = n (n - 1) (2n + 5) / 18.
 * The state is banded on the interval's LOW end: only growth we are 95 % sure of is called growth, so a
 * sawtooth (whose pairwise slopes spread both ways) does not cry wolf.
 */
export function memoryGrowth(input: readonly MemorySample[], options: MemoryGrowthOptions = {}): MemoryGrowth {
	const samples = thin([...input].filter((s) => Number.isFinite(s.t) && Number.isFinite(s.bytes)).sort((a, b) => a.t - b.t));
	const n = samples.length;
	const spanMs = n > 1 ? samples[n - 1].t - samples[0].t : 0;
	const base = {samples: input.length, spanMinutes: spanMs / 60_000};
	if (n < MIN_SAMPLES || spanMs < MIN_SPAN_MS) {
		return {...base, state: 'ok', reason: `too few samples to judge (${input.length} over ${Math.round(spanMs / 1000)} s)`};
	}
	// A typed array sorts numerically in native code: about 20 times faster than an array of numbers with a
	// comparator, which matters when every container's trend is refitted.
	const all = new Float64Array((n * (n - 1)) / 2);
	let N = 0;
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			const dt = samples[j].t - samples[i].t;
			if (dt > 0) all[N++] = ((samples[j].bytes - samples[i].bytes) / MB / dt) * 60_000;
		}
	}
	const slopes = all.subarray(0, N).sort();
	const mbPerMin = N % 2 === 1 ? slopes[(N - 1) / 2] : (slopes[N / 2 - 1] + slopes[N / 2]) / 2;
	// Memory samples a second apart are not independent (a sawtooth's points follow each other), and Sen's
	// interval assumes they are: it is taken for the effective number of samples, n (1 - r) / (1 + r) with r
	// the lag-1 autocorrelation of the residuals, as a rank fraction of the pairwise slopes.
	const nEff = effectiveSamples(samples, mbPerMin);
	const pairsEff = (nEff * (nEff - 1)) / 2;
	const c = Z_975 * Math.sqrt((nEff * (nEff - 1) * (2 * nEff + 5)) / 18);
	const half = Math.min(1, c / pairsEff) / 2;
	const low = slopes[Math.max(0, Math.floor((0.5 - half) * N) - 1)];
	const high = slopes[Math.min(N - 1, Math.ceil((0.5 + half) * N))];
	const growthMb = Math.max(0, low) * base.spanMinutes;
	const limit = options.limitBytes && options.limitBytes > 0 ? options.limitBytes : undefined;
	const last = samples[n - 1].bytes;
	const minutesToLimit = limit !== undefined && mbPerMin > 0 && low > 0 ? Math.max(0, (limit - last) / MB / mbPerMin) : undefined;
	const leakMb = options.leakThresholdMb ?? DEFAULT_LEAK_THRESHOLD_MB;
	const judged = {...base, mbPerMin, low, high, growthMb, ...(minutesToLimit !== undefined && {minutesToLimit})};
	if (low > LEAK_MB_PER_MIN) return {...judged, state: 'leak', reason: `growing at least ${low.toFixed(1)} MB/min (> ${LEAK_MB_PER_MIN})`};
	if (options.sinceStart && growthMb > leakMb) {
		return {...judged, state: 'leak', reason: `grew at least ${growthMb.toFixed(0)} MB since start (> ${leakMb} MB)`};
	}
	if (low >= WATCH_MB_PER_MIN)
		return {...judged, state: 'watch', reason: `growing at least ${low.toFixed(1)} MB/min (>= ${WATCH_MB_PER_MIN})`};
	return {...judged, state: 'ok', reason: low > 0 ? `growing under ${WATCH_MB_PER_MIN} MB/min` : 'no significant growth'};
}

/** n (1 - r) / (1 + r), r the lag-1 autocorrelation (clamped to 0..0.99) of the residuals from the trend. */
function effectiveSamples(samples: readonly MemorySample[], mbPerMin: number): number {
	const n = samples.length;
	const perMs = (mbPerMin * MB) / 60_000;
	const detrended = samples.map((s) => s.bytes - perMs * (s.t - samples[0].t));
	const sorted = [...detrended].sort((a, b) => a - b);
	const level = sorted[n >> 1];
	const r = detrended.map((v) => v - level);
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		den += r[i] * r[i];
		if (i > 0) num += r[i] * r[i - 1];
	}
	const rho = den > 0 ? Math.min(0.99, Math.max(0, num / den)) : 0;
	return Math.max(2, (n * (1 - rho)) / (1 + rho));
}
