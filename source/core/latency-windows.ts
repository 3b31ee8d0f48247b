import {CounterRing, emptyTotals, type Totals} from './counter-ring.js';
import {histogramPercentiles, PERCENTILES} from './ddc-percentile.js';
import {createHistogram, HISTOGRAM_AT, type Histogram, recordMicros, toMicros} from './histogram.js';
import type {MetricRecord} from './metrics-line.js';
import {RecentCalls, type RecentTotals} from './recent-calls.js';
import {SlidingDurations} from './sliding-durations.js';

export {ddcPercentile} from './ddc-percentile.js';

import {WINDOW_SECONDS, type WindowName} from './windows.js';

export {WINDOW_SECONDS, WINDOWS, type WindowName} from './windows.js';

/** One operation over one window. Durations in seconds; undefined when the window holds no call. */
export interface OperationSummary {
	operation: string;
	calls: number;
	ok: number;
	failed: number;
	min?: number;
	max?: number;
	avg?: number;
	p50?: number;
	p95?: number;
	p99?: number;
	p999?: number;
	lastHourCalls: number;
	last24hCalls: number;
	/** Calls per minute now: the calls of the last 5 minutes / 5, the same in every window. */
	ratePerMinute: number;
	/** The window's calls / its length in minutes ("all": from the file's first call to now, at least 1). */
	avgPerMinute: number;
	/** end_time of the newest call (epoch seconds), any window. */
	lastEndTime: number;
}

/** The rate is the calls of this many seconds, per minute: current throughput, like a load average. */
export const RATE_SECONDS = 300;

/** A window's percentiles (p50, p95, p99, p99.9) and the min and max they are bounded by, in seconds. */
interface WindowValues {
	pct: readonly number[];
	min: number;
	max: number;
}

const NO_TOTALS: Readonly<Totals> = Object.freeze(emptyTotals());
const NO_RECENT: RecentTotals = Object.freeze({hour: NO_TOTALS, day: NO_TOTALS, rateCalls: 0});

interface AllTotals extends Totals {
	lastEnd: number;
	firstEnd: number;
}

export class OperationStats {
	/** Bumped whenever anything this operation reports may have changed; lets summaries be cached. */
	version = 0;
	/**
	 * Written out, not spread from emptyTotals(): an object made by spreading keeps its number fields as
	 * boxes that every store replaces (a new heap number per call and field), where a literal's are
	 * updated in place. Measured: a third of the time of a line.
	 */
	readonly all: AllTotals = {
		count: 0,
		ok: 0,
		sum: 0,
		min: Number.POSITIVE_INFINITY,
		max: 0,
		firstSlot: Number.POSITIVE_INFINITY,
		lastEnd: Number.NEGATIVE_INFINITY,
		firstEnd: Number.POSITIVE_INFINITY,
	};
	/**
	 * The calls, raw, while there are at most HISTOGRAM_AT: every call at first; past that "all" moves to
	 * `allHist` and the list keeps the last day's calls, until those are too many too and `tiered` (the
	 * fields below) takes over the last day for good.
	 */
	recent?: RecentCalls;
	allHist?: Histogram;
	tiered = false;
	seconds?: CounterRing; // exact 1 h counts, to the second
	minutes?: CounterRing; // exact 24 h counts, to the minute
	hour?: SlidingDurations; // percentiles, minute slots
	day?: SlidingDurations; // percentiles, quarter-hour slots
	pctKey = '';
	pct?: WindowValues;

	constructor(readonly name: string) {}

	/** How many of the three windows hold a histogram (the rest hold raw durations). */
	get histograms(): number {
		return Number(this.allHist !== undefined) + Number(this.hour?.holdsHistogram ?? false) + Number(this.day?.holdsHistogram ?? false);
	}
}

/**
 * Per-operation latency statistics over the last hour, the last 24 hours and all time.
 *
 * Memory is bounded by operations x tiers, never by lines, and an operation allocates only what its calls
 * need. Up to 8,192 calls are held raw (16 bytes each): every window, count and percentile is then exact
 * by DDC's rule. Past that, "all" is an HDR histogram (about 98 KB) and the last day's calls stay raw
 * until they too pass 8,192; then the last day is kept as exact counters per second and per minute
 * (48 bytes each that had a call, at most about 240 KB: calls and averages to the second and the minute)
 * and minute and quarter-hour slots of calls (end time and duration), each window adding a histogram
 * while it holds more than 8,192 calls and each slot becoming one past that. The slots' end times keep
 * percentiles, min and max on DDC's cutoff to the call. Time is `end_time`; `advance(now)` ages calls out
 * with no new input.
 */
export class LatencyStats {
	private readonly ops = new Map<string, OperationStats>();
	private now = 0;
	/** The file's first call (end_time), for the "all" window's average per minute. */
	private firstEnd = Number.POSITIVE_INFINITY;
	/** Oldest end_time each tier accepts at `now`, kept by `advance` so a line costs comparisons only. */
	private cutoffs = {daySlots: 0, dayMinutes: 0, hourMinutes: 0, hourSeconds: 0};
	private cache = new Map<string, {key: string; summary: OperationSummary}>();

