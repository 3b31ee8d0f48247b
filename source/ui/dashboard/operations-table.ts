import {fitMiddle, formatAge, formatCount, formatDuration, formatPercent, formatRate} from '../../core/format.js';
import type {Judgements, OperationJudgement} from '../../core/judge/live-judge.js';
import type {OperationSummary} from '../../core/latency-windows.js';
import type {Sort, SortKey} from '../../core/operations-view.js';
import {sanitize} from '../../core/sanitize.js';
import type {OperationsShown} from '../../state/reducer.js';
import type {Look} from '../../terminal-output/paint.js';
import {type ColumnSpec, layoutColumns} from '../columns.js';
import {deltaCell, deltaLook, sloCell, sloLook} from './judge-cells.js';
import {headerText, rowLine, type TableScroll, tableLines} from './table.js';

/** The sortable columns, and the changes against a baseline (shown only with one). */
type ColumnKey = SortKey | 'dp50' | 'dp95' | 'dp99';

/** Names keep this much room beside the columns of wide terminals (MIN, LAST): at 120 columns names come first. */
const WIDE_NAME_ROOM = 32;

const COLUMNS: ReadonlyArray<ColumnSpec<ColumnKey>> = [
	{key: 'operation', title: 'OPERATION', width: 14, align: 'left', priority: 0, flex: true, maxWidth: 40},
	{key: 'calls', title: 'CALLS', width: 6, align: 'right', priority: 0},
	{key: 'ok', title: 'OK%', width: 6, align: 'right', priority: 1},
	{key: 'failed', title: 'FAIL', width: 5, align: 'right', priority: 0},
	// The threshold state (issue #16 §1): a mark and a word, so it reads without colour.
	{key: 'slo', title: 'SLO', width: 8, align: 'left', priority: 0},
	{key: 'min', title: 'MIN', width: 7, align: 'right', priority: 7, needsRoom: WIDE_NAME_ROOM},
	{key: 'p50', title: 'P50', width: 7, align: 'right', priority: 0},
	{key: 'p95', title: 'P95', width: 7, align: 'right', priority: 0},
	{key: 'p99', title: 'P99', width: 7, align: 'right', priority: 0},
	// Against the baseline (issue #16 §2), only with --baseline: P95's change with the verdict's mark, then
	// P50's and P99's where there is room.
	{key: 'dp50', title: 'ΔP50', width: 6, align: 'right', priority: 5, needsRoom: 24},
	{key: 'dp95', title: 'ΔP95', width: 7, align: 'right', priority: 1},
	{key: 'dp99', title: 'ΔP99', width: 6, align: 'right', priority: 3.5, needsRoom: 24},
	{key: 'p999', title: 'P99.9', width: 7, align: 'right', priority: 3},
	// Beside the SLO column AVG would cut DDC's names at 100 columns (docker_container_status): it waits for room.
	{key: 'avg', title: 'AVG', width: 7, align: 'right', priority: 4, needsRoom: 24},
	// Like AVG, MAX waits for names to have room (it would take what the SLO's mark gave them at 80 columns).
	{key: 'max', title: 'MAX', width: 7, align: 'right', priority: 2, needsRoom: 24},
	// Dropped before OK% and ΔP95 on a narrow terminal: the SLO and the baseline judge, the rate only describes.
	{key: 'rate', title: 'RATE/m', width: 7, align: 'right', priority: 1.5},
	// The window's average per minute, beside the current rate: the two differ when traffic changed.
	// AVG/m is shown only where it leaves names 24 characters (at 100 columns names come first).
	{key: 'avgRate', title: 'AVG/m', width: 7, align: 'right', priority: 5, needsRoom: 24},
	// How long ago the newest call ended ("12s", "3m"): an operation that went quiet shows here first.
	{key: 'last', title: 'LAST', width: 5, align: 'right', priority: 6, needsRoom: WIDE_NAME_ROOM},
];

// The "target" bands other DDC teams use (p50 200 ms, p95 500 ms, p99 1 s): slower than these is worth a glance.
const SLOW: Partial<Record<ColumnKey, number>> = {p50: 0.2, p95: 0.5, p99: 1, p999: 1};

const BASELINE_COLUMNS: ReadonlySet<ColumnKey> = new Set(['dp50', 'dp95', 'dp99']);
const WITHOUT_BASELINE = COLUMNS.filter((c) => !BASELINE_COLUMNS.has(c.key));

