import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ddcPercentile} from '../../source/core/ddc-percentile.js';
import {MAX_GROUPS, OTHER_LABEL} from '../../source/core/detail/bounded-groups.js';
import {MAX_TEXT, shortenMiddle} from '../../source/core/detail/detail-text.js';
import {BUCKET_BOUNDS, bucketOf} from '../../source/core/detail/duration-buckets.js';
import {type DetailCall, OperationDetail} from '../../source/core/detail/operation-detail.js';
import {seededRandom} from '../../source/core/random.js';

const T0 = 1_700_000_000;
const P = [50, 75, 90, 95, 99, 99.9, 99.99];
const KEYS = ['p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'p9999'] as const;

/** DDC's percentile over the durations, computed here from a plain sorted copy. */
function ddc(durations: number[], p: number): number {
	return ddcPercentile(
		[...durations].sort((a, b) => a - b),
		p,
	);
}

function calls(count: number, seed: number, spanSeconds: number): DetailCall[] {
	const random = seededRandom(seed);
	const out: DetailCall[] = [];
	for (let i = 0; i < count; i++) {
		const success = random() > 0.2;
		out.push({
			end: T0 + (i / count) * spanSeconds + random(),
			duration: i % 50 === 0 ? 0 : random() ** 3 * 4,
			success,
			container: i % 4 === 0 ? undefined : ['web', 'db', 'cache'][i % 3],
			error: success ? undefined : i % 9 === 0 ? undefined : `boom ${i % 6}`,
		});
	}
	return out;
}

test('the spectrum is DDC percentile over the calls, for every small n', () => {
	const random = seededRandom(5);
	for (let n = 1; n <= 40; n++) {
		const detail = new OperationDetail();
		const durations: number[] = [];
		for (let i = 0; i < n; i++) {
			const d = Math.round(random() * 1e6) / 1e4;
			durations.push(d);
			detail.add({end: T0 + i, duration: d, success: true});
		}
		const r = detail.result({now: T0 + n});
		assert.ok(r.exact);
		for (const [i, key] of KEYS.entries()) assert.equal(r.spectrum![key], ddc(durations, P[i]), `n=${n} ${key}`);
		assert.equal(r.min, Math.min(...durations));
		assert.equal(r.max, Math.max(...durations));
	}
	assert.equal(new OperationDetail().result({now: T0}).spectrum, null);
});

test('each part counts the calls: histogram, errors, containers, timeline and heatmap sum to the totals', () => {
	const all = calls(3000, 7, 3 * 86_400);
	const detail = new OperationDetail({recent: 25});
	for (const c of all) detail.add(c);
	const r = detail.result({now: T0 + 4 * 86_400, step: 3600, recent: 25});
	const failed = all.filter((c) => !c.success);
	assert.deepEqual([r.calls, r.failures, r.ok], [3000, failed.length, 3000 - failed.length]);
	assert.equal(r.ok_percent, ((3000 - failed.length) / 3000) * 100);
	// Each duration in the first bucket whose bound it does not exceed, counted here by a linear search.
	const expected = new Map<number | null, number>();
	for (const c of all) {
		const i = BUCKET_BOUNDS.findIndex((b) => c.duration <= b);
		const le = i === -1 ? null : BUCKET_BOUNDS[i];
		expected.set(le, (expected.get(le) ?? 0) + 1);
	}
	for (const row of r.histogram) assert.equal(row.count, expected.get(row.le_seconds) ?? 0, `le ${row.le_seconds}`);
	assert.equal(
		r.histogram.reduce((s, row) => s + row.count, 0),
		3000,
	);
	assert.ok(r.histogram[0].count > 0 && r.histogram.at(-1)!.count > 0, 'only the populated range');
	// Errors: one row per message, a failure without text under "".
	const byMessage = new Map<string, DetailCall[]>();
	for (const c of failed) byMessage.set(c.error ?? '', [...(byMessage.get(c.error ?? '') ?? []), c]);
	assert.equal(r.errors.length, byMessage.size);
	for (const row of r.errors) {
		const group = byMessage.get(row.message)!;
		assert.equal(row.count, group.length);
		assert.equal(row.first_seen, Math.min(...group.map((c) => c.end)));
		assert.equal(row.last_seen, Math.max(...group.map((c) => c.end)));
	}
	for (const name of ['web', 'db', 'cache']) {
		const mine = all.filter((c) => c.container === name);
		const row = r.containers.find((c) => c.name === name)!;
		assert.deepEqual(row, {
			name,
			calls: mine.length,
			failures: mine.filter((c) => !c.success).length,
			p50: ddc(
				mine.map((c) => c.duration),
				50,
			),
			p95: ddc(
				mine.map((c) => c.duration),
				95,
			),
		});
	}
	assert.equal(r.containers.length, 3, 'calls without a container have no row');
	// Timeline: per hour, as computed here.
	const hours = new Map<number, DetailCall[]>();
	for (const c of all) hours.set(Math.floor(c.end / 3600), [...(hours.get(Math.floor(c.end / 3600)) ?? []), c]);
	assert.equal(r.timeline.length, hours.size);
	for (const row of r.timeline) {
		const mine = hours.get(row.start / 3600)!;
		const durations = mine.map((c) => c.duration);
		assert.deepEqual(row, {
			start: row.start,
			calls: mine.length,
			failures: mine.filter((c) => !c.success).length,
			p50: ddc(durations, 50),
			p95: ddc(durations, 95),
			p99: ddc(durations, 99),
		});
	}
	const heat = detail.heatmap({now: T0 + 4 * 86_400, step: 3600});
	assert.equal(heat.columns.length, hours.size);
	assert.equal(
		heat.columns.flatMap((c) => c.counts).reduce((a, b) => a + b, 0),
		3000,
	);
	assert.deepEqual(
		heat.le_seconds,
		r.histogram.map((row) => row.le_seconds),
	);
	// Recent: the last 25 calls, newest first.
	assert.deepEqual(
		r.recent.map((c) => [c.end_time, c.duration, c.success]),
		all
			.slice(-25)
			.reverse()
			.map((c) => [c.end, c.duration, c.success]),
	);
});

test('a range restricts every part, and the window is DDC cutoff end_time >= now - window', () => {
	const all = calls(2000, 11, 2 * 86_400);
	const detail = new OperationDetail({recent: 30});
	for (const c of all) detail.add(c);
	const from = T0 + 40_000;
	const to = T0 + 50_000;
	const inside = all.filter((c) => c.end >= from && c.end <= to);
	const r = detail.result({now: T0 + 2 * 86_400, from, to, step: 900, recent: 30});
	assert.ok(inside.length > 100);
	assert.deepEqual([r.from, r.to, r.calls, r.failures], [from, to, inside.length, inside.filter((c) => !c.success).length]);
	assert.equal(
		r.spectrum!.p95,
		ddc(
			inside.map((c) => c.duration),
			95,
		),
	);
	assert.equal(
		r.histogram.reduce((s, row) => s + row.count, 0),
		inside.length,
	);
	assert.equal(
		r.timeline.reduce((s, row) => s + row.calls, 0),
		inside.length,
	);
	assert.equal(
		r.errors.reduce((s, row) => s + row.count, 0),
		r.failures,
	);
	assert.equal(
		r.containers.reduce((s, row) => s + row.calls, 0),
		inside.filter((c) => c.container !== undefined).length,
	);
	assert.deepEqual(
		r.recent.map((c) => c.end_time),
		inside
			.slice(-30)
			.reverse()
			.map((c) => c.end),
	);
	const now = T0 + 2 * 86_400;
	const hour = detail.result({now, window: '1h'});
	const lastHour = all.filter((c) => c.end >= now - 3600);
	assert.deepEqual([hour.calls, hour.step, hour.from], [lastHour.length, 60, now - 3600]);
	assert.equal(detail.result({now, window: '24h'}).step, 900);
	assert.equal(detail.result({now}).step, 86_400);
});

test('a hostile stream of 10,000 distinct errors and container names keeps 50 of each and one "other" row', () => {
	const detail = new OperationDetail();
	for (let i = 0; i < 10_000; i++)
		detail.add({end: T0 + i, duration: 0.01, success: false, error: `error number ${i}`, container: `c${i}`});
	const r = detail.result({now: T0 + 10_000});
	assert.equal(r.errors.length, MAX_GROUPS + 1);
	assert.equal(
		r.errors.reduce((s, row) => s + row.count, 0),
		10_000,
	);
	assert.deepEqual(r.errors.at(-1), {message: OTHER_LABEL, count: 10_000 - MAX_GROUPS, first_seen: T0 + MAX_GROUPS, last_seen: T0 + 9999});
	assert.equal(r.containers.length, MAX_GROUPS + 1);
	assert.equal(r.containers.at(-1)!.calls, 10_000 - MAX_GROUPS);
	assert.equal(detail.errorNames.names.length, MAX_GROUPS);
});

test('error and container texts are sanitized and shortened in the middle', () => {
	const detail = new OperationDetail();
	const long = `start ${'x'.repeat(5000)} the end`;
	detail.add({end: T0, duration: 1, success: false, error: 'bad\u001b[2J\nthing\u009b', container: 'we\u0007b'});
	detail.add({end: T0 + 1, duration: 1, success: false, error: long});
	const r = detail.result({now: T0 + 2});
	const texts = [
		...r.errors.map((e) => e.message),
		...r.containers.map((c) => c.name),
		...r.recent.flatMap((c) => [c.error ?? '', c.container ?? '']),
	];
	for (const text of texts) assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f]/);
	assert.ok(r.errors.some((e) => e.message === 'bad␛[2J thing\\u009b'));
	assert.deepEqual(
		r.containers.map((c) => c.name),
		['we␇b'],
	);
	const short = r.errors.find((e) => e.message.startsWith('start '))!.message;
	assert.equal(short.length, MAX_TEXT);
	assert.match(short, /^start x+…x+ the end$/);
	assert.equal(shortenMiddle('a😀b'.repeat(100), 9).length <= 9, true);
	assert.doesNotMatch(shortenMiddle('😀'.repeat(100), 10), /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
});

