import {compareNames} from './compare-names.js';
import type {ParsedFilter as Filter} from './filter.js';
import type {OperationSummary} from './latency-windows.js';

/** Every column of the operations table can be a sort key; `avgRate` is the window's average per minute. */
export type SortKey = 'operation' | 'calls' | 'ok' | 'failed' | 'p50' | 'p95' | 'p99' | 'p999' | 'avg' | 'max' | 'rate' | 'avgRate';
/** The sort cycle (s / S): the operations table's columns, in the order it shows them. */
export const SORT_KEYS: readonly SortKey[] = [
	'operation',
	'calls',
	'ok',
	'failed',
	'p50',
	'p95',
	'p99',
	'p999',
	'avg',
	'max',
	'rate',
	'avgRate',
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

function value(s: OperationSummary, key: Exclude<SortKey, 'operation'>): number {
	switch (key) {
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
		default:
			return s[key] ?? -1;
	}
}

/** Cycles forwards (s, >) or backwards (S, <) through the sort keys. */
export function nextSortKey(key: SortKey, step: 1 | -1): SortKey {
	const i = SORT_KEYS.indexOf(key);
	return SORT_KEYS[(i + step + SORT_KEYS.length) % SORT_KEYS.length];
}

/** Filtered and sorted rows; ties are broken by name so rows never jump between refreshes. */
export function selectOperations(
	rows: readonly OperationSummary[],
	options: {filter: Filter; failuresOnly: boolean; sort: Sort; hideEmpty: boolean},
): OperationSummary[] {
	const {filter, failuresOnly, sort, hideEmpty} = options;
	const test = filter.ok ? filter.test : () => true;
	const picked = rows.filter((r) => (!hideEmpty || r.calls > 0) && (!failuresOnly || r.failed > 0) && test(r.operation));
	const sign = sort.descending ? -1 : 1;
	return picked.sort((a, b) => {
		if (sort.key === 'operation') return sign * compareNames(a.operation, b.operation);
		const d = value(a, sort.key) - value(b, sort.key);
		return d !== 0 ? sign * d : compareNames(a.operation, b.operation);
	});
}
