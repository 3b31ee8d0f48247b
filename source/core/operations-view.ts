import {compareNames} from './compare-names.js';
import type {ParsedFilter as Filter} from './filter.js';
import {isBreach, type Judgements, sloSortValue} from './judge/live-judge.js';
import type {OperationSummary} from './latency-windows.js';
import {significantStep, steadyOrder, withinStep} from './steady-order.js';

/**
 * Every column of the operations table can be a sort key; `avgRate` is the window's average per minute,
 * `last` the newest call's end time (largest first: the most recent call on top).
 */
export type SortKey =
	| 'operation'
	| 'calls'
	| 'ok'
	| 'failed'
	| 'slo'
	| 'min'
	| 'p50'
	| 'p95'
	| 'p99'
	| 'p999'
	| 'avg'
	| 'max'
	| 'rate'
	| 'avgRate'
	| 'last';
/** The sort cycle (s / S): the operations table's columns, in the order it shows them. */
export const SORT_KEYS: readonly SortKey[] = [
	'operation',
	'calls',
	'ok',
	'failed',
	'slo',
	'min',
	'p50',
	'p95',
	'p99',
	'p999',
	'avg',
	'max',
	'rate',
	'avgRate',
	'last',
];

export interface Sort {
	key: SortKey;
	/** true: largest first (text: z..a). */
	descending: boolean;
}

/** The default a demanding operator wants first: the slowest tail on top. */
export const DEFAULT_SORT: Sort = {key: 'p95', descending: true};

function okPercent(s: OperationSummary): number {
	return s.calls === 0 ? -1 : s.ok / s.calls;
}

function value(s: OperationSummary, key: Exclude<SortKey, 'operation'>, judged: Judgements | undefined): number {
	switch (key) {
		case 'slo':
			return sloSortValue(judged?.get(s.operation));
		case 'calls':
			return s.calls;
		case 'ok':
			return okPercent(s);
		case 'failed':
			return s.failed;
		case 'rate':
			return s.ratePerMinute;
		case 'avgRate':
			return s.avgPerMinute;
		case 'last':
			return s.lastEndTime;
		default:
			return s[key] ?? -1;
	}
}

/** Cycles forwards (s, >) or backwards (S, <) through the sort keys. */
export function nextSortKey(key: SortKey, step: 1 | -1): SortKey {
	const i = SORT_KEYS.indexOf(key);
	return SORT_KEYS[(i + step + SORT_KEYS.length) % SORT_KEYS.length];
}

/**
 * Whether two values of a column read the same or one step apart on screen (formatDuration, formatCount,
 * formatPercent, formatRate, formatAge): then their order is noise, not news.
 */
function closeOnScreen(key: Exclude<SortKey, 'operation'>, a: number, b: number): boolean {
	switch (key) {
		case 'ok':
			// One decimal of a percent.
			return withinStep(a, b, 0.001);
		case 'calls':
		case 'failed':
			// Whole numbers under 10k, three digits above.
			return withinStep(a, b, Math.max(1, significantStep(a, b, 3)));
		case 'last':
			// Ages in whole seconds.
			return withinStep(a, b, 1);
		case 'slo':
			// The same state reads the same (the load within it only orders a fresh sort).
			return Math.floor(a / 1000) === Math.floor(b / 1000);
		default:
			// Durations and rates: three significant digits.
			return withinStep(a, b, significantStep(a, b, 3));
	}
}

/** What the rows were at the last refresh, and by which sort: their order is kept among close values. */
export interface PreviousOrder {
	sort: Sort;
	rows: readonly OperationSummary[];
}

/**
 * Filtered and sorted rows; ties are broken by name, and values within the display's precision keep the
 * previous refresh's order (`previous`, when sorted the same way), so rows never jump between refreshes.
 */
export function selectOperations(
	rows: readonly OperationSummary[],
	options: {
		filter: Filter;
		failuresOnly: boolean;
		sort: Sort;
		hideEmpty: boolean;
		previous?: PreviousOrder;
		/** Each operation's judgement (live-judge.ts): the SLO column's sort, and `breachesOnly`. */
		judged?: Judgements;
		/** Only operations that breach a threshold or are slower than the baseline (`f`'s third step). */
		breachesOnly?: boolean;
	},
): OperationSummary[] {
	const {filter, failuresOnly, sort, hideEmpty, judged, breachesOnly} = options;
	const test = filter.ok ? filter.test : () => true;
	const picked = rows.filter(
		(r) =>
			(!hideEmpty || r.calls > 0) &&
			(!failuresOnly || r.failed > 0) &&
			(!breachesOnly || isBreach(judged?.get(r.operation))) &&
			test(r.operation),
	);
	const sign = sort.descending ? -1 : 1;
	const key = sort.key;
	if (key === 'operation') return picked.sort((a, b) => sign * compareNames(a.operation, b.operation));
	const sorted = picked.sort((a, b) => {
		const d = value(a, key, judged) - value(b, key, judged);
		return d !== 0 ? sign * d : compareNames(a.operation, b.operation);
	});
	const previous = options.previous;
	const same = previous !== undefined && previous.sort.key === key && previous.sort.descending === sort.descending;
	return steadyOrder(
		sorted,
		(r) => r.operation,
		same ? previous.rows : undefined,
		(a, b) => closeOnScreen(key, value(a, key, judged), value(b, key, judged)),
	);
}
