import type {ContainerSort, ContainerSortKey} from '../../core/containers-view.js';
import {DDC_MARK, type DdcView, ddcSummary, type Tone} from '../../core/ddc-summary.js';
import {fitMiddle} from '../../core/format.js';
import type {DockerStatus} from '../../core/samples.js';
import {sanitize} from '../../core/sanitize.js';
import type {ContainerRow} from '../../state/containers.js';
import {type Look, paint} from '../../terminal-output/paint.js';
import {type ColumnSpec, layoutColumns, retitled} from '../columns.js';
import {
	type ContainerColumnKey,
	containerCell,
	containerColor,
	fittingTitle,
	isRunning,
	type SparkScales,
	sparkScales,
	sparkTitles,
} from './container-cells.js';
import {growthCell, growthLook} from './judge-cells.js';
import {headerText, rowLine, type TableScroll, tableLines} from './table.js';

/** The cells of container-cells.ts, and the memory growth (issue #16 §3). */
type ColumnKey = ContainerColumnKey | 'growth';

/**
 * Wide terminals get 10-sample sparklines, growing once the names have their room (up to 40 of the 60
 * samples kept); at 80 columns 5 leave room for NET I/O (their scales then go in the title line).
 */
function sparkWidth(width: number): number {
	return width >= 120 ? 10 : 5;
}

const SPARK_MAX = 40;

function columnSpecs(width: number): Array<ColumnSpec<ColumnKey>> {
	const spark = sparkWidth(width);
	// Dropped first when narrow: MEM %, BLOCK I/O, then NET I/O, then the memory sparkline.
	return [
		{key: 'name', title: 'NAME', width: 12, align: 'left', priority: 0, flex: true, maxWidth: 32},
		{key: 'cpu', title: 'CPU %', width: 7, align: 'right', priority: 0},
		{key: 'cpuSpark', title: '', width: spark, align: 'left', priority: 1, grow: true, maxWidth: SPARK_MAX},
		{key: 'mem', title: 'MEM USAGE / LIMIT', width: 19, align: 'right', priority: 0},
		// docker stats' MEM %: on wide terminals only, where names keep 24 characters beside it.
		{key: 'memPct', title: 'MEM %', width: 7, align: 'right', priority: 5, needsRoom: 24},
		{key: 'memSpark', title: '', width: spark, align: 'left', priority: 2, grow: true, maxWidth: SPARK_MAX},
		// MB/min over the last 10 minutes (issue #16 §3): on wide terminals, where names keep 24 characters (before
		// MEM %: it judges, MEM % describes); the container's detail always says it.
		{key: 'growth', title: 'GROWTH', width: 8, align: 'right', priority: 4.5, needsRoom: 24},
		{key: 'net', title: 'NET I/O', width: 17, align: 'right', priority: 3},
		{key: 'block', title: 'BLOCK I/O', width: 17, align: 'right', priority: 4},
		{key: 'pids', title: 'PIDS', width: 5, align: 'right', priority: 1},
	];
}

/** The columns with the sparklines' scales in their titles (the widest title that fits). */
function titled(columns: Array<ColumnSpec<ColumnKey>>, scales: SparkScales): Array<ColumnSpec<ColumnKey>> {
	return columns.map((c) =>
		c.key === 'cpuSpark' || c.key === 'memSpark' ? retitled(c, fittingTitle(sparkTitles(c.key, scales), c.width)) : c,
	);
}

/** A sparkline scale too long for its column's header, said in the table's title line instead. */
function scalesNotInHeader(columns: ReadonlyArray<ColumnSpec<ColumnKey>>, scales: SparkScales): string {
	let out = '';
	for (const c of columns) {
		if ((c.key !== 'cpuSpark' && c.key !== 'memSpark') || c.title !== '') continue;
		out += ` · ${c.key === 'cpuSpark' ? 'CPU' : 'MEM'} ${sparkTitles(c.key, scales)[0]}`;
	}
	return out;
}

const SORTED_COLUMN: Record<ContainerSortKey, ContainerColumnKey> = {
	name: 'name',
	cpu: 'cpu',
	mem: 'mem',
	net: 'net',
	block: 'block',
	pids: 'pids',
};

function statusText(status: DockerStatus): string | undefined {
	switch (status.kind) {
		case 'disabled':
			return 'Docker panel disabled';
		case 'connecting':
			return `connecting to Docker${status.endpoint ? ` at ${sanitize(status.endpoint)}` : ''}…`;
		case 'unavailable':
			return `${sanitize(status.message)} · retrying`;
		default:
			return undefined;
	}
}

