import {histogramPercentiles} from '../ddc-percentile.js';
import {WINDOW_SECONDS, type WindowName} from '../windows.js';
import {NO_GROUP} from './bounded-groups.js';
import {
	bucketsOf,
	bySlot,
	type ContainerRow,
	containerRowsOf,
	durationsAt,
	type ErrorRow,
	errorRowsOf,
	percentilesOf,
	sortRows,
	type Totals,
	totalsOf,
} from './call-parts.js';
import {type HistogramRow, histogramRows} from './duration-buckets.js';
import {sketchPercentiles} from './latency-sketch.js';
import type {OperationDetail, RecentCall} from './operation-detail.js';
import type {CallList} from './raw-calls.js';
import {type Heatmap, heatmapOf, tierSlots} from './tier-parts.js';
import {emptySlot, mergeSlot} from './time-tier.js';

export type {Heatmap} from './tier-parts.js';

/** p50, p75, p90, p95, p99, p99.9, p99.99: the spectrum's percentiles, in its keys' order. */
export const DETAIL_PERCENTILES: readonly number[] = [50, 75, 90, 95, 99, 99.9, 99.99];

/** The timeline's step for each window: 60 points an hour, 96 a day, one a day for all. */
export const STEP_OF_WINDOW: Record<WindowName, number> = {'1h': 60, '24h': 900, all: 86_400};

/** The header's current rate: calls of the last 5 minutes per minute, as the table's. */
const RATE_SECONDS = 300;

export interface DetailQuery {
	/** Epoch seconds: the window's end and the rate's. */
	now: number;
	/** Calls that ended at or after now - window (DDC's cutoff); none means all. */
	window?: WindowName;
	/** A range within that (epoch seconds, both ends included): every part is restricted to it. */
	from?: number;
	to?: number;
	/** Seconds per timeline point; by default the window's (STEP_OF_WINDOW). */
	step?: number;
	/** How many recent calls (at most the detail's `recent` option). */
	recent?: number;
}

export interface Spectrum {
	p50: number;
	p75: number;
	p90: number;
	p95: number;
	p99: number;
	p999: number;
	p9999: number;
}

export interface TimelineRow {
	/** Epoch seconds: the step's start (a multiple of the step). */
	start: number;
	calls: number;
	failures: number;
	p50: number;
	p95: number;
	p99: number;
}

export interface OperationDetailResult {
	/** The range answered (null: unbounded on that side). */
	from: number | null;
	to: number | null;
	step: number;
	/**
	 * True when every part was computed from the calls themselves (the raw list covers the range). False
	 * for a busy operation's older calls: totals and the histogram then count whole time slots at the
	 * range's edges, the spectrum of a restricted range and old timeline points come from per-slot sketches
	 * (within 2.2 %), and errors, containers and recent calls cover only the calls still held raw. Reading
	 * the file again with the range (readOperationDetail) makes it exact.
	 */
	exact: boolean;
	calls: number;
	ok: number;
	failures: number;
	ok_percent: number | null;
	min: number | null;
	avg: number | null;
	max: number | null;
	/** Calls in the 5 minutes before `now`, per minute (whatever the range). */
	rate_per_minute: number;
	/** The range's calls per minute of its span (from the first call when unbounded, to `now` at most; at least 1 min). */
	avg_per_minute: number;
	spectrum: Spectrum | null;
	histogram: HistogramRow[];
	timeline: TimelineRow[];
	errors: ErrorRow[];
	containers: ContainerRow[];
	recent: RecentCall[];
}

export interface Range {
	from: number;
	to: number;
	step: number;
	/** Whether the range leaves out any call held (false: it spans every call). */
	restricted: boolean;
}

export function rangeOf(d: OperationDetail, q: DetailQuery): Range {
	let from = q.from ?? Number.NEGATIVE_INFINITY;
	if (q.window !== undefined) from = Math.max(from, q.now - WINDOW_SECONDS[q.window]);
	const to = q.to ?? Number.POSITIVE_INFINITY;
	const step = q.step ?? STEP_OF_WINDOW[q.window ?? 'all'];
	if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`detail: step must be a positive number of seconds, got ${step}`);
	return {from, to, step, restricted: from > d.firstEnd || to < d.lastEnd};
}

