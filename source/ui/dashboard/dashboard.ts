import {notRecordingText} from '../../core/container-file-target.js';
import {fit} from '../../core/format.js';
import {formatClockTime} from '../../core/local-time.js';
import {sanitize} from '../../core/sanitize.js';
import {sourceHealth, staleText} from '../../core/source-state.js';
import type {Cursor} from '../../state/cursor.js';
import type {Focus} from '../../state/reducer.js';
import type {Snapshot} from '../../state/store.js';
import {containersTable, panelChrome} from './containers-table.js';
import {footerLine} from './footer.js';
import {headerLine} from './header.js';
import {hostLine} from './host-line.js';
import {operationsTable} from './operations-table.js';
import {stateText, statusLine} from './status-line.js';
import {type TableScroll, visibleRows} from './table.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 12;

export interface DashboardOptions {
	columns: number;
	rows: number;
	version: string;
	dockerEnabled: boolean;
}

const WINDOW_WORDS = {'1h': 'the last hour', '24h': 'the last 24 hours', all: 'the file'} as const;

/** Why the operations table is empty, in words that say what to do. */
export function emptyText(snap: Snapshot): string {
	const {file} = snap;
	switch (file.state.kind) {
		case 'waiting':
			// Issue #15 §2: no file is the normal state of an uninstrumented DDC: say so, where we looked (every
			// place: the local path and the container's in the auto case), and what to do.
			return `${notRecordingText(file.looked ?? [file.path])}, or try ddc-top --demo`;
		case 'opening':
			return `opening ${sanitize(file.path)}…`;
		case 'reading':
			return `catching up on the metrics file: ${stateText(file.state)}`;
		case 'not-regular':
			return `${sanitize(file.path)} is ${file.state.what}, not a regular file: nothing is read (set --metrics to DDC's metrics file)`;
		case 'error':
			return sanitize(file.state.message);
		default: {
			if (file.linesRead === 0) return 'no calls yet: the file is empty';
			// Issue #15 §2: a file whose writer stopped says since when, so an empty window is not a mystery.
			const stale = sourceHealth(file.state, file.lastEndTime, snap.now).state === 'stale' && file.lastEndTime !== undefined;
			const since = stale ? `: ${staleText(file.lastEndTime!, snap.now)}` : '';
			return `no calls in ${WINDOW_WORDS[snap.ui.window]}${since} (w changes the window)`;
		}
	}
}

/**
 * Lines for the two tables: each gets what it needs when both fit (spare lines go below the containers,
 * so the tables stay together); otherwise containers get at most 45 %, and both show "… N more". The
 * operations never take more than they need while containers are hidden: no blank gap between the two.
 * `containerRows` -1 means no containers panel.
 */
export function splitBody(body: number, opRows: number, containerRows: number): {opsLines: number; containerLines: number} {
	if (containerRows < 0) return {opsLines: body, containerLines: 0};
	const opsNeed = Math.max(3, opRows + 2);
	const containerNeed = Math.max(4, containerRows + 2);
	if (opsNeed + containerNeed <= body) return {opsLines: opsNeed, containerLines: body - opsNeed};
	const containerLines = Math.min(containerNeed, Math.max(4, Math.floor(body * 0.45)));
	if (body - containerLines > opsNeed) return {opsLines: opsNeed, containerLines: body - opsNeed};
	return {opsLines: body - containerLines, containerLines};
}

function tableHeights(snap: Snapshot, l: Layout, dockerEnabled: boolean): {opsLines: number; containerLines: number} {
	// DDC's line (issue #15 §3) counts as one more row of the containers panel.
	const ddcLine = panelChrome(snap.containers.ddc) - 2;
	return splitBody(l.body, snap.operations.rows.length, dockerEnabled ? snap.containers.rows.length + ddcLine : -1);
}

/**
 * How many rows each table shows in this layout: the store's page for PgUp / PgDn and for keeping the
 * cursor in view (the screen tells it after each layout).
 */
