import {collectDefaultMetrics, Registry, type RegistryContentType} from 'prom-client';
import type {OperationStats} from '../core/latency-windows.js';
import {cumulativeBuckets, DURATION_BUCKETS} from '../core/prometheus-buckets.js';
import type {TailState} from '../core/samples.js';
import type {LiveFigures} from '../state/store.js';
import {ReadMetric, type Sample} from './read-metric.js';
import {containerMetrics, hostMetrics} from './series.js';

// Loaded only by `ddc-top serve` and `--listen` (with import()): prom-client is not part of any other path.

/** What a scrape reads: the store's figures at that moment, or undefined before the store exists. */
export type ReadFigures = () => LiveFigures | undefined;

export const DURATION_NAME = 'ddc_operation_duration_seconds';

const TAIL_STATES: readonly TailState['kind'][] = ['opening', 'waiting', 'reading', 'following', 'deleted', 'not-regular', 'error'];

/**
 * prom-client's default metrics that `promtool check metrics` flags (gauges named like counters); the rest of
 * its defaults (process CPU, memory, file descriptors, heap, event loop, GC) are kept.
 */
const LINTED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Every operation with calls, in the order first seen. */
function operations(read: ReadFigures): OperationStats[] {
	const out: OperationStats[] = [];
	for (const op of read()?.ingest.stats.operations() ?? []) if (op.all.count > 0) out.push(op);
	return out;
}

/**
 * The classic histogram of every operation's durations, from the statistics the store already keeps
 * (core/prometheus-buckets.ts). An operation's buckets are counted again only when its calls changed.
 */
function durationSamples(read: ReadFigures): () => Sample[] {
	const cache = new WeakMap<OperationStats, {version: number; buckets: number[]}>();
	const bucket = `${DURATION_NAME}_bucket`;
	return () => {
		const samples: Sample[] = [];
		for (const op of operations(read)) {
			let kept = cache.get(op);
			if (kept?.version !== op.version) cache.set(op, (kept = {version: op.version, buckets: cumulativeBuckets(op)}));
			const operation = op.name;
			for (let j = 0; j < DURATION_BUCKETS.length; j++) {
				samples.push({labels: {operation, le: DURATION_BUCKETS[j]}, value: kept.buckets[j], metricName: bucket});
			}
			samples.push({labels: {operation, le: '+Inf'}, value: op.all.count, metricName: bucket});
			samples.push({labels: {operation}, value: op.all.sum, metricName: `${DURATION_NAME}_sum`});
			samples.push({labels: {operation}, value: op.all.count, metricName: `${DURATION_NAME}_count`});
		}
		return samples;
	};
}

/** One value, or no sample at all when it is not known. */
const one = (value: number | undefined): Sample[] => (value === undefined || !Number.isFinite(value) ? [] : [{value}]);

/**
 * One registry with every series (README "Prometheus" lists them). Every value is read from the store when
 * scraped, so nothing runs between scrapes. Counters are the store's totals: when the file is replaced those
 * start again from zero, which Prometheus reads as a counter reset. One registry per exposition format:
 * prom-client renames a registry's counters for OpenMetrics in place.
 */
export function createRegistry(read: ReadFigures, options: {openMetrics: boolean; version: string}): Registry<RegistryContentType> {
	const registry = new Registry<RegistryContentType>();
	if (options.openMetrics) registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
	// The event-loop delay monitor's timer fires every 10 ms by default: 100 wakeups a second for as long as
	// ddc-top runs, where everything else wakes once per refresh. Once a second; a stall still shows in its
	// maximum and high percentiles.
	collectDefaultMetrics({register: registry as Registry, eventLoopMonitoringPrecision: 1000});
	for (const name of LINTED_DEFAULTS) registry.removeSingleMetric(name);
	const metrics = [
		new ReadMetric(
			DURATION_NAME,
			`Durations of the calls read from the metrics file since ddc-top began reading it or it was replaced, in seconds; buckets ${DURATION_BUCKETS.join(', ')}`,
			'histogram',
			durationSamples(read),
		),
		new ReadMetric(
			'ddc_operation_calls_total',
			'Calls read from the metrics file per operation and result (success or failure), since it was first read or replaced',
			'counter',
			() =>
				operations(read).flatMap((op) => [
					{labels: {operation: op.name, result: 'success'}, value: op.all.ok},
					{labels: {operation: op.name, result: 'failure'}, value: op.all.count - op.all.ok},
				]),
		),
		new ReadMetric('ddc_operation_last_call_timestamp_seconds', "end_time of the operation's newest call (epoch seconds)", 'gauge', () =>
			operations(read).map((op) => ({labels: {operation: op.name}, value: op.all.lastEnd})),
		),
		new ReadMetric(
			'ddc_operations',
			'Operations known in the metrics file (at most 1000: lines of more are rejected as operation-limit)',
			'gauge',
			() => one(read()?.ingest.stats.operationCount ?? 0),
		),
		new ReadMetric(
			'ddc_metrics_lines_read_total',
			'Lines read from the metrics file (counted and rejected), since it was first read or replaced',
			'counter',
			() => one(read()?.ingest.linesRead ?? 0),
		),
		new ReadMetric(
			'ddc_metrics_lines_rejected_total',
			'Lines of the metrics file that were not counted, by reason, since it was first read or replaced',
			'counter',
			() => [...(read()?.ingest.rejectReasons ?? [])].map(([reason, value]) => ({labels: {reason}, value})),
		),
		new ReadMetric(
			'ddc_metrics_file_resets_total',
			"Times the metrics file was truncated, replaced or rewritten, each restarting the file's counters",
			'counter',
			() => one(read()?.resets ?? 0),
		),
		new ReadMetric('ddc_metrics_file_last_line_timestamp_seconds', 'Newest end_time in the metrics file (epoch seconds)', 'gauge', () =>
			one(read()?.ingest.lastEndTime),
		),
		new ReadMetric(
			'ddc_metrics_file_state',
			'How the metrics file is read, 1 for the current state (waiting: no file yet; following: read to its end)',
			'gauge',
			() => {
				const kind = read()?.tail.kind ?? 'opening';
				return TAIL_STATES.map((state) => ({labels: {state}, value: state === kind ? 1 : 0}));
			},
		),
		...containerMetrics(read),
		...hostMetrics(read),
		new ReadMetric('ddc_top_build_info', "ddc-top's version, as a label; always 1", 'gauge', () => [
			{labels: {version: options.version}, value: 1},
		]),
	];
	for (const metric of metrics) registry.registerMetric(metric.asMetric());
	return registry;
}