test('buckets are 1-2-5 per decade and put a bound in its own bucket', () => {
	assert.deepEqual(BUCKET_BOUNDS.slice(0, 4), [1e-6, 2e-6, 5e-6, 1e-5]);
	assert.equal(bucketOf(0), 0);
	assert.equal(BUCKET_BOUNDS[bucketOf(0.2)], 0.2);
	assert.equal(BUCKET_BOUNDS[bucketOf(0.2000001)], 0.5);
	assert.equal(bucketOf(1e7), BUCKET_BOUNDS.length);
	const detail = new OperationDetail();
	detail.add({end: T0, duration: 1e7, success: true});
	assert.deepEqual(detail.result({now: T0}).histogram, [{le_seconds: null, count: 1}]);
});

test('recent keeps the last N calls newest first, configurable, and a zero-call range is empty, not NaN', () => {
	const detail = new OperationDetail({recent: 3});
	for (let i = 0; i < 10; i++)
		detail.add({end: T0 + i, duration: i, success: i !== 8, error: i === 8 ? 'late' : undefined, container: 'x'});
	const r = detail.result({now: T0 + 10});
	assert.deepEqual(
		r.recent.map((c) => [c.end_time, c.success, c.error]),
		[
			[T0 + 9, true, null],
			[T0 + 8, false, 'late'],
			[T0 + 7, true, null],
		],
	);
	assert.equal(detail.result({now: T0 + 10, recent: 1}).recent.length, 1);
	const none = detail.result({now: T0 + 10, from: T0 + 100});
	assert.deepEqual(
		[none.calls, none.spectrum, none.min, none.ok_percent, none.histogram, none.timeline, none.recent],
		[0, null, null, null, [], [], []],
	);
});

