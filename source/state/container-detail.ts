import type {HistoryView, IoRates} from '../core/container-history.js';
import type {ContainerInterest} from '../core/container-interest.js';
import type {LogLine, LogStreamState} from '../core/container-logs.js';
import type {ContainerOperationRow} from '../core/container-operations.js';
import type {DetailHistory} from '../core/detail/detail-history.js';
import type {SourceEvent} from '../core/source-events.js';
import type {WindowName} from '../core/windows.js';
import {ContainerDetailSession} from './container-detail-session.js';
import type {ContainerRow, ContainerTable} from './containers.js';
import type {DetailPhase} from './past-follower.js';
import type {UiState} from './reducer.js';

/** The open container detail at one publish (issue #14 §3). */
export interface ContainerDetailSnapshot {
	id: string;
	/** The name it had when opened (the row's own is newer, while it is listed). */
	name: string;
	/** Its row as the table has it; undefined once it is gone (removed, or stopped while `a` is off). */
	row?: ContainerRow;
	/** The last 10 minutes, per second. */
	history?: HistoryView;
	rates?: IoRates;
	/** The operations whose lines name it, over the window shown. */
	operations: readonly ContainerOperationRow[];
	/** Reading the metrics file's past for those operations, or live. */
	phase: DetailPhase;
	/** Only while the logs are shown. */
	logs?: {state?: LogStreamState; lines: readonly LogLine[]};
}

/** What the Docker source must do for the view: stopped containers listed, and whose logs followed. */
export function containerInterest(ui: UiState): ContainerInterest {
	const logs = ui.view.kind === 'container' && ui.view.logs ? ui.view.id : undefined;
	return logs === undefined ? {all: ui.allContainers} : {all: ui.allContainers, logs};
}

/**
 * The store's part for the container detail: a session exists exactly while a container detail is shown,
 * and its figures are computed at publish, again only when its calls, the window or the second moved.
 */
export class ContainerDetailFollower {
	private session: ContainerDetailSession | undefined;
	private cache: {key: string; operations: readonly ContainerOperationRow[]} | undefined;

	constructor(
		private readonly history: DetailHistory | undefined,
		private readonly streamBytes: () => number,
		private readonly changed: () => void,
	) {}

	get open(): boolean {
		return this.session !== undefined;
	}

	follow(ui: UiState): void {
		const view = ui.view.kind === 'container' ? ui.view : undefined;
		if (this.session !== undefined && (view === undefined || view.id !== this.session.id)) {
			this.session.close();
			this.session = undefined;
			this.cache = undefined;
		}
		if (view !== undefined && this.session === undefined) {
			let opened: ContainerDetailSession | undefined;
			opened = new ContainerDetailSession(view.id, view.name, this.history, this.streamBytes, () => {
				if (opened !== undefined && this.session === opened) this.changed();
			});
			this.session = opened;
		}
		if (view !== undefined && !view.logs && this.session?.logState !== undefined) this.session.clearLogs();
	}

	feed(chunk: Uint8Array): void {
		this.session?.feed(chunk);
	}

	reset(): void {
		this.session?.reset();
	}

	/** Log events of the open container (others, late ones of a closed detail, are dropped). */
	ingest(event: SourceEvent, ui: UiState): void {
		const s = this.session;
		if (s === undefined || ui.view.kind !== 'container' || !ui.view.logs) return;
		if (event.type === 'container-log-lines' && event.id === s.id) {
			s.addLogs(event.lines);
		} else if (event.type === 'container-log-state' && event.id === s.id) s.logState = event.state;
	}

	snapshot(ui: UiState, now: number, table: ContainerTable, rows: readonly ContainerRow[]): ContainerDetailSnapshot | undefined {
		const s = this.session;
		if (s === undefined || ui.view.kind !== 'container') return undefined;
		const window: WindowName = ui.window;
		const key = `${s.version} ${window} ${Math.floor(now / 1000)}`;
		if (this.cache?.key !== key) this.cache = {key, operations: Object.freeze(s.operations.rows(window, now / 1000))};
		const past = table.history(s.id, now);
		const detail: ContainerDetailSnapshot = {
			id: s.id,
			name: s.name,
			row: rows.find((r) => r.sample.id === s.id),
			history: past?.view,
			rates: past?.rates,
			operations: this.cache.operations,
			phase: s.phase,
		};
		if (ui.view.logs) detail.logs = {state: s.logState, lines: s.logs.slice(-LOG_VIEW_LINES)};
		return Object.freeze(detail);
	}
}

/** Log lines handed to the view: more than any terminal shows. */
const LOG_VIEW_LINES = 200;
