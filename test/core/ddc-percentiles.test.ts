import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HISTOGRAM_AT} from '../../source/core/histogram.js';
import {ddcPercentile, LatencyStats, type OperationSummary, WINDOWS, type WindowName} from '../../source/core/latency-windows.js';
import {logNormal, seededRandom} from '../../source/core/random.js';

const NOW = 1_763_000_000; // epoch seconds, fixed: core never reads the clock
const PS = [50, 95, 99, 99.9] as const;
const pick = (row: OperationSummary) => [row.p50!, row.p95!, row.p99!, row.p999!];

type Shape = 'lognormal' | 'bimodal' | 'heavy-tailed';

function sample(random: () => number, shape: Shape): number {
	switch (shape) {
		case 'lognormal':
			return logNormal(random, 0.08, 0.9);
		case 'bimodal':
			// A cache hit or a slow path, as config_load or a Docker call behaves.
			return random() < 0.8 ? logNormal(random, 0.02, 0.3) : logNormal(random, 1.5, 0.4);
		case 'heavy-tailed':
			// Pareto, alpha 1.3 from 5 ms: a few calls are thousands of times the median.
			return 0.005 / (1 - random()) ** (1 / 1.3);
	}
}

/**
 * n durations of one shape, ending inside the last 50 minutes (so every window holds all of them), fed to a
 * fresh LatencyStats; returns the durations sorted for the reference.
 */
function feed(n: number, shape: Shape, seed: number): {stats: LatencyStats; sorted: Float64Array} {
	const random = seededRandom(seed);
	const stats = new LatencyStats();
	stats.advance(NOW);
	const op = stats.operation('op')!;
	const all = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const d = sample(random, shape);
		all[i] = d;
		// In file order for the big cases (as DDC appends); shuffled for the rest, as several writers interleave.
		const age = n >= 100_000 ? 3010 - (3000 * i) / n : 10 + random() * 3000;
		stats.recordOn(op, NOW - age, d, true);
	}
	return {stats, sorted: all.sort()};
}

function check(stats: LatencyStats, sorted: Float64Array, what: string, windows: readonly WindowName[] = WINDOWS): void {
	const exact = sorted.length <= HISTOGRAM_AT;
	for (const window of windows) {
		const row = stats.summaries(window).find((r) => r.operation === 'op')!;
		assert.equal(row.calls, sorted.length, `${what} ${window}: calls`);
		const ours = pick(row);
		PS.forEach((p, i) => {
			const theirs = ddcPercentile(sorted, p);
			const error = Math.abs(ours[i] - theirs) / theirs;
			// Raw values answer exactly (up to float rounding of the interpolation); a histogram within 0.1 %.
			const limit = exact ? 1e-12 : 0.001;
			assert.ok(error <= limit, `${what} ${window} p${p}: ours ${ours[i]} DDC ${theirs} (error ${error})`);
		});
	}
}

test("DDC's 10-call example: 1.0, 1.1 ... 1.9 s gives p50 1.45 in every window", () => {
	const stats = new LatencyStats();
	stats.advance(NOW);
	for (let i = 0; i < 10; i++) stats.record({operation: 'op', endTime: NOW - 60 * (i + 1), duration: 1 + i / 10, success: true});
	for (const window of WINDOWS) {
		const row = stats.summaries(window)[0];
		assert.ok(Math.abs(row.p50! - 1.45) < 1e-12, `${window} p50 ${row.p50}`);
		// k = 9 x 0.95 = 8.55: 1.8 + 0.1 x 0.55.
		assert.ok(Math.abs(row.p95! - 1.855) < 1e-12, `${window} p95 ${row.p95}`);
		assert.ok(Math.abs(row.p99! - 1.891) < 1e-12, `${window} p99 ${row.p99}`);
	}
});

test('one call and two calls: every percentile as DDC gives it', () => {
	check(feed(1, 'lognormal', 1).stats, feed(1, 'lognormal', 1).sorted, 'n=1');
	const two = feed(2, 'bimodal', 2);
	check(two.stats, two.sorted, 'n=2');
});

