import type {Clock} from '../core/clock.js';
import {selectContainers} from '../core/containers-view.js';
import type {DdcView} from '../core/ddc-summary.js';
import type {DetailHistory} from '../core/detail/detail-history.js';
import type {Heatmap, OperationDetailResult} from '../core/detail/detail-result.js';
import {parseFilter} from '../core/filter.js';
import {MetricsIngest} from '../core/ingest.js';
import {BUILT_IN_SETUP, type Judgements, type JudgeSetup, LiveJudge} from '../core/judge/live-judge.js';
import {type OperationSummary, WINDOWS, type WindowName} from '../core/latency-windows.js';
import {selectOperations} from '../core/operations-view.js';
import type {DockerStatus, HostSample, TailState} from '../core/samples.js';
import {Series} from '../core/series.js';
import type {SourceEvent} from '../core/source-events.js';
import {ContainerDetailFollower, type ContainerDetailSnapshot} from './container-detail.js';
import {type ContainerRow, type ContainersView, createContainerTable} from './containers.js';
import {settleCursor} from './cursor.js';
import {DdcWatch} from './ddc-container.js';
import {type DetailPhase, DetailSession} from './detail-session.js';
import {type ExportRequest, exportOfSnapshot, type SnapshotExport} from './export-request.js';
import {type Action, activeFilter, type Focus, initialUiState, reduce, type UiState} from './reducer.js';

export interface FileStatus {
	path: string;
	state: TailState;
	linesRead: number;
	linesRejected: number;
	/** Newest end_time in the file (epoch s), for the age of the last line. */
	lastEndTime?: number;
	/** Where the file is looked for, in words (issue #15 §2: both places in the auto case); the path alone without it. */
	looked?: readonly string[];
	/** The file was truncated, replaced or rewritten and read afresh, within the last NOTE_MS. */
	lastReset?: {reason: string; at: number};
	/** The last line written to stderr while the view ran (untrusted), and when; within the last NOTE_MS. */
	notice?: {text: string; at: number};
}

/** How long a transient note ("replaced, re-read", a line on stderr) stays in the snapshot, by the store's clock. */
export const NOTE_MS = 10_000;

/** How often, at most, catching up on a large file publishes its progress between refreshes. */
const PROGRESS_PUBLISH_MS = 250;

/** The open operation detail at one publish (issue #14 §2), over the window shown. */
export interface DetailSnapshot {
	operation: string;
	phase: DetailPhase;
	/** The figures, distribution, failures, containers and recent calls: of the range when one is marked. */
	result: OperationDetailResult;
	/** The whole window, for the charts (the range is drawn on them): `result` itself when no range is marked. */
	window: OperationDetailResult;
	heatmap: Heatmap;
}

/** What the tables are built from at a publish: read then, or kept from the moment a pause began. */
interface Figures {
	/** ms since epoch. */
	now: number;
	summaries: Partial<Record<WindowName, readonly OperationSummary[]>>;
	containers: ContainersView;
	file: FileStatus;
	host?: HostSample;
	hostCpu: readonly number[];
}

/** Everything the view draws, frozen at one publish. The view never reads anything else. */
export interface Snapshot {
	seq: number;
	/** ms since epoch at publish. */
	now: number;
	ui: UiState;
	operations: {
		rows: readonly OperationSummary[];
		total: number;
		filterError?: string;
		/** Each operation's SLO state and baseline comparison (issue #16), judged at this publish. */
		judged: Judgements;
	};
	/** What the judging reads, for the header: the SLO file's name and the baseline's, when given. */
	judging: {slo?: string; baseline?: string};
	file: FileStatus;
	containers: {
		rows: readonly ContainerRow[];
		total: number;
		status: DockerStatus;
		filterError?: string;
		/** DDC's own container (issue #15 §3), found among every row, filter or not; undefined: none found yet. */
		ddc?: DdcView;
	};
	host?: HostSample;
	/** Host CPU % history, oldest first, for the host line's sparkline. */
	hostCpu: readonly number[];
	/** Only while an operation's detail is open. */
	detail?: DetailSnapshot;
	/** Only while a container's detail is open. */
	containerDetail?: ContainerDetailSnapshot;
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
	/**
	 * Builds a new snapshot (the ticker calls this once per interval). Nothing while paused: the figures
	 * shown are the pause's, and keys publish on their own.
	 */
	publish(): void;
	subscribe(listener: () => void): () => void;
	/**
	 * The figures as ingested, unfiltered and never paused, for an output that reads them at its own pace
	 * (the Prometheus exporter, at a scrape). Read only.
	 */
	live(): LiveFigures;
	getSnapshot(): Snapshot;
	/**
	 * Publishes, and answers with the export document of the snapshot just published (the one on screen),
	 * frozen in that same step.
	 */
	exportDocument(request: ExportRequest): SnapshotExport;
}

