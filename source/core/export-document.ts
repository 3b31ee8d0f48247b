import type {OperationSummary, WindowName} from './latency-windows.js';
import {pythonIsoformat} from './local-time.js';
import type {SourceHealth, SourceStateName} from './source-state.js';

/** DDC's MetricStats, key for key (utils/performance_metrics.py), so DDC tooling can read what we write. */
export interface DdcMetricStats {
	operation: string;
	total_calls: number;
	successful_calls: number;
	failed_calls: number;
	min_duration: number;
	max_duration: number;
	avg_duration: number;
	p50_duration: number;
	p95_duration: number;
	p99_duration: number;
	last_24h_calls: number;
	last_hour_calls: number;
}

export function toDdcStats(s: OperationSummary): DdcMetricStats {
	return {
		operation: s.operation,
		total_calls: s.calls,
		successful_calls: s.ok,
		failed_calls: s.failed,
		min_duration: s.min ?? 0,
		max_duration: s.max ?? 0,
		avg_duration: s.avg ?? 0,
		p50_duration: s.p50 ?? 0,
		p95_duration: s.p95 ?? 0,
		p99_duration: s.p99 ?? 0,
		last_24h_calls: s.last24hCalls,
		last_hour_calls: s.lastHourCalls,
	};
}

export interface DdcTopExtras {
	window: WindowName;
	filter: string | null;
	source: {
		path: string;
		lines_read: number;
		lines_rejected: number;
		rejected_by_reason: Record<string, number>;
		/** Issue #15 §2 (`--once --json`): the file's health (core/source-state.ts) and its newest line's age. */
		state?: SourceStateName;
		last_line_age_s?: number | null;
	};
	operations: Record<
		string,
		{
			p999_duration: number;
			/** Calls per minute now (the last 5 minutes / 5), the same in every window. */
			rate_per_min: number;
			/** The window's calls / its length in minutes ("all": from the file's first call). */
			avg_per_min: number;
			histogram?: string;
			recent_failures?: unknown[];
		}
	>;
	[key: string]: unknown;
}

export interface DdcExportDocument {
	exported_at: string;
	operation_filter: string | null;
	statistics: Record<string, DdcMetricStats>;
	ddc_top: DdcTopExtras;
}

export interface ExportInput {
	at: Date;
	window: WindowName;
	/** The filter as typed (substring or /regex/), or null. */
	filter: string | null;
	summaries: readonly OperationSummary[];
	source: {path: string; linesRead: number; linesRejected: number; rejectReasons: ReadonlyMap<string, number>; health?: SourceHealth};
	/** Encoded histograms by operation (export only). */
	histograms?: ReadonlyMap<string, string>;
	/** Redacted recent failures by operation (export with --with-metadata only). */
	failures?: ReadonlyMap<string, unknown[]>;
	/** More keys for `ddc_top` (containers, host, version...). */
	extra?: Record<string, unknown>;
}

/**
 * The document `--once --json` prints and export writes: DDC's export keys at the top level (its
 * `operation_filter` holds our filter text), our extras under `ddc_top`.
 */
export function buildExportDocument(input: ExportInput): DdcExportDocument {
	const statistics: Record<string, DdcMetricStats> = {};
	const operations: DdcTopExtras['operations'] = {};
	for (const s of input.summaries) {
		statistics[s.operation] = toDdcStats(s);
		const extra: DdcTopExtras['operations'][string] = {
			p999_duration: s.p999 ?? 0,
			rate_per_min: s.ratePerMinute,
			avg_per_min: s.avgPerMinute,
		};
		const h = input.histograms?.get(s.operation);
		if (h !== undefined) extra.histogram = h;
		const f = input.failures?.get(s.operation);
		if (f !== undefined) extra.recent_failures = f;
		operations[s.operation] = extra;
	}
	return {
		exported_at: pythonIsoformat(input.at),
		operation_filter: input.filter,
		statistics,
		ddc_top: {
			window: input.window,
			filter: input.filter,
			source: {
				path: input.source.path,
				lines_read: input.source.linesRead,
				lines_rejected: input.source.linesRejected,
				rejected_by_reason: Object.fromEntries(input.source.rejectReasons),
				...(input.source.health && {state: input.source.health.state, last_line_age_s: input.source.health.lastLineAgeS}),
			},
			operations,
			...input.extra,
		},
	};
}
