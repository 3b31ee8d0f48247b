import {parseFilter} from '../core/filter.js';
import {MetricsIngest} from '../core/ingest.js';
import type {OperationSummary} from '../core/latency-windows.js';
import {selectOperations} from '../core/operations-view.js';
import {selectContainers} from '../core/containers-view.js';
import type {SourceEvent} from '../core/source-events.js';
import type {Clock} from '../core/clock.js';
import type {DockerStatus, HostSample, TailState} from '../core/samples.js';
import {createContainerTable, type ContainerRow} from './containers.js';
import {Series} from '../core/series.js';
import {activeFilter, initialUiState, reduce, type Action, type Focus, type UiState} from './reducer.js';
import {settleCursor} from './cursor.js';
import {exportOfSnapshot, type ExportRequest, type SnapshotExport} from './export-request.js';

export interface FileStatus {
	path: string;
	state: TailState;
	linesRead: number;
	linesRejected: number;
	/** Newest end_time in the file (epoch s), for the age of the last line. */
	lastEndTime?: number;
	/** The file was truncated, replaced or rewritten and read afresh, within the last NOTE_MS. */
	lastReset?: {reason: string; at: number};
	/** The last line written to stderr while the view ran (untrusted), and when; within the last NOTE_MS. */
	notice?: {text: string; at: number};
}

/** How long a transient note ("replaced, re-read", a line on stderr) stays in the snapshot, by the store's clock. */
export const NOTE_MS = 10_000;

/** How often, at most, catching up on a large file publishes its progress between refreshes. */
const PROGRESS_PUBLISH_MS = 250;

/** Everything the view draws, frozen at one publish. The view never reads anything else. */
export interface Snapshot {
	seq: number;
	/** ms since epoch at publish. */
	now: number;
	ui: UiState;
	operations: {rows: readonly OperationSummary[]; total: number; filterError?: string};
	file: FileStatus;
	containers: {rows: readonly ContainerRow[]; total: number; status: DockerStatus; filterError?: string};
	host?: HostSample;
	/** Host CPU % history, oldest first, for the host line's sparkline. */
	hostCpu: readonly number[];
}

export interface Store {
	/** Cheap and immediate: no snapshot, no React. */
	ingest(event: SourceEvent): void;
	/** A key's action: applied and published at once so keys never wait for a tick. */
	dispatch(action: Action): void;
	/**
	 * How many rows each table showed at the last layout (the screen says so after each one): a page for
	 * PgUp / PgDn, and how far a table scrolls to keep its cursor in view. Publishes nothing.
	 */
	viewport(pages: Readonly<Record<Focus, number>>): void;
	/** Builds a new snapshot (the ticker calls this once per interval). */
	publish(): void;
	subscribe(listener: () => void): () => void;
	getSnapshot(): Snapshot;
	/**
	 * Publishes, and answers with the export document of the snapshot just published (the one on screen),
	 * frozen in that same step.
	 */
	exportDocument(request: ExportRequest): SnapshotExport;
}

export interface StoreOptions {
	clock: Clock;
	metricsPath: string;
	ui?: Partial<Pick<UiState, 'window' | 'filter'>>;
	dockerEnabled?: boolean;
}

/** Rows per page until the screen has laid out a frame (a key can come first only in tests). */
const FIRST_PAGE = 10;

function countActive(summaries: readonly OperationSummary[]): number {
	let n = 0;
	for (const s of summaries) if (s.calls > 0) n++;
	return n;
}

