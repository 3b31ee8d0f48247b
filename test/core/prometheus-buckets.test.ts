import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HISTOGRAM_AT} from '../../source/core/histogram.js';
import {LatencyStats} from '../../source/core/latency-windows.js';
import {cumulativeBuckets, DURATION_BUCKETS} from '../../source/core/prometheus-buckets.js';
import {seededRandom} from '../../source/core/random.js';

/** Prometheus' reading of the buckets: how many durations are at most each bound, counted one by one. */
function expected(durations: readonly number[]): number[] {
	return DURATION_BUCKETS.map((bound) => durations.filter((d) => d <= bound).length);
}

/** Durations spread over 10 µs .. 100 s on a log scale, none within 0.5 % of a bound (HDR's precision is 0.1 %). */
function durations(n: number, seed: number): number[] {
	const random = seededRandom(seed);
	const out: number[] = [];
	while (out.length < n) {
		const d = 10 ** (-5 + 7 * random());
		if (DURATION_BUCKETS.some((b) => Math.abs(d - b) / b < 0.005)) continue;
		out.push(Math.round(d * 1e6) / 1e6);
	}
	return out;
}

function statsOf(values: readonly number[]) {
	const stats = new LatencyStats();
	stats.advance(2_000_000_000);
	// Ten days back: most calls are outside the last day, as in a long-running DDC's file.
	for (const [i, d] of values.entries()) stats.record({operation: 'op', endTime: 2_000_000_000 - 864_000 + i, duration: d, success: true});
	const op = stats.peek('op');
	assert.ok(op);
	return op;
}

test('the buckets are fixed, ascending and log-spaced 1-2.5-5 from 0.5 ms, ending at 60 s', () => {
	assert.equal(DURATION_BUCKETS[0], 0.0005);
	assert.equal(DURATION_BUCKETS.at(-1), 60);
	for (let i = 1; i < DURATION_BUCKETS.length; i++) assert.ok(DURATION_BUCKETS[i] > DURATION_BUCKETS[i - 1]);
	assert.deepEqual(
		DURATION_BUCKETS.slice(0, -1).map((b) => Number((b / 10 ** Math.floor(Math.log10(b))).toFixed(2))),
		[5, 1, 2.5, 5, 1, 2.5, 5, 1, 2.5, 5, 1, 2.5, 5, 1, 2.5],
	);
});

test('raw calls (at most 8,192): each bucket counts exactly the calls at most its bound, a call on a bound included', () => {
	const values = [...durations(2000, 1), ...DURATION_BUCKETS, 0, 3600 * 5];
	const op = statsOf(values);
	assert.equal(op.allHist, undefined, 'still raw');
	assert.deepEqual(cumulativeBuckets(op), expected(values));
});

test('past 8,192 calls (an HDR histogram): the same counts, and the +Inf bucket is the call count', () => {
	const values = durations(HISTOGRAM_AT * 3, 2);
	const op = statsOf(values);
	assert.ok(op.allHist, 'moved to a histogram');
	const buckets = cumulativeBuckets(op);
	assert.deepEqual(buckets, expected(values));
	assert.ok(buckets.at(-1)! < op.all.count, 'calls over 60 s are only in +Inf');
	for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1], 'cumulative');
});

test('an operation without calls has empty buckets', () => {
	const stats = new LatencyStats();
	const op = stats.operation('idle')!;
	assert.deepEqual(
		cumulativeBuckets(op),
		DURATION_BUCKETS.map(() => 0),
	);
});