/** See Store.live(). */
export interface LiveFigures {
	readonly ingest: MetricsIngest;
	/** How many times the metrics file was truncated, replaced or rewritten (each a fresh ingest). */
	readonly resets: number;
	readonly tail: TailState;
	readonly host?: HostSample;
	containers(now: number): ContainersView;
}

export interface StoreOptions {
	clock: Clock;
	metricsPath: string;
	/** See FileStatus.looked. */
	looked?: readonly string[];
	ui?: Partial<Pick<UiState, 'window' | 'filter'>>;
	dockerEnabled?: boolean;
	/** Where an operation's detail reads the metrics stream's past from; without it a detail starts empty. */
	detailHistory?: DetailHistory;
	/** Thresholds, baseline and leak threshold (issue #16); DDC's documented values without it. */
	judge?: JudgeSetup;
	/** The container --container names (issue #15 §3): DDC's; without it one named `ddc` or of DDC's image. */
	ddcContainer?: string;
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
	const judge = new LiveJudge(options.judge ?? BUILT_IN_SETUP);
	const judging = Object.freeze({slo: judge.setup.sloLabel, baseline: judge.setup.baselineLabel});
	const containers = createContainerTable({leakThresholdMb: judge.setup.leakThresholdMb});
	const ddc = new DdcWatch(options.ddcContainer);
	if (options.dockerEnabled !== false) containers.ingest({type: 'docker-status', status: {kind: 'connecting', endpoint: ''}});
	let ui = initialUiState(options.ui);
	// Nothing is known before the source's first look: an existing file must not read as "waiting" meanwhile.
	let tail: TailState = {kind: 'opening'};
	let lastProgressPublish = -Infinity;
	let lastReset: FileStatus['lastReset'];
	let resets = 0;
	let notice: FileStatus['notice'];
	let host: HostSample | undefined;
	const hostCpu = new Series(60);
	let pages: Readonly<Record<Focus, number>> = {operations: FIRST_PAGE, containers: FIRST_PAGE};
	let seq = 0;
	/** The last snapshot built: rows whose sort values are within the display's precision keep its order. */
	let shown: Snapshot | undefined;
	/** Bytes of the metrics stream since its last reset: where an opening detail's past ends. */
	let streamBytes = 0;
	let session: DetailSession | undefined;
	let detailCache: {key: string; detail: DetailSnapshot} | undefined;
	// The container detail's state (issue #14 §3): nothing while none is open. Its read's end is shown at once.
	const containerDetail = new ContainerDetailFollower(
		options.detailHistory,
		() => streamBytes,
		() => {
			if (frozen === undefined) publish();
		},
	);
	const listeners = new Set<() => void>();

	/**
	 * The figures of the moment a pause began (issue #14 §1b), every window's, so the keys that re-sort,
	 * filter or change the window act on them while ingest goes on underneath. Undefined while live.
	 */
	let frozen: Figures | undefined;
	const figuresNow = (windows: readonly WindowName[]): Figures => {
		const now = clock();
		metrics.stats.advance(now / 1000);
		const summaries: Figures['summaries'] = {};
		for (const w of windows) summaries[w] = metrics.stats.summaries(w);
		return {
			now,
			summaries,
			containers: containers.view(now),
			file: {
				path: options.metricsPath,
				looked: options.looked,
				state: tail,
				linesRead: metrics.linesRead,
				linesRejected: metrics.linesRejected,
				lastEndTime: Number.isFinite(metrics.lastEndTime) ? metrics.lastEndTime : undefined,
				lastReset: lastReset && now - lastReset.at < NOTE_MS ? lastReset : undefined,
				notice: notice && now - notice.at < NOTE_MS ? notice : undefined,
			},
			host,
			hostCpu: hostCpu.toArray(),
		};
	};
	/** Freezes or thaws the figures as the UI state says. */
	const followPause = () => {
		if (ui.paused && frozen === undefined) frozen = figuresNow(WINDOWS);
		else if (!ui.paused) frozen = undefined;
	};

