/**
 * What each container column shows, as plain strings, so the table component only lays out. Values
 * follow `docker stats`: 2-decimal percents, binary memory units, decimal I/O units, and `--` for a
 * container whose last sample is no longer current (the source's `sampleCurrentMs`: 2 s as docker stats,
 * longer when the view refreshes more slowly), for every figure of a container listed but not sampled yet,
 * for a CPU not known yet (before a container's second sample) and for a container that is not running
 * (its state stands in the CPU column, as its figures are not current).
 */
import {formatCpuPercent} from '../../core/docker-math.js';
import {formatIoBytes, formatMemBytes} from '../../core/format-bytes.js';
import {sanitize} from '../../core/sanitize.js';
import {cpuScale, formatScale, hasMemoryLimit, memoryScaleFor} from '../../core/spark-scales.js';
import {sparkline} from '../../core/sparkline.js';
import type {ContainerRow} from '../../state/containers.js';
import type {Color} from '../../terminal-output/paint.js';

export type ContainerColumnKey = 'name' | 'cpu' | 'cpuSpark' | 'mem' | 'memPct' | 'memSpark' | 'net' | 'block' | 'pids';

/** The scales the sparklines of one table share (spark-scales.ts): computed once per frame from its rows. */
export interface SparkScales {
	/** The host's memory: a limit this large is Docker's way of saying "no limit". */
	hostMemBytes?: number;
	/** The scale of the rows without a memory limit; undefined when every row has one. */
	sharedMemBytes?: number;
	/** Some row has a memory limit / a CPU limit, some has none: what the headers say. */
	anyMemLimit: boolean;
	anyCpuLimit: boolean;
	anyNoCpuLimit: boolean;
}

/** A row whose figures are not current: Docker streams no stats for a stopped container. */
export function isRunning(row: ContainerRow): boolean {
	return row.sample.state === 'running';
}

/** The CPU limit from inspect, in cores, when the container has one (its details may not have come yet). */
function cpuLimitCores(row: ContainerRow): number | undefined {
	return row.details?.cpuLimitCores;
}

/** No host reading, no shared scale: each row against its own limit, or its own samples' power of two. */
const NO_SCALES: SparkScales = {anyMemLimit: false, anyCpuLimit: false, anyNoCpuLimit: true};

export function sparkScales(rows: readonly ContainerRow[], hostMemBytes: number | undefined): SparkScales {
	let unlimitedTop = -1;
	let anyMemLimit = false;
	let anyCpuLimit = false;
	let anyNoCpuLimit = false;
	for (const row of rows) {
		if (!isRunning(row)) continue;
		if (cpuLimitCores(row) === undefined) anyNoCpuLimit = true;
		else anyCpuLimit = true;
		if (row.pending) continue;
		if (hasMemoryLimit(row.sample.memLimitBytes, hostMemBytes)) {
			anyMemLimit = true;
			continue;
		}
		for (const v of row.memSeries) if (v > unlimitedTop) unlimitedTop = v;
	}
	const sharedMemBytes = unlimitedTop < 0 ? undefined : memoryScaleFor(unlimitedTop);
	return {hostMemBytes, sharedMemBytes, anyMemLimit, anyCpuLimit, anyNoCpuLimit};
}

/**
 * Header titles for the sparkline columns, longest first: the table shows the first that fits (and says
 * the last in its title line when none does). "0-100%": one core is a full block; "0-limit": the
 * container's limit is; "0-256M": the scale shared by the rows without a memory limit.
 */
export function sparkTitles(key: 'cpuSpark' | 'memSpark', scales: SparkScales): string[] {
	if (key === 'cpuSpark') {
		if (!scales.anyCpuLimit) return ['0-100%'];
		// Some rows against their CPU limit, the others against one core.
		return scales.anyNoCpuLimit ? ['0-limit/100%', 'lim/100%'] : ['0-limit', '0-lim'];
	}
	if (scales.sharedMemBytes === undefined) return ['0-limit', '0-lim'];
	const shared = formatScale(scales.sharedMemBytes);
	// Rows with a limit against it, the others against the shared scale.
	return scales.anyMemLimit ? [`0-limit/${shared}`, `lim/${shared}`] : [`0-${shared}`];
}

export function containerCell(row: ContainerRow, key: ContainerColumnKey, width: number, scales: SparkScales = NO_SCALES): string {
	const s = row.sample;
	if (key === 'name') return sanitize(s.name) + marker(row);
	if (!isRunning(row)) return key === 'cpu' ? sanitize(s.state) : key === 'cpuSpark' || key === 'memSpark' ? '' : '--';
	switch (key) {
		case 'cpuSpark':
			return sparkline(row.cpuSeries, width, {max: cpuScale(cpuLimitCores(row))});
		case 'memSpark':
			return sparkline(row.memSeries, width, {max: memoryScale(row, scales)});
		default:
			break;
	}
	if (row.stale || row.pending) return '--';
	switch (key) {
		case 'cpu':
			return formatCpuPercent(s.cpuPercent);
		case 'mem':
			return `${formatMemBytes(s.memUsedBytes)} / ${formatMemBytes(s.memLimitBytes)}`;
		case 'memPct':
			return `${s.memPercent.toFixed(2)}%`;
		case 'net':
			return `${formatIoBytes(s.netRxBytes)} / ${formatIoBytes(s.netTxBytes)}`;
		case 'block':
			return `${formatIoBytes(s.blockReadBytes)} / ${formatIoBytes(s.blockWriteBytes)}`;
		default:
			return String(s.pids);
	}
}

/** The memory drawn as a full block: the container's limit, or the scale shared by the rows without one. */
export function memoryScale(row: ContainerRow, scales: SparkScales): number {
	const limit = row.sample.memLimitBytes;
	if (hasMemoryLimit(limit, scales.hostMemBytes)) return limit;
	return scales.sharedMemBytes ?? memoryScaleFor(Math.max(0, ...row.memSeries));
}

/** Unhealthy and starting containers are what an operator must not miss: said in words, not just color. */
function marker(row: ContainerRow): string {
	const {health} = row.sample;
	if (isRunning(row) && (health === 'unhealthy' || health === 'starting')) return ` (${health})`;
	return '';
}

export function containerColor(row: ContainerRow, key: ContainerColumnKey): Color | undefined {
	if (row.stale || !isRunning(row)) return undefined;
	if (key === 'name') {
		if (row.sample.health === 'unhealthy') return 'red';
		if (row.sample.health === 'starting') return 'yellow';
	}
	if (key === 'mem' && !row.pending && row.sample.memPercent >= 90) return 'red';
	return undefined;
}

/** The title from `titles` that fits `width`, or none. */
export function fittingTitle(titles: readonly string[], width: number): string {
	return titles.find((t) => Array.from(t).length <= width) ?? '';
}