export function tablePages(snap: Snapshot, l: Layout, dockerEnabled: boolean): Record<Focus, number> {
	const {opsLines, containerLines} = tableHeights(snap, l, dockerEnabled);
	const {focus} = snap.ui;
	return {
		operations: Math.max(1, visibleRows(opsLines, snap.operations.rows.length, focus === 'operations')),
		containers: Math.max(
			1,
			visibleRows(containerLines - (panelChrome(snap.containers.ddc) - 2), snap.containers.rows.length, focus === 'containers'),
		),
	};
}

const scrollOf = (cursor: Cursor, selected: boolean): TableScroll => ({offset: cursor.offset, index: cursor.index, selected});

export interface Layout {
	tooSmall: boolean;
	width: number;
	/** The screen's lines: one fewer than the terminal's, so the last line never scrolls it. */
	height: number;
	/** First line and number of lines between the header (and host line) and the status line. */
	bodyTop: number;
	body: number;
}

export function layout(snap: Snapshot, columns: number, rows: number): Layout {
	const bodyTop = snap.host === undefined ? 1 : 2;
	const height = rows - 1;
	return {tooSmall: columns < MIN_COLUMNS || rows < MIN_ROWS, width: columns, height, bodyTop, body: height - bodyTop - 2};
}

/** Pads or cuts a section to exactly `height` lines, so the next one starts where the layout says. */
function exactly(lines: string[], height: number): string[] {
	const out = lines.slice(0, Math.max(0, height));
	while (out.length < height) out.push('');
	return out;
}

/**
 * The live screen, one string per line (SGR styled), as a pure function of the snapshot. Drawn without
 * Ink: Ink re-lays-out and re-measures every character of the frame on each render (about 20 ms for a
 * 120x40 frame on these machines, 2 % of a core at 1 Hz before anything else); this costs well under
 * 1 ms, and the frame writer sends only the cells that changed. Overlays (help, menu) are Ink's.
 * `l` is this snapshot's layout when the caller has it already (screen.ts lays out once per frame).
 */
export function renderDashboard(
	snap: Snapshot,
	options: DashboardOptions,
	l: Layout = layout(snap, options.columns, options.rows),
): string[] {
	const {columns, rows, version, dockerEnabled} = options;
	if (l.tooSmall) return [fit(`terminal too small: ${columns}x${rows}, ddc-top needs ${MIN_COLUMNS}x${MIN_ROWS}`, columns)];
	const {ui} = snap;
	const {width} = l;
	const lines = [headerLine(ui, version, formatClockTime(snap.now), width, snap.judging)];
	if (snap.host) lines.push(hostLine(snap.host, width, snap.hostCpu));
	const {opsLines, containerLines} = tableHeights(snap, l, dockerEnabled);
	const ops = operationsTable({
		rows: snap.operations.rows,
		total: snap.operations.total,
		sort: ui.sort,
		now: snap.now,
		width,
		height: opsLines,
		focused: dockerEnabled && ui.focus === 'operations',
		windowLabel: ui.window,
		emptyText: emptyText(snap),
		scroll: scrollOf(ui.cursor.operations, ui.focus === 'operations'),
		judged: snap.operations.judged,
		baseline: snap.judging.baseline !== undefined,
		only: ui.only,
	});
	lines.push(...exactly(ops, opsLines));
	if (dockerEnabled) {
		const containers = containersTable({
			rows: snap.containers.rows,
			total: snap.containers.total,
			status: snap.containers.status,
			sort: ui.containerSort,
			hostMemBytes: snap.host?.memTotalBytes,
			width,
			height: containerLines,
			focused: ui.focus === 'containers',
			scroll: scrollOf(ui.cursor.containers, ui.focus === 'containers'),
			all: ui.allContainers,
			ddc: snap.containers.ddc,
		});
		lines.push(...exactly(containers, containerLines));
	}
	const focusedError = ui.focus === 'operations' ? snap.operations.filterError : snap.containers.filterError;
	lines.push(statusLine(snap.file, snap.now, width), footerLine(ui.mode, ui.focus, focusedError, width));
	return lines;
}
