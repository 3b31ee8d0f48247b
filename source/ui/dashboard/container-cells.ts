/**
 * What each container column shows, as plain strings, so the table component only lays out. Values
 * follow `docker stats`: 2-decimal percents, binary memory units, decimal I/O units, and `--` for a
 * container whose last sample is no longer current (the source's `sampleCurrentMs`: 2 s as docker stats,
 * longer when the view refreshes more slowly), for every figure of a container listed but not sampled yet,
 * and for a CPU not known yet (before a container's second sample).
 */
import {formatCpuPercent} from '../../core/docker-math.js';
import {formatIoBytes, formatMemBytes} from '../../core/format-bytes.js';
import {sanitize} from '../../core/sanitize.js';
import {sparkline} from '../../core/sparkline.js';
import type {ContainerRow} from '../../state/containers.js';
import type {Color} from '../../terminal-output/paint.js';

export type ContainerColumnKey = 'name' | 'cpu' | 'cpuSpark' | 'mem' | 'memSpark' | 'net' | 'block' | 'pids';

export function containerCell(row: ContainerRow, key: ContainerColumnKey, width: number): string {
	const s = row.sample;
	switch (key) {
		case 'name':
			return sanitize(s.name) + marker(row);
		case 'cpuSpark':
			// 100 % (one core) is the floor of the scale so an idle container does not look busy.
			return sparkline(row.cpuSeries, width, {max: Math.max(100, ...row.cpuSeries)});
		case 'memSpark':
			// Relative to its own range: a leak shows as a rising line whatever the limit is.
			return sparkline(row.memSeries, width, {relative: true});
		default:
			break;
	}
	if (row.stale || row.pending) return '--';
	switch (key) {
		case 'cpu':
			return formatCpuPercent(s.cpuPercent);
		case 'mem':
			return `${formatMemBytes(s.memUsedBytes)} / ${formatMemBytes(s.memLimitBytes)}`;
		case 'net':
			return `${formatIoBytes(s.netRxBytes)} / ${formatIoBytes(s.netTxBytes)}`;
		case 'block':
			return `${formatIoBytes(s.blockReadBytes)} / ${formatIoBytes(s.blockWriteBytes)}`;
		default:
			return String(s.pids);
	}
}

/** Paused and unhealthy containers are what an operator must not miss: said in words, not just color. */
function marker(row: ContainerRow): string {
	const {state, health} = row.sample;
	if (state !== 'running') return ` (${sanitize(state)})`;
	if (health === 'unhealthy' || health === 'starting') return ` (${health})`;
	return '';
}

export function containerColor(row: ContainerRow, key: ContainerColumnKey): Color | undefined {
	if (row.stale) return undefined;
	if (key === 'name') {
		if (row.sample.health === 'unhealthy') return 'red';
		if (row.sample.state !== 'running' || row.sample.health === 'starting') return 'yellow';
	}
	if (key === 'mem' && !row.pending && row.sample.memPercent >= 90) return 'red';
	return undefined;
}
