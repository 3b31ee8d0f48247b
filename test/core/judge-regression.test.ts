import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createHistogram, recordMicros, toMicros} from '../../source/core/histogram.js';
import {bucketPercentile, bucketsFromValues, bucketsOf} from '../../source/core/judge/buckets.js';
import {mannWhitney} from '../../source/core/judge/rank-test.js';
import {compareToBaseline, MIN_CALLS, type RegressionSide} from '../../source/core/judge/regression.js';
import {logNormal, seededRandom} from '../../source/core/random.js';

/** n log-normal durations (median 50 ms), times `factor`, as the export carries them: an HDR histogram. */
function side(seed: number, n: number, factor = 1, sigma = 0.6): RegressionSide {
	const random = seededRandom(seed);
	const h = createHistogram();
	for (let i = 0; i < n; i++) recordMicros(h, Math.max(1, toMicros(logNormal(random, 0.05, sigma) * factor)));
	return {calls: n, ok: n, buckets: bucketsOf(h)};
}

test('same distribution, n = 1000 each: called slower in at most 5 of 100 seeds', () => {
	let slower = 0;
	let faster = 0;
	for (let seed = 1; seed <= 100; seed++) {
		const verdict = compareToBaseline(side(seed * 2, 1000), side(seed * 2 + 1, 1000)).verdict;
		if (verdict === 'slower') slower++;
		if (verdict === 'faster') faster++;
	}
	assert.ok(slower <= 5, `slower in ${slower} of 100`);
	assert.ok(faster <= 5, `faster in ${faster} of 100`);
});

test('a 20 % shift of the whole distribution, n = 1000: called slower in at least 95 of 100 seeds', () => {
	let slower = 0;
	for (let seed = 1; seed <= 100; seed++) {
		if (compareToBaseline(side(seed * 2, 1000, 1.2), side(seed * 2 + 1, 1000)).verdict === 'slower') slower++;
	}
	assert.ok(slower >= 95, `slower in ${slower} of 100`);
});

test('a 20 % speed-up is "faster"; the verdict names the percentile that moved most and its change', () => {
	const r = compareToBaseline(side(7, 2000, 0.8), side(8, 2000));
	assert.equal(r.verdict, 'faster');
	assert.ok(r.changePct !== undefined && r.changePct <= -10, String(r.changePct));
	assert.equal(r.test, 'mann-whitney');
	assert.ok(r.p !== undefined && r.p < 0.05);
});

test('significant but smaller than the minimum effect: no significant change (a huge file makes any shift significant)', () => {
	const r = compareToBaseline(side(3, 50_000, 1.05), side(4, 50_000));
	assert.ok(r.p !== undefined && r.p < 0.05, 'the 5 % shift is significant at this size');
	assert.equal(r.verdict, 'no significant change');
	// With a 3 % minimum effect it counts.
	assert.equal(compareToBaseline(side(3, 50_000, 1.05), side(4, 50_000), {minEffectPct: 3}).verdict, 'slower');
});

test('too few calls on either side', () => {
	assert.equal(compareToBaseline(side(1, MIN_CALLS - 1, 2), side(2, 1000)).verdict, 'too few calls');
	assert.equal(compareToBaseline(side(1, 1000, 2), side(2, MIN_CALLS - 1)).verdict, 'too few calls');
	assert.equal(compareToBaseline(side(1, MIN_CALLS, 2), side(2, MIN_CALLS)).verdict, 'slower');
});

test('without histograms (DDC own export): only a shift of p50, p95 and p99 together counts', () => {
	const base = {calls: 500, ok: 500, p50: 0.1, p95: 0.2, p99: 0.3};
	assert.equal(compareToBaseline({calls: 500, ok: 490, p50: 0.12, p95: 0.24, p99: 0.36}, base).verdict, 'slower');
	const tailOnly = compareToBaseline({calls: 500, ok: 500, p50: 0.1, p95: 0.2, p99: 0.6}, base);
	assert.equal(tailOnly.verdict, 'no significant change');
	assert.equal(tailOnly.test, 'effect only');
	assert.equal(tailOnly.changes.p99, 100);
	const r = compareToBaseline({calls: 500, ok: 490, p50: 0.12, p95: 0.24, p99: 0.36}, base);
	assert.ok(Math.abs((r.successChangePoints as number) + 2) < 1e-9, 'success rate 100 % -> 98 %: -2 points');
});

test('Mann-Whitney with ties matches the textbook: U, and the tie-corrected variance', () => {
	// a = [1, 2, 2, 3], b = [2, 3, 3, 4]: pairs a > b: 3 > 2 once; ties: 2=2 twice, 3=3 twice -> U = 1 + 4 / 2 = 3.
	const r = mannWhitney(bucketsFromValues([1, 2, 2, 3]), bucketsFromValues([2, 3, 3, 4]));
	assert.ok(r);
	assert.equal(r.u, 3);
	assert.equal(r.dominance, 3 / 16);
	// Ties: 2 (x3), 3 (x3): sum t^3 - t = 48; var = 16 / 12 * (9 - 48 / 56) = 10.857...; z = (3 - 8 + 0.5) / sqrt(var).
	assert.ok(Math.abs(r.z - -4.5 / Math.sqrt((16 / 12) * (9 - 48 / 56))) < 1e-12, String(r.z));
	assert.equal(mannWhitney(bucketsFromValues([1, 1]), bucketsFromValues([1, 1])), undefined, 'all tied: no test');
});

test('bucket percentiles follow DDC interpolation between closest ranks', () => {
	const b = bucketsFromValues([1, 2, 3, 4]);
	assert.equal(bucketPercentile(b, 0.5), 2.5);
	assert.ok(Math.abs((bucketPercentile(b, 0.95) as number) - 3.85) < 1e-12);
	assert.equal(bucketPercentile(bucketsFromValues([]), 0.5), undefined);
	const h = createHistogram();
	for (let us = 1; us <= 1000; us++) recordMicros(h, us);
	assert.ok(Math.abs((bucketPercentile(bucketsOf(h), 0.5) as number) - 500.5e-6) < 1e-15, 'exact below 2,048 µs');
});