	constructor(private readonly maxOperations = 1000) {}

	get operationCount(): number {
		return this.ops.size;
	}

	/** Moves the clock (epoch seconds; never backwards) and ages out what left the windows. */
	advance(now: number): void {
		if (now <= this.now) return;
		this.now = now;
		// The same slot arithmetic as `recentTotals` and `SlidingDurations.expire` (floor(t/s) >= k <=> t >= k*s),
		// so ingest and query agree on every edge.
		this.cutoffs = {
			daySlots: Math.floor((now - 86_400) / 900) * 900,
			dayMinutes: Math.floor((now - 86_400) / 60) * 60,
			hourMinutes: Math.floor((now - 3600) / 60) * 60,
			hourSeconds: Math.floor(now - 3600),
		};
		for (const op of this.ops.values()) {
			if (op.recent?.expire(now - 86_400, now - 3600)) op.version++;
			const a = op.hour?.expire(now) ?? false;
			const b = op.day?.expire(now) ?? false;
			if (a || b) op.version++;
		}
	}

	/** Returns false when the record names a new operation past the limit (it is then not counted). */
	record(r: MetricRecord): boolean {
		const op = this.operation(r.operation);
		if (op === undefined) return false;
		this.recordOn(op, r.endTime, r.duration, r.success);
		return true;
	}

	/**
	 * The operation's statistics, created on first sight; undefined past the operation limit. Callers on
	 * the hot path keep the handle so a line costs no name lookup.
	 */
	operation(name: string): OperationStats | undefined {
		let op = this.ops.get(name);
		if (op === undefined) {
			if (this.ops.size >= this.maxOperations) return undefined;
			op = new OperationStats(name);
			this.ops.set(name, op);
		}
		return op;
	}

	/** One call; `d` in seconds, `endTime` epoch seconds. */
	recordOn(op: OperationStats, endTime: number, d: number, success: boolean): void {
		op.version++;
		const all = op.all;
		all.count++;
		if (success) all.ok++;
		all.sum += d;
		if (d < all.min) all.min = d;
		if (d > all.max) all.max = d;
		// A clock a little ahead of ours is treated as now rather than as the future.
		const t = Math.min(endTime, this.now);
		if (endTime > all.lastEnd) all.lastEnd = endTime;
		if (endTime < all.firstEnd) {
			all.firstEnd = endTime;
			if (endTime < this.firstEnd) this.firstEnd = endTime;
		}
		if (op.allHist) {
			recordMicros(op.allHist, toMicros(d));
			if (op.tiered) {
				this.recordTiers(op, t, d, success);
				return;
			}
			// Most of a long file is older than a day: one comparison and it is done.
			if (t < this.now - 86_400) return;
		}
		const recent = (op.recent ??= new RecentCalls());
		recent.add(t, d, success);
		if (recent.size > HISTOGRAM_AT) this.outgrow(op, recent);
	}

	/** Too many calls to hold raw: "all" becomes a histogram; if the last day alone is too many, tiers. */
	private outgrow(op: OperationStats, recent: RecentCalls): void {
		if (!op.allHist) {
			op.allHist = recent.histogram(Number.NEGATIVE_INFINITY);
			recent.keepAll = false;
			recent.drop(this.now - 86_400);
			if (recent.size <= HISTOGRAM_AT) return;
		}
		op.tiered = true;
		op.recent = undefined;
		recent.forEach((t, d, ok) => {
			this.recordTiers(op, t, d, ok);
		});
	}

	private recordTiers(op: OperationStats, t: number, d: number, success: boolean): void {
		const c = this.cutoffs;
		if (t < c.daySlots) return;
		(op.day ??= new SlidingDurations(900, 86_400)).add(t, d);
		if (t >= c.dayMinutes) (op.minutes ??= new CounterRing(1442)).add(Math.floor(t / 60), d, success);
		if (t >= c.hourMinutes) (op.hour ??= new SlidingDurations(60, 3600)).add(t, d);
		if (t >= c.hourSeconds) (op.seconds ??= new CounterRing(3602)).add(Math.floor(t), d, success);
	}

	/** Forgets everything (the file was truncated or replaced): a fresh ingest follows. */
	reset(): void {
		this.ops.clear();
		this.cache.clear();
		this.firstEnd = Number.POSITIVE_INFINITY;
	}

	/**
	 * The window's durations as a histogram (for export): the one behind its percentiles, or one built now
	 * from the raw values; undefined for an unknown operation.
	 */
	histogram(operation: string, window: WindowName): Histogram | undefined {
		const op = this.ops.get(operation);
		if (!op) return undefined;
		if (window === 'all') return op.allHist ?? op.recent?.histogram(Number.NEGATIVE_INFINITY) ?? createHistogram();
		if (!op.tiered) return op.recent?.histogram(this.windowFrom(window)) ?? createHistogram();
		return (window === '1h' ? op.hour : op.day)?.histogram(this.windowFrom(window)) ?? createHistogram();
	}

	/** The oldest end_time a raw window holds (DDC's get_stats: end_time >= now - window). */
	private windowFrom(window: Exclude<WindowName, 'all'>): number {
		return this.now - WINDOW_SECONDS[window];
	}

