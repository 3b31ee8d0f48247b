import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	countsIndex,
	createHistogram,
	encodeHistogram,
	HIGHEST_MICROS,
	recordMicros,
	toMicros,
	valuesAtRanks,
} from '../../source/core/histogram.js';
import {seededRandom} from '../../source/core/random.js';
import {decodeHistogram} from '../helpers/decode-histogram.js';

test('recordMicros fills exactly the buckets recordValue fills, over the whole range', () => {
	const random = seededRandom(3);
	const ours = createHistogram();
	const theirs = createHistogram();
	const edges = [0, 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 1_000_000, 2 ** 31 - 1, 2 ** 31, HIGHEST_MICROS - 1, HIGHEST_MICROS];
	const values = [...edges, ...Array.from({length: 50_000}, () => Math.floor(Math.exp(random() * Math.log(HIGHEST_MICROS))))];
	for (const v of values) {
		recordMicros(ours, v);
		theirs.recordValue(v);
	}
	assert.equal(ours.totalCount, theirs.totalCount);
	assert.equal(ours.maxValue, theirs.maxValue);
	assert.equal(ours.minNonZeroValue, theirs.minNonZeroValue);
	assert.equal(encodeHistogram(ours), encodeHistogram(theirs));
	for (const p of [0, 1, 50, 90, 99, 99.9, 100]) assert.equal(ours.getValueAtPercentile(p), theirs.getValueAtPercentile(p));
});

test('the HISTF encoding round-trips', () => {
	const h = createHistogram();
	for (const v of [5, 50, 500, 5000, 50_000]) recordMicros(h, v);
	const back = decodeHistogram(encodeHistogram(h));
	assert.equal(back.totalCount, 5);
	assert.equal(back.getValueAtPercentile(50), h.getValueAtPercentile(50));
});

test('durations become whole microseconds, capped at one hour', () => {
	assert.equal(toMicros(0.0000004), 0);
	assert.equal(toMicros(0.0123456), 12_346);
	assert.equal(toMicros(7200), HIGHEST_MICROS);
});

test('valuesAtRanks gives the middle of the bucket of each sorted value, in one pass', () => {
	const random = seededRandom(11);
	for (const size of [1, 2, 3, 7, 100, 1000, 20_000]) {
		const h = createHistogram();
		const values: number[] = [];
		// Log-uniform from 1 µs to ~1 h, the shape latencies have; repeats make ranks land on bucket edges.
		for (let i = 0; i < size; i++) {
			const v = Math.min(HIGHEST_MICROS, Math.max(1, Math.round(Math.exp(random() * 22))));
			const repeats = random() < 0.1 ? 3 : 1;
			for (let j = 0; j < repeats; j++) {
				values.push(v);
				recordMicros(h, v);
			}
		}
		values.sort((a, b) => a - b);
		const ranks = [
			...new Set([0, 1, Math.floor(values.length / 2), values.length - 2, values.length - 1].filter((r) => r >= 0 && r < values.length)),
		].sort((a, b) => a - b);
		const want = ranks.map((r) => h.medianEquivalentValue(values[r]));
		assert.deepEqual(valuesAtRanks(h, ranks), want, `${size} values`);
		for (const [i, r] of ranks.entries()) {
			// The middle of a bucket is within half its width of every value in it: 1/2048 at 3 digits, 1 µs below 2,048.
			assert.ok(Math.abs(want[i] - values[r]) <= Math.max(1, values[r] / 2048), `rank ${r}: ${want[i]} vs ${values[r]}`);
		}
	}
});

test('valuesAtRanks leaves out skipped values as if they had been subtracted, without touching the histogram', () => {
	const random = seededRandom(19);
	for (const size of [3, 50, 5000]) {
		const h = createHistogram();
		const values: number[] = [];
		for (let i = 0; i < size; i++) {
			const v = Math.min(HIGHEST_MICROS, Math.max(1, Math.round(Math.exp(random() * 22))));
			values.push(v);
			recordMicros(h, v);
		}
		// Skip about a third, the largest among them included, some sharing a bucket with kept values.
		const top = values.indexOf(Math.max(...values));
		const skipped = (i: number) => i % 3 === 1 || i === top;
		const skip = values.filter((_, i) => skipped(i));
		const kept = values.filter((_, i) => !skipped(i));
		const subtracted = createHistogram();
		for (const v of kept) recordMicros(subtracted, v);
		const ranks = [0, Math.floor(kept.length / 3), Math.floor(kept.length / 2), kept.length - 1];
		const before = encodeHistogram(h);
		const got = valuesAtRanks(
			h,
			ranks,
			skip.sort((a, b) => a - b),
		);
		assert.deepEqual(got, valuesAtRanks(subtracted, ranks), `${size} values`);
		assert.equal(encodeHistogram(h), before, 'the histogram is unchanged');
	}
});

test('countsIndex is the bucket recordMicros counts a value in', () => {
	for (const v of [0, 1, 2047, 2048, 2049, 4095, 4096, 1_000_000, HIGHEST_MICROS]) {
		const h = createHistogram();
		recordMicros(h, v);
		assert.equal(h.getCountAtIndex(countsIndex(v)), 1, `${v}`);
	}
});
