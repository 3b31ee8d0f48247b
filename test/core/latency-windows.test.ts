import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createHistogram, HISTOGRAM_AT} from '../../source/core/histogram.js';
import {LatencyBag, RAW_LIMIT} from '../../source/core/latency-bag.js';
import {ddcPercentile, LatencyStats, type OperationSummary} from '../../source/core/latency-windows.js';

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
	s.record({operation: 'a', endTime: NOW + 86_460, duration: 5, success: true});
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

test('RATE/m is the calls of the last 5 minutes / 5 in every window; AVG/m the window calls / its minutes', () => {
	// "live": 60 calls a minute for the last 5 minutes.
	const live = Array.from({length: 300}, (_, i) => ['live', i + 0.5, 0.01] as [string, number, number]);
	// "old": 100 calls 27-35 minutes ago.
	const old = Array.from({length: 100}, (_, i) => ['old', 27 * 60 + i * 4.8, 0.01] as [string, number, number]);
	const s = stats([...live, ...old, ['single', 600, 0.2]]);
	const close = (a: number, b: number) => Math.abs(a - b) < 5e-4;
	for (const window of ['1h', '24h', 'all'] as const) {
		const rows = s.summaries(window);
		assert.equal(find(rows, 'live').ratePerMinute, 60, window);
		assert.equal(find(rows, 'old').ratePerMinute, 0, window);
		assert.equal(find(rows, 'single').ratePerMinute, 0, window);
	}
	const hour = s.summaries('1h');
	assert.ok(close(find(hour, 'live').avgPerMinute, 5), String(find(hour, 'live').avgPerMinute));
	assert.ok(close(find(hour, 'old').avgPerMinute, 1.667), String(find(hour, 'old').avgPerMinute));
	assert.ok(close(find(hour, 'single').avgPerMinute, 0.0167), String(find(hour, 'single').avgPerMinute));
	assert.ok(close(find(s.summaries('24h'), 'live').avgPerMinute, 300 / 1440));
	// "all" runs from the file's first call (the oldest "old" call, 35 minutes ago) to now, for every operation.
	const first = 27 * 60 + 99 * 4.8;
	assert.ok(close(find(s.summaries('all'), 'single').avgPerMinute, 1 / (first / 60)));
	assert.ok(close(find(s.summaries('all'), 'live').avgPerMinute, 300 / (first / 60)));
	// Five minutes later "live" has stopped: its rate falls to 0, its hour average stays until the calls age out.
	s.advance(NOW + 300);
	assert.equal(find(s.summaries('1h'), 'live').ratePerMinute, 0);
	assert.ok(close(find(s.summaries('1h'), 'live').avgPerMinute, 5));
});

test('a call exactly 5 minutes old still counts in the rate; one second older does not', () => {
	const s = stats([
		['a', 300, 0.1],
		['b', 301, 0.1],
	]);
	assert.equal(find(s.summaries('1h'), 'a').ratePerMinute, 0.2);
	assert.equal(find(s.summaries('1h'), 'b').ratePerMinute, 0);
});

test('memory: an operation with few calls keeps them raw, with no histogram or counters; a busy one gets them only when needed', () => {
	const s = stats(Array.from({length: 10}, (_, i) => ['small', i * 30, 0.1] as [string, number, number]));
	const small = s.peek('small')!;
	assert.equal(small.histograms, 0);
	assert.equal(small.recent!.size, 10, 'the last day held raw');
	assert.deepEqual(
		[small.tiered, small.seconds, small.minutes, small.hour, small.day],
		[false, undefined, undefined, undefined, undefined],
	);
	// Old history only: its call raw, nothing else.
	s.record({operation: 'old', endTime: NOW - 3 * 86_400, duration: 0.1, success: true});
	const old = s.peek('old')!;
	assert.deepEqual([old.histograms, old.recent!.size, old.seconds, old.day], [0, 1, undefined, undefined]);
	for (let i = 0; i <= HISTOGRAM_AT; i++)
		s.record({operation: 'busy', endTime: NOW - 4000 - (i % 600), duration: 0.1 + i / 1e5, success: true});
	const busy = s.peek('busy')!;
	// Past the threshold: the raw calls moved to counters and slots; histograms for the 24h and all windows,
	// none in the hour (no call there), and the exact counters hold only the minutes that had a call.
	assert.deepEqual([busy.tiered, busy.recent, busy.histograms, busy.hour, busy.seconds], [true, undefined, 2, undefined, undefined]);
	assert.ok(busy.minutes!.entries <= 11, `${busy.minutes!.entries} minute entries`);
	const day = find(s.summaries('24h'), 'busy');
	assert.deepEqual([day.calls, day.min, day.max], [HISTOGRAM_AT + 1, 0.1, 0.1 + HISTOGRAM_AT / 1e5]);
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
		bag.add(NOW + i / 1000, (1000 + i) / 1e6);
		target.recordValue(1000 + i);
	}
	target.recordValue(7);
	assert.equal(bag.size, RAW_LIMIT + 10);
	assert.equal(bag.isRaw, false);
	bag.subtractFrom(target);
	assert.equal(target.totalCount, 1);
	assert.equal(target.getValueAtPercentile(100), 7);
});

test('a raw slot keeps its durations exactly', () => {
	const bag = new LatencyBag();
	const values = [0.333, 1e-7, 2.0000001, 0.1 + 0.2];
	values.forEach((v, i) => {
		bag.add(NOW + i, v);
	});
	const out = new Float64Array(6);
	assert.equal(bag.copyRaw(out, 1), 5);
	assert.deepEqual([...out.subarray(1, 5)], values);
	assert.deepEqual([bag.min, bag.max], [1e-7, 2.0000001]);
});

test("a raw slot tells apart, by end time, the calls before a window's edge", () => {
	const bag = new LatencyBag();
	// End times out of order, as several writers interleave; the edge falls between them.
	const calls: Array<[number, number]> = [
		[NOW + 5, 0.5],
		[NOW + 1, 9],
		[NOW + 3, 0.25],
		[NOW + 2.5, 7],
		[NOW + 4, 0.125],
	];
	for (const [t, d] of calls) bag.add(t, d);
	const from = NOW + 3;
	assert.equal(bag.countBefore(from), 2);
	const before: number[] = [];
	bag.durationsBefore(from, before);
	assert.deepEqual(before, [9, 7]);
	assert.deepEqual(bag.extremesSince(from), [0.125, 0.5]);
	const out = new Float64Array(5);
	assert.equal(bag.copyRaw(out, 0, from), 3);
	assert.deepEqual([...out.subarray(0, 3)], [0.5, 0.25, 0.125]);
	const h = createHistogram();
	bag.addTo(h, from);
	assert.deepEqual([h.totalCount, h.maxValue], [3, 500_000]);
});
