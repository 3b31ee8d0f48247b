import type {DetailDocument} from './detail/detail-json.js';
import type {ExportColumn, ExportSection} from './export-sections.js';

/**
 * `ddc_top.detail` (export --op) as tables for CSV and Markdown, after the containers and host: one row
 * of header figures and percentiles, then the distribution, the timeline, the errors, the containers and
 * the recent calls, in the JSON's order. Times are epoch seconds in CSV and local time in Markdown.
 */

const col = (key: string, label: string, kind: ExportColumn['kind'], field = key): ExportColumn => ({key, label, kind, field});

const SUMMARY_COLUMNS: readonly ExportColumn[] = [
	col('operation', 'operation', 'text'),
	col('window', 'window', 'text'),
	col('from', 'from', 'time'),
	col('to', 'to', 'time'),
	col('step_s', 'step (s)', 'count'),
	col('calls', 'calls', 'count'),
	col('ok', 'ok', 'count'),
	col('failed', 'failed', 'count'),
	col('min_s', 'min', 'seconds'),
	col('avg_s', 'avg', 'seconds'),
	col('p50_s', 'p50', 'seconds'),
	col('p75_s', 'p75', 'seconds'),
	col('p90_s', 'p90', 'seconds'),
	col('p95_s', 'p95', 'seconds'),
	col('p99_s', 'p99', 'seconds'),
	col('p999_s', 'p99.9', 'seconds'),
	col('p9999_s', 'p99.99', 'seconds'),
	col('max_s', 'max', 'seconds'),
	col('rate_per_min', 'rate/m', 'rate'),
	col('avg_per_min', 'avg/m', 'rate'),
	col('exact', 'exact', 'text'),
];

const HISTOGRAM_COLUMNS = [col('le_s', 'up to', 'seconds', 'le_seconds'), col('count', 'calls', 'count')];

const TIMELINE_COLUMNS = [
	col('start', 'start', 'time'),
	col('calls', 'calls', 'count'),
	col('failures', 'failed', 'count'),
	col('p50_s', 'p50', 'seconds', 'p50'),
	col('p95_s', 'p95', 'seconds', 'p95'),
	col('p99_s', 'p99', 'seconds', 'p99'),
];

const ERROR_COLUMNS = [
	col('error', 'error', 'printable', 'message'),
	col('count', 'count', 'count'),
	col('first_seen', 'first seen', 'time'),
	col('last_seen', 'last seen', 'time'),
];

const CONTAINER_COLUMNS = [
	col('container', 'container', 'printable', 'name'),
	col('calls', 'calls', 'count'),
	col('failures', 'failed', 'count'),
	col('p50_s', 'p50', 'seconds', 'p50'),
	col('p95_s', 'p95', 'seconds', 'p95'),
];

const RECENT_COLUMNS = [
	col('end_time', 'ended', 'time'),
	col('duration_s', 'duration', 'seconds', 'duration'),
	col('status', 'status', 'text'),
	col('container', 'container', 'printable'),
	col('error', 'error', 'printable'),
];

export function detailSections(d: DetailDocument): ExportSection[] {
	const s = d.spectrum;
	const summary = {
		operation: d.operation,
		window: d.range.window ?? 'range',
		from: d.range.from,
		to: d.range.to,
		step_s: d.range.step,
		calls: d.total_calls,
		ok: d.successful_calls,
		failed: d.failed_calls,
		min_s: d.min_duration,
		avg_s: d.avg_duration,
		p50_s: s?.p50,
		p75_s: s?.p75,
		p90_s: s?.p90,
		p95_s: s?.p95,
		p99_s: s?.p99,
		p999_s: s?.p999,
		p9999_s: s?.p9999,
		max_s: d.max_duration,
		rate_per_min: d.rate_per_min,
		avg_per_min: d.avg_per_min,
		exact: d.exact ? 'yes' : 'no',
	};
	const title = (part: string) => `${d.operation}: ${part}`;
	return [
		{title: title('detail'), columns: SUMMARY_COLUMNS, rows: [summary]},
		{title: title('distribution'), columns: HISTOGRAM_COLUMNS, rows: d.histogram.map((row) => ({...row}))},
		{title: title('over time'), columns: TIMELINE_COLUMNS, rows: d.timeline.map((row) => ({...row}))},
		{title: title('failures by error'), columns: ERROR_COLUMNS, rows: d.errors.map((row) => ({...row}))},
		{title: title('by container'), columns: CONTAINER_COLUMNS, rows: d.containers.map((row) => ({...row}))},
		{
			title: title('recent calls, newest first'),
			columns: RECENT_COLUMNS,
			rows: d.recent.map((c) => ({...c, status: c.success ? 'ok' : 'failed', container: c.container ?? '', error: c.error ?? ''})),
		},
	];
}
