import {WINDOW_SECONDS, type WindowName} from '../windows.js';
import type {ContainerRow, ErrorRow} from './call-parts.js';
import {type DetailQuery, type OperationDetailResult, type Spectrum, STEP_OF_WINDOW, type TimelineRow} from './detail-result.js';
import type {HistogramRow} from './duration-buckets.js';
import type {RecentCall} from './operation-detail.js';

/**
 * One operation's detail as the command line writes it (`--once --op`, `export --op`, issue #14 §4): the
 * range it covers, the header figures under the statistics' names, and the detail's parts as they are.
 */

/** What the command line asks for: the operation, how many recent calls, and an optional range. */
export interface DetailRequest {
	operation: string;
	recent: number;
	/** Epoch seconds, both ends included; without either, the document's window is the range. */
	from?: number;
	to?: number;
}

export interface DetailDocument {
	operation: string;
	/** The calls counted: ended in [from, to] (null: open on that side); `window` when it came from --window. */
	range: {window: WindowName | null; from: number | null; to: number | null; step: number};
	/** False when parts of a busy operation were estimated (OperationDetailResult.exact). */
	exact: boolean;
	total_calls: number;
	successful_calls: number;
	failed_calls: number;
	ok_percent: number | null;
	min_duration: number | null;
	avg_duration: number | null;
	max_duration: number | null;
	rate_per_min: number;
	avg_per_min: number;
	spectrum: Spectrum | null;
	histogram: HistogramRow[];
	timeline: TimelineRow[];
	errors: ErrorRow[];
	containers: ContainerRow[];
	recent: RecentCall[];
}

/** The range to read the file for: only these calls are kept, so every part is computed from them. */
export function detailBounds(request: DetailRequest, window: WindowName, now: number): {from?: number; to?: number} {
	if (request.from !== undefined || request.to !== undefined) return {from: request.from, to: request.to};
	const from = now - WINDOW_SECONDS[window];
	return Number.isFinite(from) ? {from} : {};
}

/**
 * The query for a detail read with detailBounds: the window's cutoff and step, or the given range with
 * the step of the smallest window its span fits in (per minute up to an hour, per quarter-hour up to a
 * day, per day beyond). An open side spans to the operation's first call or to now.
 */
export function detailQuery(request: DetailRequest, window: WindowName, now: number, firstEnd: number, lastEnd: number): DetailQuery {
	if (request.from === undefined && request.to === undefined) return {now, window, recent: request.recent};
	const start = request.from ?? (Number.isFinite(firstEnd) ? firstEnd : now);
	const end = request.to ?? Math.max(now, Number.isFinite(lastEnd) ? lastEnd : now);
	const span = end - start;
	const step =
		span <= WINDOW_SECONDS['1h'] ? STEP_OF_WINDOW['1h'] : span <= WINDOW_SECONDS['24h'] ? STEP_OF_WINDOW['24h'] : STEP_OF_WINDOW.all;
	return {now, from: request.from, to: request.to, step, recent: request.recent};
}

export function detailDocument(operation: string, r: OperationDetailResult, window: WindowName | null): DetailDocument {
	return {
		operation,
		range: {window, from: r.from, to: r.to, step: r.step},
		exact: r.exact,
		total_calls: r.calls,
		successful_calls: r.ok,
		failed_calls: r.failures,
		ok_percent: r.ok_percent,
		min_duration: r.min,
		avg_duration: r.avg,
		max_duration: r.max,
		rate_per_min: r.rate_per_minute,
		avg_per_min: r.avg_per_minute,
		spectrum: r.spectrum,
		histogram: r.histogram,
		timeline: r.timeline,
		errors: r.errors,
		containers: r.containers,
		recent: r.recent,
	};
}
