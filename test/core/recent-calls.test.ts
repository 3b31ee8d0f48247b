import assert from 'node:assert/strict';
import {test} from 'node:test';
import {seededRandom} from '../../source/core/random.js';
import {RecentCalls} from '../../source/core/recent-calls.js';

test('raw calls keep end time, exact duration and success (a failed 0 s call too) across chunks, and drop exactly the old ones', () => {
	const random = seededRandom(31);
	const calls = new RecentCalls();
	const kept: Array<[number, number, boolean]> = [];
	for (let i = 0; i < 1300; i++) {
		const call: [number, number, boolean] = [1000 + random() * 1000, i % 97 === 0 ? 0 : random() * 3, random() < 0.7];
		kept.push(call);
		calls.add(...call);
	}
	const seen: Array<[number, number, boolean]> = [];
	calls.forEach((t, d, ok) => {
		seen.push([t, d, ok]);
	});
	assert.deepEqual(seen, kept);
	calls.drop(1500);
	const after: Array<[number, number, boolean]> = [];
	calls.forEach((t, d, ok) => {
		after.push([t, d, ok]);
	});
	assert.deepEqual(
		after,
		kept.filter(([t]) => t >= 1500),
	);
	assert.equal(calls.size, after.length);
	// Still growing correctly after a drop.
	for (let i = 0; i < 600; i++) calls.add(3000 + i, 0, false);
	const totals = calls.totals(3000, 0, 3500);
	assert.deepEqual([totals.hour.count, totals.hour.ok, totals.rateCalls, totals.day.count], [600, 0, 100, after.length + 600]);
	assert.equal(totals.hour.max, 0);
});

test('expire reports only when a call leaves the hour or the day', () => {
	const calls = new RecentCalls();
	calls.add(100, 1, true);
	calls.add(5000, 2, true);
	assert.equal(calls.expire(0, 50), false, 'no call before either edge');
	assert.equal(calls.expire(50, 90), false);
	assert.equal(calls.expire(60, 101), true, 'the call at 100 left the hour');
	assert.equal(calls.expire(70, 4000), false, 'nothing else between 101 and 4000');
	assert.equal(calls.expire(101, 4001), true, 'it left the day too');
	assert.equal(calls.size, 2, 'kept: all calls are kept while keepAll');
	calls.keepAll = false;
	assert.equal(calls.expire(5001, 5001), true);
	assert.equal(calls.size, 0);
});