function spectrumOf(values: readonly number[]): Spectrum {
	const [p50, p75, p90, p95, p99, p999, p9999] = values;
	return {p50, p75, p90, p95, p99, p999, p9999};
}

export function buildResult(d: OperationDetail, q: DetailQuery): OperationDetailResult {
	const r = rangeOf(d, q);
	const covered = d.raw.covers(r.from);
	// The range's raw calls: the whole answer when the list covers the range, else its newest part.
	const held = covered || r.restricted ? d.raw.collect(r.from, r.to) : undefined;
	const {totals, spectrum, buckets, errors, containers} =
		held === undefined ? wholeParts(d) : covered ? heldParts(d, held) : slotParts(d, r, held);
	const n = totals.calls;
	// The range's own span: a range read from the file (only its calls kept) gives the same average.
	const spanStart = Number.isFinite(r.from) ? r.from : d.firstEnd;
	const spanEnd = Math.min(r.to, q.now);
	return {
		from: Number.isFinite(r.from) ? r.from : null,
		to: Number.isFinite(r.to) ? r.to : null,
		step: r.step,
		exact: covered,
		calls: n,
		ok: n - totals.failures,
		failures: totals.failures,
		ok_percent: n === 0 ? null : ((n - totals.failures) / n) * 100,
		min: n === 0 ? null : totals.min,
		avg: n === 0 ? null : totals.sum / n,
		max: n === 0 ? null : totals.max,
		rate_per_minute: rateOf(d, q.now),
		avg_per_minute: n / Math.max(1, (spanEnd - spanStart) / 60),
		spectrum: n === 0 ? null : spectrumOf(spectrum),
		histogram: histogramRows(buckets),
		timeline: covered && held ? exactTimeline(held, r.step) : tierTimeline(d, r),
		errors,
		containers,
		recent: recentOf(d, r, Math.min(q.recent ?? d.recentSize, d.recentSize), held),
	};
}

/** The parts that depend on which calls are counted (the rest follow from the range). */
interface Parts {
	totals: Totals;
	spectrum: number[];
	buckets: Uint32Array;
	errors: ErrorRow[];
	containers: ContainerRow[];
}

/** The range's calls are all held raw: everything from them. */
function heldParts(d: OperationDetail, held: CallList): Parts {
	return {
		totals: totalsOf(held),
		spectrum: held.n === 0 ? [] : percentilesOf(held.duration.slice(), DETAIL_PERCENTILES),
		buckets: bucketsOf(held.duration),
		errors: errorRowsOf(held, d.errorNames),
		containers: containerRowsOf(held, d.containerNames),
	};
}

/** Every call, more than are held raw: the running totals, the HDR histogram and the groups. */
function wholeParts(d: OperationDetail): Parts {
	return {
		totals: {calls: d.calls, failures: d.failures, sum: d.sum, min: d.min, max: d.max},
		spectrum: histogramPercentiles(d.hist!, DETAIL_PERCENTILES, d.min, d.max),
		buckets: d.buckets,
		errors: allErrorRows(d),
		containers: allContainerRows(d),
	};
}

/** A range reaching past the raw calls: time slots for the numbers, the calls still held for the groups. */
function slotParts(d: OperationDetail, r: Range, held: CallList): Parts {
	const merged = emptySlot(0);
	// The finest tier that has the range: its edges are rounded to a minute where it can.
	for (const slot of tierSlots(d, r, d.tiers[0].step).slots) mergeSlot(merged, slot);
	return {
		totals: merged,
		spectrum: merged.calls === 0 ? [] : sketchPercentiles(merged.sketch, merged.calls, merged.min, merged.max, DETAIL_PERCENTILES),
		buckets: merged.buckets,
		errors: errorRowsOf(held, d.errorNames),
		containers: containerRowsOf(held, d.containerNames),
	};
}

