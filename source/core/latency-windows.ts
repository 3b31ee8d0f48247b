import {CounterRing, emptyTotals, type Totals} from './counter-ring.js';
import {createHistogram, recordMicros, toMicros, valuesAtPercentiles, type Histogram} from './histogram.js';
import {LatencyBag} from './latency-bag.js';
import type {MetricRecord} from './metrics-line.js';

export type WindowName = '1h' | '24h' | 'all';
export const WINDOWS: readonly WindowName[] = ['1h', '24h', 'all'];
export const WINDOW_SECONDS: Record<WindowName, number> = {'1h': 3600, '24h': 86_400, all: Number.POSITIVE_INFINITY};

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
	/** Calls per minute over the part of the window that has data (at least one minute). */
	ratePerMinute: number;
	/** end_time of the newest call (epoch seconds), any window. */
	lastEndTime: number;
}

/**
 * A sliding window's percentiles: one histogram holding every value of the window, plus the values of each
 * time slot kept in a bag so they can be subtracted when the slot ages out. The window covers whole slots:
 * the oldest, partly outside, is kept until all of it is.
 */
class HistogramWindow {
	readonly hist = createHistogram();
	private readonly bags: LatencyBag[];

	constructor(
		private readonly slotSeconds: number,
		private readonly windowSeconds: number,
	) {
		const slots = Math.ceil(windowSeconds / slotSeconds) + 2;
		this.bags = Array.from({length: slots}, () => new LatencyBag());
	}

	firstSlot(now: number): number {
		return Math.floor((now - this.windowSeconds) / this.slotSeconds);
	}

	/** `t` must already be known to be inside the window and not after `now`. */
	add(t: number, us: number): void {
		const slot = Math.floor(t / this.slotSeconds);
		const bag = this.bags[slot % this.bags.length];
		if (bag.slot !== slot) {
			bag.subtractFrom(this.hist);
			bag.slot = slot;
		}
		bag.add(us);
		recordMicros(this.hist, us);
	}

	/** Subtracts slots that left the window; returns whether anything changed. */
	expire(now: number): boolean {
		const first = this.firstSlot(now);
		let changed = false;
		for (const bag of this.bags) {
			if (bag.slot !== -1 && bag.slot < first) {
				changed ||= bag.size > 0;
				bag.subtractFrom(this.hist);
			}
		}
		return changed;
	}
}

const PERCENTILES = [50, 95, 99, 99.9];
const NO_TOTALS: Readonly<Totals> = Object.freeze(emptyTotals());

interface AllTotals extends Totals {
	lastEnd: number;
	firstEnd: number;
}

export class OperationStats {
	/** Bumped whenever anything this operation reports may have changed; lets summaries be cached. */
	version = 0;
	readonly all: AllTotals = {...emptyTotals(), lastEnd: Number.NEGATIVE_INFINITY, firstEnd: Number.POSITIVE_INFINITY};
	readonly histAll = createHistogram();
	// Allocated on the first call inside the window: operations seen only in old history stay small.
	seconds?: CounterRing; // exact 1 h counts, to the second
	minutes?: CounterRing; // exact 24 h counts, to the minute
	hour?: HistogramWindow; // percentiles, minute slots
	day?: HistogramWindow; // percentiles, quarter-hour slots
	pctKey = '';
	pct?: readonly number[];

	constructor(readonly name: string) {}
}

/**
 * Per-operation latency statistics over the last hour, the last 24 hours and all time.
 *
 * Memory is bounded by operations x tiers, never by lines. For each operation it holds at most
 * 3 + 62 + 98 HDR histograms of about 98 KB (the minute and quarter-hour slots only become histograms when
 * they hold more than 16,384 calls; until then they are raw lists no larger than that), plus about
 * 240 KB of exact counters. Time is `end_time`; `advance(now)` ages slots out with no new input.
 */
