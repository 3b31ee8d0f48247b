import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type Scheduler, startTicker} from '../../source/tick.js';

/** Timers fired by hand: the interval and the immediates run only when the test says. */
function fakeScheduler() {
	let interval: {callback: () => void; ms: number} | undefined;
	const immediates: Array<() => void> = [];
	const scheduler: Scheduler = {
		setInterval(callback, ms) {
			interval = {callback, ms};
			return interval;
		},
		clearInterval(handle) {
			if (handle === interval) interval = undefined;
		},
		setImmediate(callback) {
			immediates.push(callback);
			return callback;
		},
	};
	return {
		scheduler,
		get intervalMs() {
			return interval?.ms;
		},
		fireInterval: () => interval?.callback(),
		runImmediates: () => {
			for (const callback of immediates.splice(0)) callback();
		},
	};
}

test("each interval ticks every source, then publishes once after the ticks' callbacks", () => {
	const clock = fakeScheduler();
	const log: string[] = [];
	const sources = [{tick: () => log.push('tick a')}, {}, {tick: () => log.push('tick b')}];
	const ticker = startTicker({sources, publish: () => log.push('publish'), intervalMs: 2000, scheduler: clock.scheduler});
	assert.equal(clock.intervalMs, 2000);
	assert.deepEqual(log, [], 'nothing before the first interval');
	clock.fireInterval();
	assert.deepEqual(log, ['tick a', 'tick b'], 'the publish waits for the check phase');
	clock.runImmediates();
	assert.deepEqual(log, ['tick a', 'tick b', 'publish']);
	clock.fireInterval();
	clock.runImmediates();
	assert.deepEqual(log, ['tick a', 'tick b', 'publish', 'tick a', 'tick b', 'publish']);
	ticker.stop();
});

test('stop clears the interval, and a publish already scheduled does not run', () => {
	const clock = fakeScheduler();
	let publishes = 0;
	const ticker = startTicker({sources: [], publish: () => publishes++, intervalMs: 1000, scheduler: clock.scheduler});
	clock.fireInterval();
	ticker.stop();
	clock.runImmediates();
	assert.equal(publishes, 0);
	assert.equal(clock.intervalMs, undefined, 'the interval is cleared');
});
