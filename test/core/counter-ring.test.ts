import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CounterRing, emptyTotals, type Totals} from '../../source/core/counter-ring.js';
import {seededRandom} from '../../source/core/random.js';

/** What totalSince must equal: every recorded call whose slot is `from` or later and still in the ring. */
function expected(calls: Array<{slot: number; d: number; ok: boolean}>, from: number, newest: number, size: number): Totals {
	const t = emptyTotals();
	for (const c of calls) {
		if (c.slot < from || c.slot <= newest - size) continue;
		t.count++;
		if (c.ok) t.ok++;
		t.sum += c.d;
		t.min = Math.min(t.min, c.d);
		t.max = Math.max(t.max, c.d);
		t.firstSlot = Math.min(t.firstSlot, c.slot);
	}
	return t;
}

test('totalSince answers exactly as a fresh count while the window slides and calls arrive (cached between changes)', () => {
	const size = 120;
	const ring = new CounterRing(size);
	const random = seededRandom(7);
	const calls: Array<{slot: number; d: number; ok: boolean}> = [];
	let hits = 0;
	let previous: Readonly<Totals> | undefined;
	// Slot numbers are epoch-based in use (never near the empty marker -1).
	for (let now = 10_000; now < 11_000; now++) {
		// Sparse traffic: most seconds have no call, some have several.
		const n = random() < 0.7 ? 0 : Math.floor(random() * 4);
		for (let i = 0; i < n; i++) {
			const call = {slot: now, d: Math.round(random() * 1000) / 8, ok: random() < 0.9};
			calls.push(call);
			ring.add(call.slot, call.d, call.ok);
		}
		const from = now - 100;
		const got = ring.totalSince(from);
		const want = expected(calls, from, now, size);
		assert.equal(got.count, want.count, `count at ${now}`);
		assert.equal(got.ok, want.ok, `ok at ${now}`);
		assert.equal(got.min, want.min, `min at ${now}`);
		assert.equal(got.max, want.max, `max at ${now}`);
		assert.equal(got.firstSlot, want.firstSlot, `firstSlot at ${now}`);
		assert.ok(Math.abs(got.sum - want.sum) < 1e-9, `sum at ${now}`);
		if (got === previous) hits++;
		previous = got;
	}
	// The point of the cache: quiet seconds whose oldest call did not leave the window cost no scan.
	assert.ok(hits > 300, `only ${hits} of 1000 answers came from the cache`);
});

test('late calls (out of order) land in their own slot; calls older than the ring holds are dropped', () => {
	const size = 50;
	const ring = new CounterRing(size);
	const random = seededRandom(21);
	const calls: Array<{slot: number; d: number; ok: boolean}> = [];
	let newest = 0;
	for (let i = 0; i < 5000; i++) {
		// Mostly forwards, with writers up to 60 slots late (some past the ring's reach).
		const slot = 1000 + Math.floor(i / 10) - (random() < 0.3 ? Math.floor(random() * 60) : 0);
		const call = {slot, d: Math.round(random() * 1000) / 16, ok: random() < 0.8};
		ring.add(call.slot, call.d, call.ok);
		newest = Math.max(newest, slot);
		// What a ring of `size` slots can hold when this call comes: nothing `size` or more older than the newest.
		if (slot > newest - size) calls.push(call);
		if (i % 97 === 0) {
			const from = newest - 30;
			const got = ring.totalSince(from);
			const want = expected(calls, from, newest, size);
			assert.deepEqual({...got, sum: Math.round(got.sum * 16)}, {...want, sum: Math.round(want.sum * 16)}, `at call ${i}`);
			assert.ok(ring.entries <= size, `${ring.entries} entries`);
		}
	}
});

test('only slots that had a call take room, and two callers with different windows both hit the cache', () => {
	const ring = new CounterRing(3602);
	for (const slot of [5000, 5000, 5001, 7000]) ring.add(slot, 1, true);
	assert.equal(ring.entries, 3);
	assert.deepEqual([ring.totalSince(4000).count, ring.totalSince(6800).count], [4, 1]);
	const hour = ring.totalSince(4000);
	const recent = ring.totalSince(6800);
	assert.equal(ring.totalSince(4001), hour, 'the hour answer is still cached after the 5-minute one');
	assert.equal(ring.totalSince(6801), recent);
	// 3,602 slots later the old ones are gone.
	ring.add(8700, 2, false);
	assert.equal(ring.entries, 2);
	assert.deepEqual({...ring.totalSince(0)}, {count: 2, ok: 1, sum: 3, min: 1, max: 2, firstSlot: 7000});
});