function cell(row: OperationSummary, key: ColumnKey, now: number, j: OperationJudgement | undefined, width: number): string {
	switch (key) {
		case 'slo':
			return sloCell(j, width < SLO_WORDS_WIDTH);
		case 'dp50':
			return deltaCell(j, 'p50', false);
		case 'dp95':
			return deltaCell(j, 'p95', true);
		case 'dp99':
			return deltaCell(j, 'p99', false);
		case 'operation':
			return sanitize(row.operation);
		case 'calls':
			return formatCount(row.calls);
		case 'ok':
			return row.calls === 0 ? '-' : formatPercent((row.ok / row.calls) * 100);
		case 'failed':
			return formatCount(row.failed);
		case 'rate':
			return formatRate(row.ratePerMinute);
		case 'avgRate':
			return formatRate(row.avgPerMinute);
		case 'last':
			return formatAge(now - row.lastEndTime * 1000);
		default:
			return formatDuration(row[key]);
	}
}

const RED: Look = {color: 'red'};
const YELLOW: Look = {color: 'yellow'};

function look(row: OperationSummary, key: ColumnKey, j: OperationJudgement | undefined): Look | undefined {
	if (key === 'slo') return sloLook(j);
	if (key === 'dp95') return deltaLook(j);
	if (key === 'failed') return row.failed > 0 ? RED : undefined;
	if (key === 'ok') return row.calls > 0 && row.ok / row.calls < 0.99 ? RED : undefined;
	const limit = SLOW[key];
	const v = limit === undefined ? undefined : (row[key as 'p50'] as number | undefined);
	return v !== undefined && limit !== undefined && v > limit ? YELLOW : undefined;
}

export interface OperationsTableProps {
	rows: readonly OperationSummary[];
	/** Operations with calls in this window, filtered or not (to say how many the filter hides). */
	total: number;
	sort: Sort;
	/** The snapshot's time (ms since epoch), for the age of each operation's last call. */
	now: number;
	width: number;
	/** Lines available, title and header included. */
	height: number;
	focused: boolean;
	windowLabel: string;
	/** What to say when no operation has a call in the window (the reason differs: no file, old data...). */
	emptyText: string;
	/** Where the table is scrolled to and its cursor; the top, with no cursor, without it. */
	scroll?: TableScroll;
	/** Each operation's SLO state and baseline comparison; the SLO column is blank without it. */
	judged?: Judgements;
	/** A baseline was given: the Δ columns are shown. */
	baseline?: boolean;
	/** `f`'s step: said in the title. */
	only?: OperationsShown;
}

const ONLY_TEXT: Record<OperationsShown, string> = {all: '', failures: ' · failures only', breaches: ' · breaches only'};
const ONLY_EMPTY: Record<OperationsShown, string> = {
	all: 'no operation matches the filter (Esc clears it)',
	failures: 'no operation with failures (f shows breaches only, then all)',
	breaches: 'no operation breaches a threshold or is slower than the baseline (f shows all)',
};

/** The SLO column with its words ("✗ breach"); narrower, the mark alone. */
const SLO_WORDS_WIDTH = 8;
/** DDC's longest operation names (docker_container_restart) are 24 characters. */
const DDC_NAME_ROOM = 24;

/**
 * The columns for this width. Where the SLO's words would cut DDC's names (80 columns), the SLO column
 * shows its mark alone (✓ ~ ✗, still readable without colour): the names say which operation, the mark
 * says enough to look closer.
 */
function columnsFor(specs: ReadonlyArray<ColumnSpec<ColumnKey>>, width: number): Array<ColumnSpec<ColumnKey>> {
	const full = layoutColumns(specs, width);
	const name = full.find((c) => c.key === 'operation');
	if (name === undefined || name.width >= DDC_NAME_ROOM) return full;
	return layoutColumns(
		specs.map((c) => (c.key === 'slo' ? {...c, width: 3} : c)),
		width,
	);
}

/** The live operations table: one line per operation, columns dropped by priority when narrow. */
export function operationsTable(p: OperationsTableProps): string[] {
	const columns = columnsFor(p.baseline ? COLUMNS : WITHOUT_BASELINE, p.width);
	const only = p.only ?? 'all';
	const shown = p.rows.length === p.total ? `${p.total}` : `${p.rows.length} of ${p.total}`;
	return tableLines({
		title: `${p.focused ? '▶' : ' '} Operations (${shown}) · window ${p.windowLabel}${ONLY_TEXT[only]}`,
		focused: p.focused,
		header: headerText(columns, p.sort.key, p.sort.descending),
		rows: p.rows,
		row: (r) => {
			const j = p.judged?.get(r.operation);
			return rowLine(
				columns,
				(key, width) => cell(r, key, p.now, j, width),
				(key) => look(r, key, j),
				fitMiddle,
			);
		},
		width: p.width,
		height: p.height,
		scroll: p.scroll,
		empty: p.rows.length === 0 ? {text: p.total === 0 ? p.emptyText : ONLY_EMPTY[only], look: {dim: true}} : undefined,
	});
}