	const build = (): Snapshot => {
		const figures = frozen ?? figuresNow([ui.window]);
		const {now} = figures;
		const opFilter = parseFilter(activeFilter(ui, 'operations'));
		const summaries = figures.summaries[ui.window] ?? [];
		const previous = shown && {sort: shown.ui.sort, rows: shown.operations.rows};
		// Judged once per publish from the summaries shown (a comparison reads its histogram only when they changed).
		const judged = judge.judge(summaries, ui.window, (operation) => metrics.stats.histogram(operation, ui.window));
		const rows = selectOperations(summaries, {
			filter: opFilter,
			failuresOnly: ui.only === 'failures',
			breachesOnly: ui.only === 'breaches',
			judged,
			sort: ui.sort,
			hideEmpty: true,
			previous,
		});
		const cFilter = parseFilter(activeFilter(ui, 'containers'));
		const cView = figures.containers;
		const cPrevious = shown && {sort: shown.ui.containerSort, rows: shown.containers.rows};
		const cRows = selectContainers(cView.rows, cFilter, ui.containerSort, cPrevious);
		// Each publish puts the cursors on the rows it shows: a cursor whose row left takes the row at its place.
		const opCursor = settleCursor(ui.cursor.operations, {names: rows.map((r) => r.operation), page: pages.operations});
		const cCursor = settleCursor(ui.cursor.containers, {names: cRows.map((r) => r.sample.name), page: pages.containers});
		if (opCursor !== ui.cursor.operations || cCursor !== ui.cursor.containers)
			ui = {...ui, cursor: {operations: opCursor, containers: cCursor}};
		shown = Object.freeze({
			seq: ++seq,
			now,
			ui,
			// The total counts operations with calls in this window, so "3 of 5" always means the filter hid 2.
			operations: {rows, total: countActive(summaries), filterError: opFilter.ok ? undefined : opFilter.error, judged},
			judging,
			file: figures.file,
			containers: {
				rows: cRows,
				total: cView.rows.length,
				status: cView.status,
				filterError: cFilter.ok ? undefined : cFilter.error,
				// Only while Docker answers: "not running" would be a guess otherwise.
				ddc: cView.status.kind === 'live' ? ddc.view(cView.rows, now, figures.host?.memTotalBytes) : undefined,
			},
			host: figures.host,
			hostCpu: figures.hostCpu,
			detail: detailOf(now),
			containerDetail: containerDetail.snapshot(ui, now, containers, cView.rows),
		});
		return shown;
	};

	/** Computed at publish while a detail is open, and again only when its calls, window or second moved. */
	const detailOf = (now: number): DetailSnapshot | undefined => {
		if (session === undefined) return undefined;
		const range = ui.view.kind === 'operation' ? ui.view.range : undefined;
		// Paused, the calls fed since are left out: only a window or range change computes it again (at the paused moment).
		const key = `${frozen ? 'paused' : session.version} ${ui.window} ${Math.floor(now / 1000)} ${range?.from} ${range?.to}`;
		if (detailCache?.key === key) return detailCache.detail;
		const query = {now: now / 1000, window: ui.window};
		const whole = session.detail.result(query);
		const detail = Object.freeze({
			operation: session.operation,
			phase: session.phase,
			result: range === undefined ? whole : session.detail.result({...query, ...range}),
			window: whole,
			heatmap: session.detail.heatmap(query),
		});
		detailCache = {key, detail};
		return detail;
	};