test('past the raw bound: counts stay exact, percentiles within the HDR and sketch bounds, memory bounded', () => {
	const all = calls(20_000, 13, 20 * 86_400);
	const detail = new OperationDetail({rawCalls: 1000, recent: 10});
	for (const c of all) detail.add(c);
	const now = T0 + 21 * 86_400;
	const r = detail.result({now});
	const durations = all.map((c) => c.duration);
	assert.equal(r.exact, false);
	assert.deepEqual([r.calls, r.failures], [20_000, all.filter((c) => !c.success).length]);
	for (const [i, key] of KEYS.entries()) {
		const want = ddc(durations, P[i]);
		assert.ok(Math.abs(r.spectrum![key] - want) <= want * 0.001 + 1e-6, `${key}: ${r.spectrum![key]} vs ${want}`);
	}
	assert.equal(
		r.histogram.reduce((s, row) => s + row.count, 0),
		20_000,
	);
	assert.equal(
		r.errors.reduce((s, row) => s + row.count, 0),
		r.failures,
	);
	assert.equal(
		r.timeline.reduce((s, row) => s + row.calls, 0),
		20_000,
	);
	for (const row of r.timeline) {
		const mine = all.filter((c) => Math.floor(c.end / 86_400) * 86_400 === row.start).map((c) => c.duration);
		assert.equal(row.calls, mine.length);
		assert.ok(Math.abs(row.p50 - ddc(mine, 50)) <= ddc(mine, 50) * 0.03, `day ${row.start} p50`);
	}
	for (const name of ['web', 'db', 'cache']) {
		const mine = all.filter((c) => c.container === name);
		const row = r.containers.find((c) => c.name === name)!;
		assert.equal(row.calls, mine.length);
		assert.ok(
			Math.abs(
				row.p95 -
					ddc(
						mine.map((c) => c.duration),
						95,
					),
			) <=
				ddc(
					mine.map((c) => c.duration),
					95,
				) *
					0.03,
		);
	}
	assert.deepEqual(
		r.recent.map((c) => c.end_time),
		all
			.slice(-10)
			.reverse()
			.map((c) => c.end),
	);
	// The newest calls are still raw: a range they cover is exact.
	const recentFrom = all.at(-500)!.end;
	const covered = detail.result({now, from: recentFrom});
	assert.equal(covered.exact, true);
	assert.equal(
		covered.spectrum!.p99,
		ddc(
			all.slice(-500).map((c) => c.duration),
			99,
		),
	);
	// An older range comes from quarter-hour slots (kept for 50 hours): its edges on slot bounds count exactly.
	const from = Math.floor((T0 + 18.5 * 86_400) / 900) * 900;
	const to = from + 20 * 900 - 1e-6;
	const old = detail.result({now, from, to});
	const inside = all.filter((c) => c.end >= from && c.end <= to);
	assert.equal(old.exact, false);
	assert.deepEqual([old.calls, old.failures], [inside.length, inside.filter((c) => !c.success).length]);
	assert.equal(
		old.histogram.reduce((s, row) => s + row.count, 0),
		inside.length,
	);
	// Older still, only day slots are left: the range counts the whole days it touches.
	const dayFrom = T0 + 5.5 * 86_400;
	const days = detail.result({now, from: dayFrom, to: dayFrom + 3600});
	const day = Math.floor(dayFrom / 86_400);
	assert.equal(days.calls, all.filter((c) => Math.floor(c.end / 86_400) === day).length);
	// Every structure is bounded: raw list, tiers, groups.
	assert.equal(detail.raw.size, 1000);
	for (const tier of detail.tiers) assert.ok(tier.between(-Infinity, Infinity).length <= tier.maxSlots);
});

