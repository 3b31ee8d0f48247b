import {formatCpuPercent} from '../core/docker-math.js';
import {fit, formatCount, formatDuration, formatPercent, formatRate} from '../core/format.js';
import {formatIoBytes, formatMemBytes} from '../core/format-bytes.js';
import type {OperationSummary} from '../core/latency-windows.js';
import type {ContainerSample, HostSample} from '../core/samples.js';
import {sanitize} from '../core/sanitize.js';

type OpColumn = readonly [title: string, width: number, cell: (s: OperationSummary) => string];

const OP_COLUMNS: readonly OpColumn[] = [
	['CALLS', 7, (s) => formatCount(s.calls)],
	['OK%', 6, (s) => (s.calls ? formatPercent((s.ok / s.calls) * 100) : '-')],
	['FAIL', 6, (s) => formatCount(s.failed)],
	['P50', 8, (s) => formatDuration(s.p50)],
	['P95', 8, (s) => formatDuration(s.p95)],
	['P99', 8, (s) => formatDuration(s.p99)],
	['P99.9', 8, (s) => formatDuration(s.p999)],
	['MAX', 8, (s) => formatDuration(s.max)],
	['RATE/m', 8, (s) => formatRate(s.ratePerMinute)],
];

/** The window's average per minute: shown when the line still fits `width`. */
const AVG_COLUMN: OpColumn = ['AVG/m', 8, (s) => formatRate(s.avgPerMinute)];

/**
 * `--once` without `--json`: the operations as plain text, for a terminal, a pipe or a chat. Lines stay within
 * `width` where the optional AVG/m column allows it (names are cut at 40 characters either way).
 */
export function renderOperationsText(rows: readonly OperationSummary[], title: string, width = 120): string {
	const nameWidth = Math.max(9, ...rows.map((r) => Math.min(40, Array.from(sanitize(r.operation)).length)));
	const lineWidth = (columns: readonly OpColumn[]) => columns.reduce((sum, [, w]) => sum + 1 + w, nameWidth);
	const columns = lineWidth([...OP_COLUMNS, AVG_COLUMN]) <= width ? [...OP_COLUMNS, AVG_COLUMN] : OP_COLUMNS;
	const header = [fit('OPERATION', nameWidth), ...columns.map(([t, w]) => fit(t, w, 'right'))].join(' ');
	const lines = rows.map((r) => [fit(sanitize(r.operation), nameWidth), ...columns.map(([, w, f]) => fit(f(r), w, 'right'))].join(' '));
	return `${[title, header, ...(lines.length ? lines : ['(no operations in this window)'])].join('\n')}\n`;
}

/** The containers, as `docker stats --no-stream` lays them out (binary memory, decimal I/O). */
export function renderContainersText(containers: readonly ContainerSample[], unavailable?: string): string {
	if (unavailable) return `Containers: ${sanitize(unavailable)}\n`;
	if (containers.length === 0) return 'Containers: no running containers\n';
	const nameWidth = Math.max(4, ...containers.map((c) => Math.min(30, Array.from(sanitize(c.name)).length)));
	const head =
		`${fit('NAME', nameWidth)} ${fit('CPU %', 7, 'right')} ${fit('MEM USAGE / LIMIT', 21, 'right')} ${fit('MEM %', 7, 'right')}` +
		` ${fit('NET I/O', 19, 'right')} ${fit('BLOCK I/O', 19, 'right')} ${fit('PIDS', 5, 'right')}`;
	const lines = containers.map(
		(c) =>
			`${fit(sanitize(c.name), nameWidth)} ${fit(formatCpuPercent(c.cpuPercent), 7, 'right')}` +
			` ${fit(`${formatMemBytes(c.memUsedBytes)} / ${formatMemBytes(c.memLimitBytes)}`, 21, 'right')}` +
			` ${fit(`${c.memPercent.toFixed(2)}%`, 7, 'right')}` +
			` ${fit(`${formatIoBytes(c.netRxBytes)} / ${formatIoBytes(c.netTxBytes)}`, 19, 'right')}` +
			` ${fit(`${formatIoBytes(c.blockReadBytes)} / ${formatIoBytes(c.blockWriteBytes)}`, 19, 'right')}` +
			` ${fit(String(c.pids), 5, 'right')}`,
	);
	return `${['Containers', head, ...lines].join('\n')}\n`;
}

export function renderHostText(h: HostSample): string {
	return (
		`Host: CPU ${h.cpuPercent.toFixed(1)}% · memory ${formatMemBytes(h.memUsedBytes)} / ${formatMemBytes(h.memTotalBytes)}` +
		` · load ${h.load1.toFixed(2)} ${h.load5.toFixed(2)} ${h.load15.toFixed(2)}\n`
	);
}