export function buildHeatmap(d: OperationDetail, q: DetailQuery): Heatmap {
	const r = rangeOf(d, q);
	if (d.raw.covers(r.from)) {
		const held = d.raw.collect(r.from, r.to);
		return heatmapOf(
			r.step,
			bySlot(held, r.step).map(([index, positions]) => ({index, buckets: bucketsOf(durationsAt(held, positions))})),
		);
	}
	return heatmapOf(r.step, tierSlots(d, r, r.step).slots);
}

function exactTimeline(list: CallList, step: number): TimelineRow[] {
	return bySlot(list, step).map(([index, positions]) => {
		let failures = 0;
		for (const p of positions) if (list.success[p] === 0) failures++;
		const [p50, p95, p99] = percentilesOf(durationsAt(list, positions), [50, 95, 99]);
		return {start: index * step, calls: positions.length, failures, p50, p95, p99};
	});
}

/** Slots from the tiers, except the newest ones whose calls are all held raw: those are exact. */
function tierTimeline(d: OperationDetail, r: Range): TimelineRow[] {
	const firstCovered = Math.floor(d.raw.evictedMaxEnd / r.step) + 1;
	const rows: TimelineRow[] = [];
	for (const slot of tierSlots(d, r, r.step).slots) {
		if (slot.index >= firstCovered) continue;
		const [p50, p95, p99] = sketchPercentiles(slot.sketch, slot.calls, slot.min, slot.max, [50, 95, 99]);
		rows.push({start: slot.index * r.step, calls: slot.calls, failures: slot.failures, p50, p95, p99});
	}
	const from = Math.max(r.from, firstCovered * r.step);
	return [...rows, ...exactTimeline(d.raw.collect(from, r.to), r.step)];
}

function allErrorRows(d: OperationDetail): ErrorRow[] {
	const rows = new Map<number, ErrorRow>();
	d.errorGroups.forEach((g, id) => {
		rows.set(id, {message: d.errorNames.nameOf(id), count: g.count, first_seen: g.first, last_seen: g.last});
	});
	return sortRows(
		rows,
		(row) => row.count,
		(row) => row.message,
	);
}

function allContainerRows(d: OperationDetail): ContainerRow[] {
	const rows = new Map<number, ContainerRow>();
	d.containerGroups.forEach((g, id) => {
		const [p50, p95] = sketchPercentiles(g.sketch, g.calls, g.min, g.max, [50, 95]);
		rows.set(id, {name: d.containerNames.nameOf(id), calls: g.calls, failures: g.failures, p50, p95});
	});
	return sortRows(
		rows,
		(row) => row.calls,
		(row) => row.name,
	);
}

/**
 * The range's newest `n` calls in file order, newest first: from the recent list (full texts) when it
 * holds them, else from the raw list, whose texts are the grouped ones ("other" past 50 names).
 */
function recentOf(d: OperationDetail, r: Range, n: number, rawHeld: CallList | undefined): RecentCall[] {
	const kept = d.recentCalls();
	const inRange = kept.filter((c) => c.end_time >= r.from && c.end_time <= r.to).slice(0, n);
	if (inRange.length === n || d.calls <= kept.length) return inRange;
	const held = rawHeld ?? d.raw.collect(r.from, r.to);
	const out: RecentCall[] = [];
	for (let i = held.n - 1; i >= 0 && out.length < n; i--) {
		const success = held.success[i] === 1;
		const error = held.error[i];
		const container = held.container[i];
		out.push({
			end_time: held.end[i],
			duration: held.duration[i],
			success,
			container: container === NO_GROUP ? null : d.containerNames.nameOf(container),
			// A failure without text is grouped under ""; the recent list shows it as no text, as `add` keeps it.
			error: success || error === NO_GROUP || d.errorNames.nameOf(error) === '' ? null : d.errorNames.nameOf(error),
		});
	}
	return out;
}

function rateOf(d: OperationDetail, now: number): number {
	const from = now - RATE_SECONDS;
	if (d.raw.covers(from)) return d.raw.count(from, now) / (RATE_SECONDS / 60);
	let calls = 0;
	for (const slot of d.tiers[0].between(Math.floor(from / d.tiers[0].step), Math.floor(now / d.tiers[0].step))) calls += slot.calls;
	return calls / (RATE_SECONDS / 60);
}