export function createStore(options: StoreOptions): Store {
	const {clock} = options;
	const metrics = new MetricsIngest();
	const containers = createContainerTable();
	if (options.dockerEnabled !== false) containers.ingest({type: 'docker-status', status: {kind: 'connecting', endpoint: ''}});
	let ui = initialUiState(options.ui);
	// Nothing is known before the source's first look: an existing file must not read as "waiting" meanwhile.
	let tail: TailState = {kind: 'opening'};
	let lastProgressPublish = -Infinity;
	let lastReset: FileStatus['lastReset'];
	let notice: FileStatus['notice'];
	let host: HostSample | undefined;
	const hostCpu = new Series(60);
	let pages: Readonly<Record<Focus, number>> = {operations: FIRST_PAGE, containers: FIRST_PAGE};
	let seq = 0;
	const listeners = new Set<() => void>();

	const build = (): Snapshot => {
		const now = clock();
		metrics.stats.advance(now / 1000);
		const opFilter = parseFilter(activeFilter(ui, 'operations'));
		const summaries = metrics.stats.summaries(ui.window);
		const rows = selectOperations(summaries, {filter: opFilter, failuresOnly: ui.failuresOnly, sort: ui.sort, hideEmpty: true});
		const cFilter = parseFilter(activeFilter(ui, 'containers'));
		const cView = containers.view(now);
		const cRows = selectContainers(cView.rows, cFilter, ui.containerSort);
		// Each publish puts the cursors on the rows it shows: a cursor whose row left takes the row at its place.
		const opCursor = settleCursor(ui.cursor.operations, {names: rows.map((r) => r.operation), page: pages.operations});
		const cCursor = settleCursor(ui.cursor.containers, {names: cRows.map((r) => r.sample.name), page: pages.containers});
		if (opCursor !== ui.cursor.operations || cCursor !== ui.cursor.containers) ui = {...ui, cursor: {operations: opCursor, containers: cCursor}};
		return Object.freeze({
			seq: ++seq,
			now,
			ui,
			// The total counts operations with calls in this window, so "3 of 5" always means the filter hid 2.
			operations: {rows, total: countActive(summaries), filterError: opFilter.ok ? undefined : opFilter.error},
			file: {
				path: options.metricsPath,
				state: tail,
				linesRead: metrics.linesRead,
				linesRejected: metrics.linesRejected,
				lastEndTime: Number.isFinite(metrics.lastEndTime) ? metrics.lastEndTime : undefined,
				lastReset: lastReset && now - lastReset.at < NOTE_MS ? lastReset : undefined,
				notice: notice && now - notice.at < NOTE_MS ? notice : undefined,
			},
			containers: {
				rows: cRows,
				total: cView.rows.length,
				status: cView.status,
				filterError: cFilter.ok ? undefined : cFilter.error,
			},
			host,
			hostCpu: hostCpu.toArray(),
		});
	};

	let snapshot = build();

	const publish = () => {
		snapshot = build();
		for (const listener of listeners) listener();
	};

	return {
		exportDocument(request) {
			// Frozen inside the publish step: the statistics are read in the same synchronous step that brought
			// them to the new snapshot's `now`, with nothing ingested in between, so the document holds that
			// snapshot's numbers (the screen now shows it) and nothing but the publish moves their windows.
			publish();
			return exportOfSnapshot(snapshot, metrics, options.metricsPath, request);
		},
		ingest(event) {
			switch (event.type) {
				case 'metrics-bytes':
					metrics.ingestBytes(event.chunk, clock() / 1000);
					break;
				case 'metrics-lines':
					metrics.ingest(event.lines, clock() / 1000);
					break;
				case 'metrics-reset':
					metrics.reset();
					lastReset = {reason: event.reason, at: clock()};
					break;
				case 'metrics-state': {
					const kindChanged = event.state.kind !== tail.kind;
					tail = event.state;
					// The file's state is news the operator waits for (opening -> reading -> following): shown at
					// once rather than at the next refresh, which may be 10 s away. Catch-up progress is shown
					// at most every PROGRESS_PUBLISH_MS; a state change happens a few times per run at most.
					if (kindChanged) {
						lastProgressPublish = clock();
						publish();
					} else if (tail.kind === 'reading' && clock() - lastProgressPublish >= PROGRESS_PUBLISH_MS) {
						lastProgressPublish = clock();
						publish();
					}
					break;
				}
				case 'notice': {
					const line = event.text.split('\n').find((l) => l.trim() !== '');
					if (line) notice = {text: line.trim(), at: clock()};
					break;
				}
				case 'host-sample':
					host = event.sample;
					hostCpu.push(event.sample.cpuPercent);
					break;
				default:
					containers.ingest(event);
			}
		},
		dispatch(action) {
			if (action.type === 'cursor-move' && !action.view) {
				// Moved over the rows on screen: the snapshot's (the cursor was settled on them when it was built).
				const names =
					ui.focus === 'operations' ? snapshot.operations.rows.map((r) => r.operation) : snapshot.containers.rows.map((r) => r.sample.name);
				action = {...action, view: {names, page: pages[ui.focus]}};
			}
			const next = reduce(ui, action);
			if (next === ui) return;
			ui = next;
			publish();
		},
		viewport(next) {
			pages = next;
		},
		publish,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
	};
}