test('percentiles equal DDC sort-and-interpolate over many seeded cases (n from 1 to 100,000, three shapes, every window)', () => {
	const sizes = [1, 2, 3, 10, 83, 127, 1000, 1165, HISTOGRAM_AT, HISTOGRAM_AT + 1, 20_000, 100_000];
	const shapes: Shape[] = ['lognormal', 'bimodal', 'heavy-tailed'];
	let cases = 0;
	for (const shape of shapes) {
		for (const n of sizes) {
			for (let seed = 1; seed <= (n <= 1000 ? 6 : 1); seed++) {
				const {stats, sorted} = feed(n, shape, seed * 7919 + n);
				check(stats, sorted, `${shape} n=${n} seed=${seed}`);
				cases++;
			}
		}
	}
	assert.ok(cases >= 100, `${cases} cases`);
});

test('1,000,000 calls: p50/p95/p99/p99.9 within 0.1 % of DDC in every window', () => {
	const {stats, sorted} = feed(1_000_000, 'lognormal', 99);
	check(stats, sorted, 'n=1e6');
});

test('a sliding window keeps DDC percentiles while slots age out, through histogram and back to raw values', () => {
	const random = seededRandom(5);
	const stats = new LatencyStats();
	stats.advance(NOW);
	const op = stats.operation('op')!;
	// Old calls (40-59 minutes ago, 8 per second, in the slow mode) then recent ones (0-19 minutes ago).
	const old: number[] = [];
	const recent: number[] = [];
	for (let age = 3540; age >= 2400; age -= 1 / 8) {
		const d = logNormal(random, 0.9, 0.5);
		old.push(d);
		stats.recordOn(op, NOW - age, d, true);
	}
	for (let age = 1140; age > 0; age -= 1) {
		const d = logNormal(random, 0.05, 0.5);
		recent.push(d);
		stats.recordOn(op, NOW - age, d, true);
	}
	const hour = () => stats.summaries('1h').find((r) => r.operation === 'op')!;
	const both = Float64Array.from([...old, ...recent]).sort();
	assert.equal(stats.peek('op')!.tiered, true, 'over the threshold: counters and slots');
	assert.equal(stats.peek('op')!.hour!.holdsHistogram, true, 'and a histogram');
	check(stats, both, 'before', ['1h']);
	// 25 minutes later every old slot has left the hour: only the recent calls remain, now held raw again.
	stats.advance(NOW + 1500);
	assert.equal(hour().calls, recent.length);
	assert.equal(stats.peek('op')!.hour!.holdsHistogram, false, 'back under half the threshold: raw again');
	check(stats, Float64Array.from(recent).sort(), 'after', ['1h']);
	assert.equal(stats.summaries('all').find((r) => r.operation === 'op')!.calls, both.length);
});

test("an export's histogram is built from raw values when a window has none", () => {
	const {stats, sorted} = feed(83, 'lognormal', 3);
	for (const window of WINDOWS) {
		const h = stats.histogram('op', window)!;
		assert.equal(h.totalCount, 83, window);
		assert.equal(h.maxValue, Math.round(sorted[82] * 1e6), window);
	}
	assert.equal(stats.peek('op')!.histograms, 0, 'building one for export does not keep it');
});

test("a raw window is exactly DDC's get_stats(last_hours) as the clock moves: end_time >= now - window", () => {
	const random = seededRandom(17);
	const stats = new LatencyStats();
	stats.advance(NOW);
	const calls: Array<{t: number; d: number}> = [];
	for (let i = 0; i < 400; i++) {
		const call = {t: NOW - random() * 2 * 86_400, d: sample(random, 'bimodal')};
		calls.push(call);
		stats.record({operation: 'op', endTime: call.t, duration: call.d, success: true});
	}
	for (let now = NOW; now < NOW + 86_400; now += 1234.5) {
		stats.advance(now);
		for (const [window, seconds] of [
			['1h', 3600],
			['24h', 86_400],
		] as const) {
			const inside = Float64Array.from(calls.filter((c) => c.t >= now - seconds).map((c) => c.d)).sort();
			const row = stats.summaries(window).find((r) => r.operation === 'op')!;
			assert.equal(row.calls, inside.length, `${window} at +${now - NOW}: calls`);
			if (inside.length === 0) continue;
			assert.deepEqual(
				pick(row),
				PS.map((p) => ddcPercentile(inside, p)),
				`${window} at +${now - NOW}`,
			);
			assert.equal(row.max, inside[inside.length - 1]);
		}
	}
	assert.equal(stats.peek('op')!.histograms, 0);
});

