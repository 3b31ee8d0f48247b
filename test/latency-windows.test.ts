import assert from 'node:assert/strict';
import {test} from 'node:test';
import {LatencyStats, ddcPercentile, type OperationSummary} from '../source/core/latency-windows.js';
import {LatencyBag, RAW_LIMIT} from '../source/core/latency-bag.js';
import {createHistogram} from '../source/core/histogram.js';
import {logNormal, seededRandom} from '../source/core/random.js';

const NOW = 1_763_000_000; // epoch seconds, fixed: core never reads the clock

function stats(records: Array<[op: string, ageSeconds: number, duration: number, success?: boolean]>) {
	const s = new LatencyStats();
	s.advance(NOW);
	for (const [operation, age, duration, success = true] of records) s.record({operation, endTime: NOW - age, duration, success});
	return s;
}

const find = (rows: OperationSummary[], op: string) => rows.find((r) => r.operation === op)!;

test('exact counts, min, max and average per window', () => {
	const s = stats([
		['a', 10, 0.1],
		['a', 1800, 0.3, false],
		['a', 7200, 0.5], // 2 h ago: in 24h and all
		['a', 3 * 86_400, 2], // 3 days ago: only in all
	]);
	const h = find(s.summaries('1h'), 'a');
	assert.deepEqual([h.calls, h.ok, h.failed, h.min, h.max], [2, 1, 1, 0.1, 0.3]);
	assert.ok(Math.abs(h.avg! - 0.2) < 1e-12);
	assert.equal(h.lastHourCalls, 2);
	assert.equal(h.last24hCalls, 3);
	const d = find(s.summaries('24h'), 'a');
	assert.deepEqual([d.calls, d.failed, d.max], [3, 1, 0.5]);
	const all = find(s.summaries('all'), 'a');
	assert.deepEqual([all.calls, all.min, all.max], [4, 0.1, 2]);
	assert.ok(Math.abs(all.avg! - 2.9 / 4) < 1e-12);
});

test('windows slide with the clock: entries age out with no new input', () => {
	const s = stats([
		['a', 0, 0.2],
		['a', 0, 0.4],
	]);
	assert.equal(find(s.summaries('1h'), 'a').calls, 2);
	s.advance(NOW + 3601);
	const h = find(s.summaries('1h'), 'a');
	assert.equal(h.calls, 0);
	assert.equal(h.p50, undefined);
	assert.equal(find(s.summaries('24h'), 'a').calls, 2);
	assert.equal(find(s.summaries('24h'), 'a').lastHourCalls, 0);
	// 24 h counts are exact to the minute: one minute past the edge, they are gone.
	s.advance(NOW + 86_460);
	assert.equal(find(s.summaries('24h'), 'a').calls, 0);
	assert.equal(find(s.summaries('all'), 'a').calls, 2);
	// Percentile histograms aged out too: a new value alone defines them.
	s.record({operation: "a", endTime: NOW + 86_460, duration: 5, success: true});
	const fresh = find(s.summaries('1h'), 'a');
	assert.equal(fresh.calls, 1);
	assert.equal(fresh.p50, 5);
	assert.equal(find(s.summaries('24h'), 'a').p99, 5);
});

test('1h counts are exact to the second at the window edge', () => {
	const s = stats([
		['a', 3590, 0.1],
		['a', 3610, 0.1],
	]);
	assert.equal(find(s.summaries('1h'), 'a').calls, 1);
	s.advance(NOW + 11);
	assert.equal(find(s.summaries('1h'), 'a').calls, 0);
});

test('percentiles agree with DDC linear interpolation within HDR precision', () => {
	const random = seededRandom(7);
	const durations: number[] = [];
	const s = new LatencyStats();
	s.advance(NOW);
	for (let i = 0; i < 20_000; i++) {
		const d = logNormal(random, 0.08, 0.9);
		durations.push(d);
		s.record({operation: 'op', endTime: NOW - random() * 3000, duration: d, success: true});
	}
	const sorted = [...durations].sort((a, b) => a - b);
	for (const window of ['1h', '24h', 'all'] as const) {
		const row = find(s.summaries(window), 'op');
		for (const [p, ours] of [
			[50, row.p50!],
			[95, row.p95!],
			[99, row.p99!],
			[99.9, row.p999!],
		] as const) {
			const theirs = ddcPercentile(sorted, p);
			// 3 significant digits -> 0.1 % bucket width; nearest rank vs interpolation adds a little at the tail.
			const tolerance = p === 99.9 ? 0.02 : 0.005;
			assert.ok(Math.abs(ours - theirs) / theirs < tolerance, `${window} p${p}: ours ${ours} DDC ${theirs}`);
		}
	}
});

test('percentiles never exceed the exact max nor fall under the exact min', () => {
	const s = stats([
		['a', 1, 0.123457],
		['a', 2, 0.123457],
	]);
	const row = find(s.summaries('all'), 'a');
	assert.equal(row.p999, 0.123457);
	assert.equal(row.p50, 0.123457);
});

test('ddcPercentile matches the formula from DDC', () => {
	assert.equal(ddcPercentile([1, 2, 3, 4], 50), 2.5);
	assert.equal(ddcPercentile([1, 2, 3, 4], 100), 4);
	assert.equal(ddcPercentile([7], 95), 7);
	assert.equal(ddcPercentile([], 95), 0);
});

test('a clock slightly ahead of ours counts as now, not as the future', () => {
	const s = stats([['a', -30, 0.1]]);
	assert.equal(find(s.summaries('1h'), 'a').calls, 1);
	assert.equal(find(s.summaries('1h'), 'a').lastEndTime, NOW + 30);
});

test('rates divide by the part of the window that has data', () => {
	const s = stats(Array.from({length: 120}, (_, i) => ['a', i * 5, 0.01] as [string, number, number]));
	// 120 calls spread over 10 minutes -> 12 per minute, not 2 per minute over the full hour.
	const rate = find(s.summaries('1h'), 'a').ratePerMinute;
	assert.ok(Math.abs(rate - 12) < 0.3, String(rate));
});

test('new operations past the limit are refused, not silently merged', () => {
	const s = new LatencyStats(2);
	s.advance(NOW);
	assert.equal(s.record({operation: 'a', endTime: NOW, duration: 1, success: true}), true);
	assert.equal(s.record({operation: 'b', endTime: NOW, duration: 1, success: true}), true);
	assert.equal(s.record({operation: 'c', endTime: NOW, duration: 1, success: true}), false);
	assert.equal(s.record({operation: 'a', endTime: NOW, duration: 1, success: true}), true);
	assert.equal(s.operationCount, 2);
});

test('reset forgets everything', () => {
	const s = stats([['a', 1, 1]]);
	s.reset();
	assert.deepEqual(s.summaries('all'), []);
});

test('a busy slot turns from a raw list into a histogram and still subtracts exactly', () => {
	const bag = new LatencyBag();
	const target = createHistogram();
	for (let i = 0; i < RAW_LIMIT + 10; i++) {
		bag.add(1000 + i);
		target.recordValue(1000 + i);
	}
	target.recordValue(7);
	assert.equal(bag.size, RAW_LIMIT + 10);
	bag.subtractFrom(target);
	assert.equal(target.totalCount, 1);
	assert.equal(target.getValueAtPercentile(100), 7);
	assert.equal(bag.size, 0);
});