	/** Every operation's statistics, in the order first seen (read only: the Prometheus exporter's scrape). */
	operations(): IterableIterator<OperationStats> {
		return this.ops.values();
	}

	/** The operation's statistics if it is known (for structural checks and tools). */
	peek(operation: string): OperationStats | undefined {
		return this.ops.get(operation);
	}

	/** Every operation's summary for `window` at the current clock. Unchanged operations come from a cache. */
	summaries(window: WindowName): OperationSummary[] {
		const out: OperationSummary[] = [];
		for (const op of this.ops.values()) {
			const key = `${window}:${op.version}:${Math.floor(this.now)}`;
			const cached = this.cache.get(op.name);
			if (cached?.key === key) {
				out.push(cached.summary);
				continue;
			}
			const summary = this.summarize(op, window);
			this.cache.set(op.name, {key, summary});
			out.push(summary);
		}
		return out;
	}

	/** The last hour's and day's totals and the rate's calls: one pass over raw calls, or the counters. */
	private recentTotals(op: OperationStats): RecentTotals {
		const now = this.now;
		if (!op.tiered) return op.recent?.totals(now - 3600, now - 86_400, now - RATE_SECONDS) ?? NO_RECENT;
		return {
			hour: op.seconds?.totalSince(Math.floor(now - 3600)) ?? NO_TOTALS,
			day: op.minutes?.totalSince(Math.floor((now - 86_400) / 60)) ?? NO_TOTALS,
			rateCalls: op.seconds?.totalSince(Math.floor(now - RATE_SECONDS)).count ?? 0,
		};
	}

	private summarize(op: OperationStats, window: WindowName): OperationSummary {
		const {hour, day, rateCalls} = this.recentTotals(op);
		const t = window === 'all' ? op.all : window === '1h' ? hour : day;
		const summary: OperationSummary = {
			operation: op.name,
			calls: t.count,
			ok: t.ok,
			failed: t.count - t.ok,
			lastHourCalls: hour.count,
			last24hCalls: day.count,
			ratePerMinute: rateCalls / (RATE_SECONDS / 60),
			avgPerMinute: t.count / this.windowMinutes(window),
			lastEndTime: op.all.lastEnd,
		};
		if (t.count === 0) return summary;
		summary.min = t.min;
		summary.max = t.max;
		summary.avg = t.sum / t.count;
		const values = this.percentiles(op, window, t);
		if (values) {
			const pct = values.pct;
			summary.min = values.min;
			summary.max = values.max;
			summary.p50 = pct[0];
			summary.p95 = pct[1];
			summary.p99 = pct[2];
			summary.p999 = pct[3];
		}
		return summary;
	}

	/** The window's length in minutes: "all" runs from the file's first call to now (at least a minute). */
	private windowMinutes(window: WindowName): number {
		if (window !== 'all') return WINDOW_SECONDS[window] / 60;
		return Math.max(1, (this.now - this.firstEnd) / 60);
	}

	/**
	 * p50/p95/p99/p99.9 in seconds, by DDC's definition, with the min and max of the same values: exact from
	 * raw durations, from the histogram past that. Cached until the operation changes or, for a busy
	 * operation's 1h and 24h windows, a call of the oldest slot leaves the window.
	 */
	private percentiles(op: OperationStats, window: WindowName, t: Readonly<Totals>): WindowValues | undefined {
		const durations = window === 'all' || !op.tiered ? undefined : window === '1h' ? op.hour : op.day;
		const outside = durations && window !== 'all' ? durations.outside(this.windowFrom(window)) : '';
		const key = `${window}:${op.version}:${outside}`;
		if (op.pctKey === key) return op.pct;
		op.pctKey = key;
		op.pct = this.computePercentiles(op, window, t, durations);
		return op.pct;
	}

	private computePercentiles(
		op: OperationStats,
		window: WindowName,
		t: Readonly<Totals>,
		durations: SlidingDurations | undefined,
	): WindowValues | undefined {
		const exact = (pct: readonly number[] | undefined) => (pct ? {pct, min: t.min, max: t.max} : undefined);
		if (window === 'all' && op.allHist) return exact(histogramPercentiles(op.allHist, PERCENTILES, t.min, t.max));
		if (window === 'all' || !op.tiered) {
			const from = window === 'all' ? Number.NEGATIVE_INFINITY : this.windowFrom(window);
			return exact(op.recent?.percentiles(from, PERCENTILES));
		}
		// The slots leave out, by end time, the calls of the oldest slot that DDC's window no longer holds: the
		// percentiles, min and max are then DDC's, where the counters (calls, average) go to the second or minute.
		const q = durations?.query(this.windowFrom(window), PERCENTILES);
		if (!q) return undefined;
		if (q.exact) return {pct: q.percentiles, min: q.min, max: q.max};
		// The oldest slot is a histogram and counts whole: the counters' extremes are the closer bounds.
		const clamp = (v: number) => Math.min(t.max, Math.max(t.min, v));
		return {pct: q.percentiles.map(clamp), min: t.min, max: t.max};
	}
}