	/** Opens or closes the detail as the view says: a session exists exactly while the detail is shown. */
	const followView = () => {
		const wanted = ui.view.kind === 'operation' ? ui.view.operation : undefined;
		if (session?.operation === wanted) return;
		session?.close();
		session = undefined;
		detailCache = undefined;
		if (wanted === undefined) return;
		let lastProgress = -Infinity;
		let opened: DetailSession | undefined;
		opened = new DetailSession(
			wanted,
			options.detailHistory,
			() => streamBytes,
			() => {
				// The read's progress at most every PROGRESS_PUBLISH_MS; its end at once. Not while the session
				// is being made or after it was closed.
				if (opened === undefined || session !== opened) return;
				if (opened.phase.kind === 'reading' && clock() - lastProgress < PROGRESS_PUBLISH_MS) return;
				lastProgress = clock();
				publish();
			},
		);
		session = opened;
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
			// The export is of the statistics as they are now, so the screen shows them too: exporting resumes.
			if (ui.paused) {
				ui = reduce(ui, {type: 'toggle-pause'});
				followPause();
			}
			publish();
			return exportOfSnapshot(snapshot, metrics, options.metricsPath, request);
		},
		ingest(event) {
			switch (event.type) {
				case 'metrics-bytes':
					metrics.ingestBytes(event.chunk, clock() / 1000);
					streamBytes += event.chunk.byteLength;
					session?.feed(event.chunk);
					containerDetail.feed(event.chunk);
					break;
				case 'metrics-lines': {
					metrics.ingest(event.lines, clock() / 1000);
					// Lines from a fake stand for the bytes they would be in a file, each with its newline.
					if (session !== undefined || containerDetail.open) {
						const bytes = Buffer.from(event.lines.map((l) => `${l}\n`).join(''), 'utf8');
						streamBytes += bytes.byteLength;
						session?.feed(bytes);
						containerDetail.feed(bytes);
					} else for (const l of event.lines) streamBytes += Buffer.byteLength(l, 'utf8') + 1;
					break;
				}
				case 'metrics-reset':
					metrics.reset();
					streamBytes = 0;
					session?.reset();
					containerDetail.reset();
					lastReset = {reason: event.reason, at: clock()};
					resets++;
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
					containerDetail.ingest(event, ui);
			}
		},
		dispatch(action) {
			// With --no-docker the containers table is not drawn: Tab would move sort, filter and Enter to nothing.
			if (action.type === 'focus-next' && options.dockerEnabled === false) return;
			if (action.type === 'cursor-move' && !action.view) {
				// Moved over the rows on screen: the snapshot's (the cursor was settled on them when it was built).
				const names =
					ui.focus === 'operations' ? snapshot.operations.rows.map((r) => r.operation) : snapshot.containers.rows.map((r) => r.sample.name);
				action = {...action, view: {names, page: pages[ui.focus]}};
			}
			if ((action.type === 'time-cursor' || action.type === 'time-mark') && action.now === undefined)
				action = {...action, now: clock() / 1000};
			if (action.type === 'detail-open' && action.operation === undefined) {
				// Enter opens the selected operation: only from the operations table, and only on a row shown.
				const row = ui.focus === 'operations' && ui.view.kind === 'dashboard' ? ui.cursor.operations.name : undefined;
				if (row === undefined || !snapshot.operations.rows.some((r) => r.operation === row)) return;
				action = {...action, operation: row};
			}
			if (action.type === 'container-open' && action.id === undefined) {
				// Enter on the containers table opens the selected container, found by its name among the rows shown.
				const name = ui.focus === 'containers' && ui.view.kind === 'dashboard' ? ui.cursor.containers.name : undefined;
				const row = snapshot.containers.rows.find((r) => r.sample.name === name);
				if (row === undefined) return;
				action = {...action, id: row.sample.id, name: row.sample.name};
			}
			const next = reduce(ui, action);
			if (next === ui) return;
			ui = next;
			followPause();
			followView();
			containerDetail.follow(ui);
			publish();
		},
		viewport(next) {
			pages = next;
		},
		publish() {
			if (frozen === undefined) publish();
		},
		live: () => ({ingest: metrics, resets, tail, host, containers: (now: number) => containers.view(now)}),
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
	};
}
