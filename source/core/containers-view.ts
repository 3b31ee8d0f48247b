import {compareNames} from './compare-names.js';
import type {ParsedFilter as Filter} from './filter.js';
import type {ContainerSample} from './samples.js';
import {significantStep, steadyOrder, withinStep} from './steady-order.js';

export type ContainerSortKey = 'name' | 'cpu' | 'mem' | 'net' | 'block' | 'pids';
export const CONTAINER_SORT_KEYS: readonly ContainerSortKey[] = ['name', 'cpu', 'mem', 'net', 'block', 'pids'];

export interface ContainerSort {
	key: ContainerSortKey;
	descending: boolean;
}

/** Busiest first, as `docker stats` users scan for the culprit. */
export const DEFAULT_CONTAINER_SORT: ContainerSort = {key: 'cpu', descending: true};

export function nextContainerSortKey(key: ContainerSortKey, step: 1 | -1): ContainerSortKey {
	const i = CONTAINER_SORT_KEYS.indexOf(key);
	return CONTAINER_SORT_KEYS[(i + step + CONTAINER_SORT_KEYS.length) % CONTAINER_SORT_KEYS.length];
}

interface SortableRow {
	sample: ContainerSample;
	/** Listed, no stats sample yet: its figures are placeholders (state/containers.ts). */
	pending?: boolean;
}

/**
 * null: not known yet (a container's CPU before its second sample; every figure of a row listed but not
 * sampled yet, `pending`), or not current (a container that is not running: its figures are `--`).
 */
function value(row: SortableRow, key: Exclude<ContainerSortKey, 'name'>): number | null {
	if (row.pending || row.sample.state !== 'running') return null;
	const s = row.sample;
	switch (key) {
		case 'cpu':
			return s.cpuPercent;
		case 'mem':
			return s.memUsedBytes;
		case 'net':
			return s.netRxBytes + s.netTxBytes;
		case 'block':
			return s.blockReadBytes + s.blockWriteBytes;
		case 'pids':
			return s.pids;
	}
}

/**
 * Two containers by one figure, ties by name so rows hold still between refreshes. A figure not known yet
 * (null) sorts after every known one in either direction. Also the order of exported containers.
 */
export function compareByFigure(va: number | null, vb: number | null, descending: boolean, nameA: string, nameB: string): number {
	if (va === null || vb === null) return va === vb ? compareNames(nameA, nameB) : va === null ? 1 : -1;
	const d = va - vb;
	return d !== 0 ? (descending ? -d : d) : compareNames(nameA, nameB);
}

/** Whether two figures read the same or one step apart as the table prints them (docker stats' units). */
function closeOnScreen(key: Exclude<ContainerSortKey, 'name'>, a: number | null, b: number | null): boolean {
	if (a === null || b === null) return a === b;
	switch (key) {
		case 'cpu':
			// Two decimals of a percent.
			return withinStep(a, b, 0.01);
		case 'mem':
			// Four significant digits (in binary units: a step is at most 0.1 % of the value, taken as that).
			return withinStep(a, b, Math.max(a, b) * 0.001);
		case 'pids':
			return withinStep(a, b, 1);
		default:
			// I/O: three significant digits.
			return withinStep(a, b, significantStep(a, b, 3));
	}
}

/**
 * Filtered (by name) and sorted rows; ties by name, and figures within the display's precision keep the
 * order of `previous` (the last refresh's rows, when sorted the same way), so rows hold still between
 * refreshes. A value not known yet sorts after every known one in either direction: a container just
 * started is neither the busiest nor the idlest.
 */
export function selectContainers<R extends SortableRow>(
	rows: readonly R[],
	filter: Filter,
	sort: ContainerSort,
	previous?: {sort: ContainerSort; rows: readonly R[]},
): R[] {
	const test = filter.ok ? filter.test : () => true;
	const byName = (a: R, b: R) => compareNames(a.sample.name, b.sample.name);
	const sign = sort.descending ? -1 : 1;
	const key = sort.key;
	const picked = rows.filter((r) => test(r.sample.name));
	if (key === 'name') return picked.sort((a, b) => sign * byName(a, b));
	const sorted = picked.sort((a, b) => compareByFigure(value(a, key), value(b, key), sort.descending, a.sample.name, b.sample.name));
	const same = previous !== undefined && previous.sort.key === key && previous.sort.descending === sort.descending;
	return steadyOrder(
		sorted,
		(r) => r.sample.id,
		same ? previous.rows : undefined,
		(a, b) => closeOnScreen(key, value(a, key), value(b, key)),
	);
}
