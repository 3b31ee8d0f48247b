import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MB, type MemorySample, memoryGrowth} from '../../source/core/judge/memory-growth.js';
import {seededRandom} from '../../source/core/random.js';

/** One sample a second for `seconds`: a base, a trend (MB/min), a GC sawtooth (period s, amplitude MB) and 2 MB of noise. */
function series(seed: number, seconds: number, trend: number, period = 30, amplitude = 40): MemorySample[] {
	const random = seededRandom(seed);
	const phase = random() * period;
	return Array.from({length: seconds + 1}, (_, t) => ({
		t: 1_700_000_000_000 + t * 1000,
		bytes: (150 + (trend * t) / 60 + (amplitude * ((t + phase) % period)) / period + random() * 2) * MB,
	}));
}

test('a GC sawtooth without trend is not growth, over 2, 3 and 10 minutes, whatever its period and phase', () => {
	for (const seconds of [120, 180, 600]) {
		for (const period of [10, 30, 70, 100]) {
			for (let seed = 1; seed <= 10; seed++) {
				const g = memoryGrowth(series(seed, seconds, 0, period, 60), {sinceStart: true});
				assert.equal(g.state, 'ok', `${seconds}s, period ${period}s, seed ${seed}: ${g.reason}`);
				assert.ok((g.low as number) <= 0, `the interval holds 0: [${g.low}, ${g.high}]`);
			}
		}
	}
});

test('a steady leak is: > 10 MB/min is a leak, 5-10 watch, even under a sawtooth', () => {
	const leak = memoryGrowth(series(3, 180, 30), {sinceStart: true});
	assert.equal(leak.state, 'leak');
	assert.ok(Math.abs((leak.mbPerMin as number) - 30) < 3, String(leak.mbPerMin));
	assert.ok((leak.low as number) < 30 && (leak.high as number) > 30, `[${leak.low}, ${leak.high}] holds the true rate`);
	const flat = (t: number, rate: number) => ({t: t * 1000, bytes: (200 + (rate * t) / 60) * MB + ((t * 7919) % 13) * 1000});
	assert.equal(memoryGrowth(Array.from({length: 181}, (_, t) => flat(t, 7))).state, 'watch');
	assert.equal(memoryGrowth(Array.from({length: 181}, (_, t) => flat(t, 12))).state, 'leak');
	assert.equal(memoryGrowth(Array.from({length: 181}, (_, t) => flat(t, 2))).state, 'ok');
});

test("DDC's leak threshold: more than 50 MB since start is a leak even under 10 MB/min", () => {
	// 8 MB/min for 10 minutes: 80 MB.
	const samples = Array.from({length: 601}, (_, t) => ({t: t * 1000, bytes: (200 + (8 * t) / 60) * MB}));
	assert.equal(memoryGrowth(samples, {sinceStart: true}).state, 'leak');
	assert.equal(memoryGrowth(samples, {sinceStart: false}).state, 'watch', 'a recent window is banded by rate only');
	assert.equal(memoryGrowth(samples, {sinceStart: true, leakThresholdMb: 100}).state, 'watch');
});

test('time until the limit at the current rate; too few samples are not judged', () => {
	const samples = Array.from({length: 121}, (_, t) => ({t: t * 1000, bytes: (100 + (20 * t) / 60) * MB}));
	const g = memoryGrowth(samples, {limitBytes: 240 * MB});
	// At 140 MB growing 20 MB/min, 100 MB remain: 5 minutes.
	assert.ok(Math.abs((g.minutesToLimit as number) - 5) < 0.01, String(g.minutesToLimit));
	const few = memoryGrowth(samples.slice(0, 30));
	assert.equal(few.state, 'ok');
	assert.match(few.reason, /too few samples/);
	assert.equal(few.mbPerMin, undefined);
});
