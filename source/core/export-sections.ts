import type {DetailDocument} from './detail/detail-json.js';
import {detailSections} from './export-detail-sections.js';
import type {DdcExportDocument} from './export-document.js';
import {formatDuration, formatRate} from './format.js';
import {formatIoBytes, formatMemBytes} from './format-bytes.js';
import {localTime} from './local-time.js';

/**
 * The containers and host of an export document as tables, for the CSV and Markdown exports (JSON holds
 * them as they are, under `ddc_top`). Data only: each format escapes and lays out the cells itself.
 * Containers stay in the order the document holds them (the order the view shows).
 */

/**
 * How a column's numbers read in Markdown; CSV always writes the raw number. `printable` is text already
 * sanitized (the operation detail's error texts and container names), escaped for the format only.
 */
export type CellKind = 'text' | 'printable' | 'percent' | 'mem' | 'io' | 'count' | 'load' | 'seconds' | 'time' | 'rate';

export interface ExportColumn {
	/** CSV header (machine-friendly, units in the name). */
	key: string;
	/** Markdown header. */
	label: string;
	kind: CellKind;
	/** The field in the document's container or host object. */
	field: string;
}

export interface ExportSection {
	title: string;
	columns: readonly ExportColumn[];
	rows: ReadonlyArray<Record<string, unknown>>;
}

const CONTAINER_COLUMNS: readonly ExportColumn[] = [
	{key: 'container', label: 'container', kind: 'text', field: 'name'},
	{key: 'state', label: 'state', kind: 'text', field: 'state'},
	{key: 'cpu_percent', label: 'CPU %', kind: 'percent', field: 'cpu_percent'},
	{key: 'mem_used_bytes', label: 'mem used', kind: 'mem', field: 'mem_used_bytes'},
	{key: 'mem_limit_bytes', label: 'mem limit', kind: 'mem', field: 'mem_limit_bytes'},
	{key: 'mem_percent', label: 'mem %', kind: 'percent', field: 'mem_percent'},
	{key: 'net_rx_bytes', label: 'net rx', kind: 'io', field: 'net_rx_bytes'},
	{key: 'net_tx_bytes', label: 'net tx', kind: 'io', field: 'net_tx_bytes'},
	{key: 'block_read_bytes', label: 'block read', kind: 'io', field: 'block_read_bytes'},
	{key: 'block_write_bytes', label: 'block write', kind: 'io', field: 'block_write_bytes'},
	{key: 'pids', label: 'pids', kind: 'count', field: 'pids'},
	{key: 'id', label: 'id', kind: 'text', field: 'id'},
];

const HOST_COLUMNS: readonly ExportColumn[] = [
	{key: 'host_cpu_percent', label: 'CPU %', kind: 'percent', field: 'cpu_percent'},
	{key: 'host_mem_used_bytes', label: 'mem used', kind: 'mem', field: 'mem_used_bytes'},
	{key: 'host_mem_total_bytes', label: 'mem total', kind: 'mem', field: 'mem_total_bytes'},
	{key: 'load1', label: 'load 1m', kind: 'load', field: 'load1'},
	{key: 'load5', label: 'load 5m', kind: 'load', field: 'load5'},
	{key: 'load15', label: 'load 15m', kind: 'load', field: 'load15'},
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The document's containers and host sections, then the operation detail's (export --op); a section is
 * left out when the document has none.
 */
export function exportSections(doc: DdcExportDocument): ExportSection[] {
	const sections: ExportSection[] = [];
	const containers = doc.ddc_top.containers;
	if (Array.isArray(containers)) sections.push({title: 'Containers', columns: CONTAINER_COLUMNS, rows: containers.filter(isRecord)});
	const host = doc.ddc_top.host;
	if (isRecord(host)) sections.push({title: 'Host', columns: HOST_COLUMNS, rows: [host]});
	const detail = doc.ddc_top.detail;
	if (isRecord(detail)) sections.push(...detailSections(detail as unknown as DetailDocument));
	return sections;
}

/** A cell's number, or undefined when it has none (a first sample with no CPU reading yet, say). */
export function cellNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A cell as Markdown shows it (before escaping): readable units, '-' for no value. */
export function readableCell(value: unknown, kind: CellKind): string {
	if (kind === 'text' || kind === 'printable') return typeof value === 'string' ? value : '';
	const n = cellNumber(value);
	if (n === undefined) return '-';
	switch (kind) {
		case 'percent':
			return `${n.toFixed(2)} %`;
		case 'mem':
			return formatMemBytes(n);
		case 'io':
			return formatIoBytes(n);
		case 'load':
			return n.toFixed(2);
		case 'seconds':
			return formatDuration(n);
		case 'time':
			return localTime(n);
		case 'rate':
			return formatRate(n);
		default:
			return String(n);
	}
}