export class LatencyStats {
	private readonly ops = new Map<string, OperationStats>();
	private now = 0;
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
		// The same slot arithmetic as `totals` and `HistogramWindow.firstSlot` (floor(t/s) >= k <=> t >= k*s),
		// so ingest and query agree on every edge.
		this.cutoffs = {
			daySlots: Math.floor((now - 86_400) / 900) * 900,
			dayMinutes: Math.floor((now - 86_400) / 60) * 60,
			hourMinutes: Math.floor((now - 3600) / 60) * 60,
			hourSeconds: Math.floor(now - 3600),
		};
		for (const op of this.ops.values()) {
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

	recordOn(op: OperationStats, endTime: number, d: number, success: boolean): void {
		op.version++;
		const us = toMicros(d);
		const all = op.all;
		all.count++;
		if (success) all.ok++;
		all.sum += d;
		if (d < all.min) all.min = d;
		if (d > all.max) all.max = d;
		// A clock a little ahead of ours is treated as now rather than as the future.
		const t = endTime > this.now ? this.now : endTime;
		if (endTime > all.lastEnd) all.lastEnd = endTime;
		if (endTime < all.firstEnd) all.firstEnd = endTime;
		recordMicros(op.histAll, us);
		// Most of a long file is older than a day: one comparison and it is done.
		const c = this.cutoffs;
		if (t < c.daySlots) return;
		(op.day ??= new HistogramWindow(900, 86_400)).add(t, us);
		if (t >= c.dayMinutes) (op.minutes ??= new CounterRing(1442)).add(Math.floor(t / 60), d, success);
		if (t >= c.hourMinutes) (op.hour ??= new HistogramWindow(60, 3600)).add(t, us);
		if (t >= c.hourSeconds) (op.seconds ??= new CounterRing(3602)).add(Math.floor(t), d, success);
	}

	/** Forgets everything (the file was truncated or replaced): a fresh ingest follows. */
	reset(): void {
		this.ops.clear();
		this.cache.clear();
	}

	operations(): string[] {
		return [...this.ops.keys()];
	}

	/** The histogram behind a window's percentiles (for export); undefined for an unknown operation. */
	histogram(operation: string, window: WindowName): Histogram | undefined {
		const op = this.ops.get(operation);
		if (!op) return undefined;
		if (window === 'all') return op.histAll;
		return (window === '1h' ? op.hour?.hist : op.day?.hist) ?? createHistogram();
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

	private totals(op: OperationStats, window: WindowName): Readonly<Totals> {
		if (window === 'all') return op.all;
		if (window === '1h') return op.seconds?.totalSince(Math.floor(this.now - 3600)) ?? NO_TOTALS;
		return op.minutes?.totalSince(Math.floor((this.now - 86_400) / 60)) ?? NO_TOTALS;
	}

	private summarize(op: OperationStats, window: WindowName): OperationSummary {
		const t = this.totals(op, window);
		const hour = window === '1h' ? t : this.totals(op, '1h');
		const day = window === '24h' ? t : this.totals(op, '24h');
		const summary: OperationSummary = {
			operation: op.name,
			calls: t.count,
			ok: t.ok,
			failed: t.count - t.ok,
			lastHourCalls: hour.count,
			last24hCalls: day.count,
			ratePerMinute: 0,
			lastEndTime: op.all.lastEnd,
		};
		if (t.count === 0) return summary;
		summary.min = t.min;
		summary.max = t.max;
		summary.avg = t.sum / t.count;
		// Rates divide by the part of the window that has data, so a fresh file is not under-reported.
		const firstTime = window === 'all' ? op.all.firstEnd : window === '1h' ? t.firstSlot : t.firstSlot * 60;
		const lastTime = window === 'all' ? op.all.lastEnd : this.now;
		const spanMinutes = Math.min(WINDOW_SECONDS[window], Math.max(60, lastTime - firstTime)) / 60;
		summary.ratePerMinute = t.count / spanMinutes;
		const pct = this.percentiles(op, window);
		if (pct) {
			// HDR answers with a bucket's upper bound, which can pass the true max: clamp to the exact range.
			const clamp = (v: number) => Math.min(t.max, Math.max(t.min, v));
			summary.p50 = clamp(pct[0]);
			summary.p95 = clamp(pct[1]);
			summary.p99 = clamp(pct[2]);
			summary.p999 = clamp(pct[3]);
		}
		return summary;
	}

	/** p50/p95/p99/p99.9 in seconds; a histogram scan each, so cached until the operation changes. */
	private percentiles(op: OperationStats, window: WindowName): readonly number[] | undefined {
		const key = `${window}:${op.version}`;
		if (op.pctKey === key) return op.pct;
		const hist = this.histogram(op.name, window);
		op.pctKey = key;
		op.pct = hist && hist.totalCount > 0 ? valuesAtPercentiles(hist, PERCENTILES).map((us) => us / 1e6) : undefined;
		return op.pct;
	}
}

/**
 * DDC's own percentile (utils/performance_metrics.py): linear interpolation between closest ranks over
 * sorted durations. Ours comes from HDR histograms; tests hold the two side by side.
 */
export function ddcPercentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return 0;
	const k = (sorted.length - 1) * (p / 100);
	const f = Math.floor(k);
	const c = Math.min(f + 1, sorted.length - 1);
	return sorted[f] + (sorted[c] - sorted[f]) * (k - f);
}
