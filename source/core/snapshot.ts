import {buildExportDocument, type DdcExportDocument} from './export-document.js';
import {parseFilter} from './filter.js';
import {encodeHistogram} from './histogram.js';
import type {Failure} from './ingest.js';
import type {LatencyStats, WindowName} from './latency-windows.js';
import {DEFAULT_SORT, type Sort, selectOperations} from './operations-view.js';
import {redact} from './redact.js';
import type {TailState} from './samples.js';
import {sourceHealth} from './source-state.js';

/**
 * What an export reads of the statistics: reading only. The windows slide only where the statistics are
 * owned (a file read at the export's moment, the store's publish step), never from an export: an export is
 * of the moment its owner brought them to, the one `at` names. A MetricsIngest is one.
 */
export interface StatisticsReader {
	readonly stats: Pick<LatencyStats, 'summaries' | 'histogram'>;
	readonly linesRead: number;
	readonly linesRejected: number;
	readonly rejectReasons: ReadonlyMap<string, number>;
	/** Newest end_time read (epoch s), for the age of the last line. */
	readonly lastEndTime?: number;
	recentFailures(operation: string): readonly Failure[];
}

export interface SnapshotInput {
	/** The statistics as of `at` (this function reads them and moves nothing). */
	ingest: StatisticsReader;
	window: WindowName;
	/** The filter as typed (substring or /regex/); null or '' for all operations. */
	filter: string | null;
	/** The metrics file the numbers come from. */
	path: string;
	at: Date;
	/** Include each operation's recent failures with their metadata, redacted. */
	withMetadata: boolean;
	/** ddc-top's version, so a reader knows what wrote the file (`--once --json` has none). */
	version?: string;
	/** More keys for `ddc_top` (containers, host). */
	extra?: Record<string, unknown>;
	/** The order of the rows: the view's sort (default: the live view's default, slowest p95 first). */
	sort?: Sort;
	/** Each operation's encoded HDR histogram (default true; `--once --json` leaves them out). */
	histograms?: boolean;
	/** Leave out operations without a call in the window (default: in every window but "all"). */
	hideEmpty?: boolean;
	/** The file's state: with it, `ddc_top.source` says its health and its newest line's age at `at` (issue #15 §2). */
	tail?: TailState;
}

export type SnapshotResult = {ok: true; doc: DdcExportDocument} | {ok: false; error: string};

/**
 * The export document for what `ingest` holds: DDC's keys, plus per operation its p99.9 and the HDR
 * histogram behind the percentiles (so a reader can compute any percentile, or merge snapshots).
 * Operations without a call in the window are left out, as DDC's get_stats leaves them out. Operations come
 * in the order the view shows them (`sort`), in every format.
 * A bad filter is returned as an error, not thrown.
 */
export function buildSnapshot(input: SnapshotInput): SnapshotResult {
	const filterText = input.filter === null || input.filter === '' ? null : input.filter;
	const filter = filterText === null ? undefined : parseFilter(filterText);
	if (filter && !filter.ok) return {ok: false, error: filter.error};
	const stats = input.ingest.stats;
	const summaries = selectOperations(stats.summaries(input.window), {
		filter: filter ?? {ok: true, test: () => true, text: ''},
		failuresOnly: false,
		sort: input.sort ?? DEFAULT_SORT,
		hideEmpty: input.hideEmpty ?? input.window !== 'all',
	});
	const histograms = input.histograms === false ? undefined : new Map<string, string>();
	const failures = input.withMetadata ? new Map<string, unknown[]>() : undefined;
	for (const s of summaries) {
		const h = histograms && stats.histogram(s.operation, input.window);
		if (h) histograms.set(s.operation, encodeHistogram(h));
		failures?.set(
			s.operation,
			input.ingest.recentFailures(s.operation).map((f) => ({
				end_time: f.endTime,
				duration: f.duration,
				metadata: redact(f.metadata),
			})),
		);
	}
	const doc = buildExportDocument({
		at: input.at,
		window: input.window,
		filter: filterText,
		summaries,
		source: {
			path: input.path,
			linesRead: input.ingest.linesRead,
			linesRejected: input.ingest.linesRejected,
			rejectReasons: input.ingest.rejectReasons,
			...(input.tail && {health: sourceHealth(input.tail, input.ingest.lastEndTime, input.at.getTime())}),
		},
		histograms,
		failures,
		extra: input.version === undefined ? input.extra : {version: input.version, ...input.extra},
	});
	return {ok: true, doc};
}