export interface ContainersTableProps {
	/** Already filtered and sorted (store: selectContainers). */
	rows: readonly ContainerRow[];
	/** Containers before the filter, to say how many it hides. */
	total: number;
	status: DockerStatus;
	sort: ContainerSort;
	/** The host's memory (the host line's), to tell Docker's "no limit" (the host's total) from a limit. */
	hostMemBytes?: number;
	width: number;
	/** Lines available, title and header included. */
	height: number;
	focused: boolean;
	/** Where the table is scrolled to and its cursor; the top, with no cursor, without it. */
	scroll?: TableScroll;
	/** Stopped containers are listed too (`a`): the title says so. */
	all?: boolean;
	/** DDC's own container (issue #15 §3): its row is marked, and its line is under the title. */
	ddc?: DdcView;
}

const DIM: Look = {dim: true};

const TONE_LOOKS: Record<Tone, Look | undefined> = {
	mark: {bold: true},
	good: undefined,
	warn: {color: 'yellow'},
	bad: {color: 'red'},
	dim: DIM,
};

/** DDC's line (core/ddc-summary.ts), painted, padded to the width. */
export function ddcLine(view: DdcView, width: number): string {
	let out = '';
	let used = 0;
	for (const s of ddcSummary(view, width)) {
		out += paint(s.text, TONE_LOOKS[s.tone ?? 'good']);
		used += Array.from(s.text).length;
	}
	return out + ' '.repeat(Math.max(0, width - used));
}

/** Lines the containers panel takes besides its rows: title, DDC's line when there is one, header. */
export function panelChrome(ddc: DdcView | undefined): number {
	return ddc === undefined ? 2 : 3;
}

/**
 * Containers like `docker stats`, with CPU and memory sparklines on scales rows share (container-cells.ts);
 * columns drop when narrow and widen when wide. Stopped containers (`a` lists them) are dimmed, their
 * state in the CPU column.
 */
export function containersTable(p: ContainersTableProps): string[] {
	const scales = sparkScales(p.rows, p.hostMemBytes);
	const columns = titled(layoutColumns(columnSpecs(p.width), p.width), scales);
	const problem = statusText(p.status);
	const shown = p.rows.length === p.total ? `${p.total}` : `${p.rows.length} of ${p.total}`;
	// Rows listed but not sampled yet show `--`; the title says why, until their first stats arrive.
	const reading = !problem && p.rows.some((row) => row.pending) ? ' · reading stats…' : '';
	let empty: string | undefined;
	if (problem) empty = problem;
	else if (p.total === 0) empty = p.all ? 'No containers' : 'No running containers';
	else if (p.rows.length === 0) empty = 'no container matches';
	const look = (row: ContainerRow, key: ColumnKey): Look | undefined => {
		// A container without a fresh sample, or not running, is dimmed whole: its numbers are not current.
		if (row.stale || !isRunning(row)) return DIM;
		if (key === 'growth') return growthLook(row.growth);
		const color = containerColor(row, key);
		return color ? {color} : undefined;
	};
	const ddcId = p.ddc?.kind === 'found' ? p.ddc.facts.id : undefined;
	const ddc = p.height >= 3 ? p.ddc : undefined;
	const extra = ddc === undefined ? 0 : 1;
	const lines = tableLines({
		title: `${p.focused ? '▶' : ' '} Containers (${shown}${p.all ? ', stopped too' : ''})${reading}${p.rows.length > 0 ? scalesNotInHeader(columns, scales) : ''}`,
		focused: p.focused,
		header: headerText(columns, SORTED_COLUMN[p.sort.key], p.sort.descending),
		rows: problem ? [] : p.rows,
		row: (r) =>
			rowLine(
				columns,
				(key, width) =>
					key === 'growth'
						? growthCell(r.growth)
						: key === 'name' && r.sample.id === ddcId
							? `${DDC_MARK} ${containerCell(r, key, width, scales)}`
							: containerCell(r, key, width, scales),
				(key) => look(r, key),
				fitMiddle,
			),
		width: p.width,
		height: p.height - extra,
		scroll: p.scroll,
		empty: empty === undefined ? undefined : {text: empty, look: p.status.kind === 'unavailable' ? {color: 'yellow'} : DIM},
	});
	// DDC's line under the title, whatever the filter, the sort or the scroll show (issue #15 §3).
	if (ddc !== undefined) lines.splice(1, 0, ddcLine(ddc, p.width));
	return lines;
}
