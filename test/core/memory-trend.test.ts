// A container's compact memory history and its growth (issue #16 §3), and the live judge's comparisons
// kept between publishes.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createHistogram} from '../../source/core/histogram.js';
import {bucketsFromValues} from '../../source/core/judge/buckets.js';
import {BUILT_IN_SETUP, isBreach, LiveJudge, sloSortValue} from '../../source/core/judge/live-judge.js';
import type {OperationSummary} from '../../source/core/latency-windows.js';
import {MemoryTrend, RECENT_MS, REFIT_MS, SINCE_START_POINTS, TREND_STEP_MS} from '../../source/core/memory-trend.js';

const MB = 1024 * 1024;

test('the history stays bounded however long it runs, and spans since the start', () => {
	const t = new MemoryTrend();
	const start = 1_000_000;
	let at = start;
	// Ten hours of a sample a second.
	for (let i = 0; i < 36_000; i++) t.add((at = start + i * 1000), 100 * MB);
	const since = t.sinceStart();
	assert.ok(since.length <= SINCE_START_POINTS && since.length >= SINCE_START_POINTS / 2, String(since.length));
	assert.equal(since[0].t, start, 'the first point is kept through every halving');
	assert.ok(at - since[since.length - 1].t < (36_000_000 / SINCE_START_POINTS) * 2, 'the last point is recent');
	const recent = t.recent(at);
	assert.equal(recent.length, RECENT_MS / TREND_STEP_MS);
	assert.ok(at - recent[0].t <= RECENT_MS);
	for (let i = 1; i < recent.length; i++) assert.equal(recent[i].t - recent[i - 1].t, TREND_STEP_MS);
});

test('slow growth under the watch band is still a leak once it passes DDC 50 MB since start', () => {
	const t = new MemoryTrend();
	let at = 0;
	// 3 MB/min for 30 minutes: 90 MB since start, each 10 minutes only 30 MB.
	for (let i = 0; i <= 1800; i++) t.add((at = i * 1000), 100 * MB + (3 * MB * i) / 60);
	const g = t.growth(at, 0, 50);
	assert.equal(g.recent.state, 'ok', g.recent.reason);
	assert.equal(g.sinceStart.state, 'leak', g.sinceStart.reason);
	assert.equal(g.state, 'leak');
	assert.ok(Math.abs((g.mbPerMin ?? 0) - 3) < 0.1, String(g.mbPerMin));
	// A higher threshold (memory_leak_threshold_mb from pytest.ini) holds it back.
	assert.equal(t.growth(at, 0, 200).state, 'ok');
});

test('a fit is reused until a point is added, and a judged one for REFIT_MS', () => {
	const t = new MemoryTrend();
	let at = 0;
	for (let i = 0; i <= 120; i++) t.add((at = i * 1000), 100 * MB + i * MB);
	const first = t.growth(at, 0, 50);
	assert.ok(first.mbPerMin !== undefined);
	assert.equal(t.growth(at, 0, 50), first, 'no new point: the same fit');
	t.add((at += TREND_STEP_MS), 300 * MB);
	assert.equal(t.growth(at, 0, 50), first, 'a new point within REFIT_MS: still the same fit');
	t.add((at += REFIT_MS), 300 * MB);
	assert.notEqual(t.growth(at, 0, 50), first, 'REFIT_MS later: fitted again');
});

test('an unjudged fit is done again at the next point: the first verdict comes as soon as it can', () => {
	const t = new MemoryTrend();
	let at = 0;
	for (let i = 0; i < 30; i++) t.add((at = i * 1000), 100 * MB);
	assert.equal(t.growth(at, 0, 50).mbPerMin, undefined, '30 s: too few samples');
	for (let i = 30; i <= 70; i++) t.add((at = i * 1000), 100 * MB);
	assert.notEqual(t.growth(at, 0, 50).mbPerMin, undefined);
});

const summary = (operation: string, over: Partial<OperationSummary> = {}): OperationSummary => ({
	operation,
	calls: 100,
	ok: 100,
	failed: 0,
	p50: 0.1,
	p95: 0.2,
	p99: 0.3,
	max: 0.4,
	lastHourCalls: 100,
	last24hCalls: 100,
	ratePerMinute: 1,
	avgPerMinute: 1,
	lastEndTime: 0,
	...over,
});

test('the live judge reads a histogram only when an operation figures changed', () => {
	const baseline = {
		operations: new Map([
			['config_load', {calls: 100, ok: 100, buckets: bucketsFromValues(Array.from({length: 100}, (_, i) => 0.1 + i / 1000))}],
		]),
		undecodable: [],
	};
	const judge = new LiveJudge({...BUILT_IN_SETUP, baseline});
	let reads = 0;
	const histogramOf = () => {
		reads++;
		const h = createHistogram();
		for (let i = 0; i < 100; i++) h.recordValue(150_000 + i * 1000);
		return h;
	};
	const a = judge.judge([summary('config_load', {max: 1.2}), summary('token_decrypt', {max: 0.1})], '24h', histogramOf);
	assert.equal(reads, 1, 'only the operation in the baseline is compared');
	assert.equal(a.get('config_load')?.slo.state, 'breach');
	assert.equal(a.get('config_load')?.regression?.verdict, 'slower');
	assert.equal(a.get('token_decrypt')?.slo.state, 'ok');
	assert.equal(a.get('token_decrypt')?.regression, undefined);
	judge.judge([summary('config_load', {max: 1.2})], '24h', histogramOf);
	assert.equal(reads, 1, 'same figures: the comparison is kept');
	judge.judge([summary('config_load', {max: 1.2, calls: 101, ok: 101})], '24h', histogramOf);
	assert.equal(reads, 2, 'a new call: compared again');
	assert.ok(isBreach(a.get('config_load')));
	assert.ok(!isBreach(a.get('token_decrypt')));
	assert.ok(sloSortValue(a.get('config_load')) > sloSortValue(a.get('token_decrypt')));
	assert.equal(judge.judge([summary('idle', {calls: 0, ok: 0})], '24h', histogramOf).size, 0, 'no calls: not judged');
});