test('a long history goes to a histogram for "all" while the last day stays raw and exact', () => {
	const random = seededRandom(23);
	const stats = new LatencyStats();
	stats.advance(NOW);
	const all: number[] = [];
	const day: number[] = [];
	for (let i = 0; i < 20_000; i++) {
		// 30 days, in file order; the last 2 % of the lines fall in the last day.
		const t = NOW - 30 * 86_400 + (30 * 86_400 * (i + 0.5)) / 20_000;
		const d = sample(random, 'heavy-tailed');
		all.push(d);
		if (t >= NOW - 86_400) day.push(d);
		stats.record({operation: 'op', endTime: t, duration: d, success: true});
	}
	const op = stats.peek('op')!;
	assert.deepEqual([op.histograms, op.tiered, op.recent!.size], [1, false, day.length]);
	check(stats, Float64Array.from(all).sort(), 'all', ['all']);
	const sortedDay = Float64Array.from(day).sort();
	const row = stats.summaries('24h').find((r) => r.operation === 'op')!;
	assert.deepEqual(
		pick(row),
		PS.map((p) => ddcPercentile(sortedDay, p)),
		'the last day, exactly',
	);
});

interface Call {
	t: number;
	d: number;
}

/**
 * Steps the clock every 10 s from `from` to `to` (seconds after NOW) and holds the window's p50/p95/p99/p99.9,
 * min and max to a plain sort-and-interpolate over the calls with end_time >= now - window, as DDC's
 * get_stats selects them. Returns how many steps had a histogram behind the window.
 */
function followWindow(stats: LatencyStats, calls: readonly Call[], window: '1h' | '24h', from: number, to: number): number {
	const seconds = window === '1h' ? 3600 : 86_400;
	let histogramSteps = 0;
	for (let step = from; step <= to; step += 10) {
		const now = NOW + step;
		stats.advance(now);
		const inside = Float64Array.from(calls.filter((c) => c.t >= now - seconds).map((c) => c.d)).sort();
		const row = stats.summaries(window).find((r) => r.operation === 'op')!;
		const op = stats.peek('op')!;
		assert.equal(op.tiered, true, 'the case is about a busy operation');
		const histogram = (window === '1h' ? op.hour : op.day)!.holdsHistogram;
		if (histogram) histogramSteps++;
		const at = `${window} at +${step} s (${inside.length} calls inside)`;
		assert.equal(row.max, inside[inside.length - 1], `${at}: max`);
		assert.equal(row.min, inside[0], `${at}: min`);
		// An export's histogram holds the same calls.
		assert.equal(stats.histogram('op', window)!.totalCount, inside.length, `${at}: exported histogram`);
		const ours = pick(row);
		PS.forEach((p, i) => {
			const theirs = ddcPercentile(inside, p);
			const error = Math.abs(ours[i] - theirs) / theirs;
			assert.ok(error <= (histogram ? 0.001 : 1e-12), `${at} p${p}: ours ${ours[i]} DDC ${theirs} (error ${error})`);
		});
	}
	return histogramSteps;
}

