/**
 * Is an operation slower or faster than in a baseline (issue #16 §2)? Both a minimum effect and a
 * significance test must agree, so noise does not cry wolf and a trivial but significant change (a
 * busy file with millions of calls makes anything significant) is not reported either.
 */
import {type Buckets, bucketPercentile} from './buckets.js';
import {mannWhitney} from './rank-test.js';

export type RegressionVerdict = 'slower' | 'faster' | 'no significant change' | 'too few calls';
export type PercentileName = 'p50' | 'p95' | 'p99';
export const COMPARED: readonly PercentileName[] = ['p50', 'p95', 'p99'];

/** Default minimum effect, % (`--regression PCT`). DDC's CI fails a test 10 % over its threshold. */
export const DEFAULT_MIN_EFFECT_PCT = 10;
/** Significance level: 95 %. */
export const ALPHA = 0.05;
/**
 * Fewer calls than this on either side: "too few calls". Below about 50 calls a 10 % shift of a typical
 * latency spread cannot reach 95 % significance, and p99 is little more than the maximum.
 */
export const MIN_CALLS = 50;

/** One side of the comparison: what a summary (or a baseline export) holds. Seconds. */
export interface RegressionSide {
	calls: number;
	ok: number;
	p50?: number;
	p95?: number;
	p99?: number;
	/** The distribution behind the percentiles; without it on either side only the effect can be judged. */
	buckets?: Buckets;
}

export interface RegressionResult {
	verdict: RegressionVerdict;
	/** The percentile the verdict names: the one that moved most in its direction (p95 when none did). */
	statistic: PercentileName;
	value?: number;
	baseline?: number;
	changePct?: number;
	/** % change of each percentile (undefined without a figure or with a zero baseline). */
	changes: Record<PercentileName, number | undefined>;
	/** Success rates (0..1) and their change in percentage points. */
	successRate?: number;
	baselineSuccessRate?: number;
	successChangePoints?: number;
	/** Two-sided p of the rank test; undefined without both distributions. */
	p?: number;
	/** How significance was judged. */
	test: 'mann-whitney' | 'effect only';
}

export interface RegressionOptions {
	minEffectPct?: number;
	alpha?: number;
	minCalls?: number;
}

const pct = (now: number | undefined, then: number | undefined): number | undefined =>
	now === undefined || then === undefined || !(then > 0) ? undefined : ((now - then) / then) * 100;

function percentileOf(side: RegressionSide, name: PercentileName): number | undefined {
	if (side[name] !== undefined) return side[name];
	return side.buckets && bucketPercentile(side.buckets, Number(name.slice(1)) / 100);
}

/**
 * `current` against `baseline`. With both distributions: "slower" when the Mann-Whitney test says the
 * current durations tend to be larger (two-sided p < alpha) and at least one of p50/p95/p99 grew by the
 * minimum effect; "faster" the other way round. Without them (a baseline from DDC's own export, which
 * has no histograms): only a shift of the whole distribution counts, p50, p95 and p99 all moved by the
 * minimum effect the same way. A change in the far tail alone moves the ranks little and is not called a
 * regression: the thresholds catch a tail that grows past its limit.
 */
export function compareToBaseline(current: RegressionSide, baseline: RegressionSide, options: RegressionOptions = {}): RegressionResult {
	const minEffect = options.minEffectPct ?? DEFAULT_MIN_EFFECT_PCT;
	const alpha = options.alpha ?? ALPHA;
	const minCalls = options.minCalls ?? MIN_CALLS;
	const values = Object.fromEntries(COMPARED.map((n) => [n, percentileOf(current, n)])) as Record<PercentileName, number | undefined>;
	const bases = Object.fromEntries(COMPARED.map((n) => [n, percentileOf(baseline, n)])) as Record<PercentileName, number | undefined>;
	const changes = Object.fromEntries(COMPARED.map((n) => [n, pct(values[n], bases[n])])) as Record<PercentileName, number | undefined>;
	const successRate = current.calls > 0 ? current.ok / current.calls : undefined;
	const baselineSuccessRate = baseline.calls > 0 ? baseline.ok / baseline.calls : undefined;
	const test = current.buckets && baseline.buckets ? 'mann-whitney' : 'effect only';
	const result = (verdict: RegressionVerdict, statistic: PercentileName, p?: number): RegressionResult => ({
		verdict,
		statistic,
		value: values[statistic],
		baseline: bases[statistic],
		changePct: changes[statistic],
		changes,
		successRate,
		baselineSuccessRate,
		successChangePoints:
			successRate !== undefined && baselineSuccessRate !== undefined ? (successRate - baselineSuccessRate) * 100 : undefined,
		p,
		test,
	});
	if (current.calls < minCalls || baseline.calls < minCalls) return result('too few calls', 'p95');
	const largest = (sign: 1 | -1): PercentileName | undefined => {
		let best: PercentileName | undefined;
		for (const n of COMPARED) {
			const c = changes[n];
			if (c !== undefined && sign * c >= minEffect && (best === undefined || sign * c > sign * (changes[best] as number))) best = n;
		}
		return best;
	};
	if (current.buckets && baseline.buckets) {
		const rank = mannWhitney(current.buckets, baseline.buckets);
		if (!rank || rank.p >= alpha) return result('no significant change', 'p95', rank?.p);
		const sign = rank.dominance > 0.5 ? 1 : -1;
		const moved = largest(sign);
		return moved ? result(sign > 0 ? 'slower' : 'faster', moved, rank.p) : result('no significant change', 'p95', rank.p);
	}
	for (const sign of [1, -1] as const) {
		const all = COMPARED.every((n) => changes[n] !== undefined && sign * (changes[n] as number) >= minEffect);
		if (all) return result(sign > 0 ? 'slower' : 'faster', largest(sign) ?? 'p95');
	}
	return result('no significant change', 'p95');
}