test('calls with impossible numbers are ignored rather than trusted', () => {
	const detail = new OperationDetail();
	detail.add({end: Number.NaN, duration: 1, success: true});
	detail.add({end: T0, duration: -1, success: true});
	detail.add({end: T0, duration: Number.POSITIVE_INFINITY, success: true});
	assert.equal(detail.result({now: T0}).calls, 0);
});

test('recent calls of a range older than the recent list come from the raw calls, newest first', () => {
	const detail = new OperationDetail({recent: 3});
	for (let i = 0; i < 100; i++)
		detail.add({end: T0 + i, duration: i / 100, success: i % 2 === 0, error: i % 2 ? 'odd' : undefined, container: 'box'});
	const r = detail.result({now: T0 + 100, from: T0 + 10, to: T0 + 20});
	assert.deepEqual(
		r.recent.map((c) => [c.end_time, c.success, c.error, c.container]),
		[
			[T0 + 20, true, null, 'box'],
			[T0 + 19, false, 'odd', 'box'],
			[T0 + 18, true, null, 'box'],
		],
	);
});

test('end times spread over centuries keep each tier at its slot bound, the newest slots kept', () => {
	const detail = new OperationDetail({rawCalls: 100});
	for (let i = 0; i < 5000; i++) detail.add({end: i * 1e7, duration: 0.001, success: true});
	for (const tier of detail.tiers) {
		const slots = tier.between(-Infinity, Infinity);
		assert.equal(slots.length, tier.maxSlots);
		assert.equal(slots.at(-1)!.index, Math.floor((4999 * 1e7) / tier.step));
	}
	const r = detail.result({now: 5000 * 1e7});
	assert.equal(r.calls, 5000);
	assert.equal(r.timeline.length, 1000, 'one day slot per kept day');
});