test("the reviewer's case: 400 calls of 10 s leave the 24h window by end time, not by quarter-hour slot", () => {
	const random = seededRandom(41);
	const stats = new LatencyStats();
	stats.advance(NOW);
	const op = stats.operation('op')!;
	const calls: Call[] = [];
	const add = (t: number, d: number) => {
		calls.push({t, d});
		stats.recordOn(op, t, d, true);
	};
	// 20,000 quick calls over the last 25 h, in file order, with the slow block where it falls in time: it
	// leaves DDC's window between +60 s and +260 s; its quarter-hour slot ends at +100 s, the next at +1000 s.
	const slowFrom = NOW - 86_400 + 60;
	let slow = 0;
	for (let i = 0; i < 20_000; i++) {
		const t = NOW - 90_000 + (90_000 * (i + 0.5)) / 20_000;
		while (slow < 400 && slowFrom + slow / 2 <= t) add(slowFrom + slow++ / 2, 10);
		add(t, logNormal(random, 0.02, 0.6));
	}
	assert.equal(slow, 400);
	assert.equal(stats.peek('op')!.day!.holdsHistogram, true, 'the 24h window is a histogram');
	const p99 = () => stats.summaries('24h').find((r) => r.operation === 'op')!.p99!;
	assert.ok(Math.abs(p99() - 10) <= 0.01, `with the block inside, p99 is 10 s as DDC says (within the histogram's precision): ${p99()}`);
	assert.ok(followWindow(stats, calls, '24h', 0, 1200) > 0);
	stats.advance(NOW + 270);
	const row = stats.summaries('24h').find((r) => r.operation === 'op')!;
	assert.ok(row.p99! < 1 && row.max! < 10, `the block has left DDC's window: p99 ${row.p99}, max ${row.max}`);
});

test('slow calls ageing out of the 1h window, histogram behind it and raw bags, every 10 s across the slot edges', () => {
	for (const [perMinute, seed] of [
		[190, 43], // about 12,000 calls in the window: a histogram
		[100, 47], // about 6,500: raw minute bags, exact
	] as const) {
		const random = seededRandom(seed);
		const stats = new LatencyStats();
		stats.advance(NOW);
		const op = stats.operation('op')!;
		const calls: Call[] = [];
		// Enough calls in the last day for the tiers, in the last 65 minutes at `perMinute`, shuffled end times
		// (several writers); then 300 calls of 2-5 s that leave the hour between +10 s and +110 s (the
		// oldest minute slot ends at +40 s): a block of slow calls ageing out.
		for (let i = 0; i < 9000; i++) calls.push({t: NOW - 86_000 + 80_000 * random(), d: logNormal(random, 0.05, 0.5)});
		for (let i = 0; i < 65 * perMinute; i++) calls.push({t: NOW - 3900 + 3900 * random(), d: logNormal(random, 0.05, 0.5)});
		for (let i = 0; i < 300; i++) calls.push({t: NOW - 3600 + 10 + 100 * random(), d: 2 + 3 * random()});
		calls.sort((a, b) => a.t - b.t);
		for (const c of calls) stats.recordOn(op, c.t, c.d, true);
		const histogramSteps = followWindow(stats, calls, '1h', 0, 180);
		assert.equal(histogramSteps > 0, perMinute === 190, `${perMinute}/min: histogram steps ${histogramSteps}`);
		followWindow(stats, calls, '24h', 0, 180);
	}
});

test('a slot too busy to keep end times counts whole until it leaves, within the counters', () => {
	const random = seededRandom(53);
	const stats = new LatencyStats();
	stats.advance(NOW);
	const op = stats.operation('op')!;
	// 10,000 calls in one minute (more than a slot keeps raw), 30 s of it before the hour's edge.
	const edgeMinute = Math.floor((NOW - 3600) / 60) * 60;
	const calls: Call[] = [];
	for (let i = 0; i < 10_000; i++) calls.push({t: edgeMinute + (60 * i) / 10_000, d: logNormal(random, 0.05, 0.5)});
	for (let i = 0; i < 2000; i++) calls.push({t: NOW - 3000 + i, d: logNormal(random, 0.05, 0.5)});
	for (const c of calls) stats.recordOn(op, c.t, c.d, true);
	const row = stats.summaries('1h').find((r) => r.operation === 'op')!;
	// Its end times are gone, so min and max are the counters' (to the second), the closest bounds left.
	const toTheSecond = calls.filter((c) => Math.floor(c.t) >= Math.floor(NOW - 3600)).map((c) => c.d);
	assert.deepEqual([row.min, row.max], [Math.min(...toTheSecond), Math.max(...toTheSecond)]);
	assert.equal(stats.peek('op')!.hour!.holdsHistogram, true);
	for (const v of pick(row)) assert.ok(v >= row.min! && v <= row.max!, `${v} within [${row.min}, ${row.max}]`);
	// Once the slot has left, the window is exact again.
	followWindow(stats, calls, '1h', 60, 120);
});
