import {MB} from '../core/judge/memory-growth.js';
import type {HostSample} from '../core/samples.js';
import type {ContainerRow} from '../state/containers.js';
import type {ReadFigures} from './metrics.js';
import {ReadMetric, type Sample} from './read-metric.js';

/** The rows one scrape reads: its metrics are collected within a few ms, so the table is copied once for all. */
const SCRAPE_MS = 100;

/** Containers with a current sample: a stale row (no sample for a while) or one not sampled yet is left out. */
function currentRows(read: ReadFigures): () => ContainerRow[] {
	let kept: {at: number; rows: ContainerRow[]} | undefined;
	return () => {
		const now = Date.now();
		if (kept && now - kept.at >= 0 && now - kept.at < SCRAPE_MS) return kept.rows;
		const figures = read();
		const rows = figures === undefined ? [] : figures.containers(now).rows.filter((r) => !r.pending && !r.stale);
		kept = {at: now, rows};
		return rows;
	};
}

/** Container series: docker stats' figures (the live view's formulas), labelled by container name. */
export function containerMetrics(read: ReadFigures): ReadMetric[] {
	const rows = currentRows(read);
	const each = (pick: (row: ContainerRow) => number | null) => (): Sample[] => {
		const out: Sample[] = [];
		for (const row of rows()) {
			const value = pick(row);
			if (value !== null) out.push({labels: {name: row.sample.name}, value});
		}
		return out;
	};
	return [
		new ReadMetric('ddc_docker_up', 'Whether the Docker endpoint answers (1) or not (0); absent with --no-docker', 'gauge', () => {
			const status = read()?.containers(Date.now()).status;
			return status === undefined || status.kind === 'disabled' ? [] : [{value: status.kind === 'live' ? 1 : 0}];
		}),
		new ReadMetric(
			'ddc_container_cpu_usage_ratio',
			"CPU in use, in cores (docker stats' CPU % / 100: 1 is one full core)",
			'gauge',
			each((r) => (r.sample.cpuPercent === null ? null : r.sample.cpuPercent / 100)),
		),
		new ReadMetric(
			'ddc_container_memory_used_bytes',
			'Memory in use without the inactive page cache, as docker stats shows it',
			'gauge',
			each((r) => r.sample.memUsedBytes),
		),
		new ReadMetric(
			'ddc_container_memory_limit_bytes',
			"The container's memory limit (the host's memory when it has none)",
			'gauge',
			each((r) => r.sample.memLimitBytes),
		),
		new ReadMetric(
			'ddc_container_network_receive_bytes_total',
			'Bytes received over all its interfaces since the container started',
			'counter',
			each((r) => r.sample.netRxBytes),
		),
		new ReadMetric(
			'ddc_container_network_transmit_bytes_total',
			'Bytes sent over all its interfaces since the container started',
			'counter',
			each((r) => r.sample.netTxBytes),
		),
		new ReadMetric(
			'ddc_container_block_read_bytes_total',
			'Bytes read from block devices since the container started',
			'counter',
			each((r) => r.sample.blockReadBytes),
		),
		new ReadMetric(
			'ddc_container_block_write_bytes_total',
			'Bytes written to block devices since the container started',
			'counter',
			each((r) => r.sample.blockWriteBytes),
		),
		new ReadMetric(
			'ddc_container_memory_growth_bytes_per_second',
			"Memory growth over the last 10 minutes, the live view's and ddc-top check's robust trend; absent until known",
			'gauge',
			each((r) => {
				const perMin = r.growth?.recent.mbPerMin;
				return perMin === undefined ? null : (perMin * MB) / 60;
			}),
		),
		new ReadMetric(
			'ddc_container_pids',
			'Processes and threads in the container',
			'gauge',
			each((r) => r.sample.pids),
		),
	];
}

/** The host line's figures; absent until the first sample. */
export function hostMetrics(read: ReadFigures): ReadMetric[] {
	const host = (name: string, help: string, pick: (h: HostSample) => number) =>
		new ReadMetric(name, help, 'gauge', () => {
			const h = read()?.host;
			return h ? [{value: pick(h)}] : [];
		});
	return [
		host('ddc_host_cpu_usage_ratio', "The host's CPU in use over its last sample, 0..1 of all its cores", (h) => h.cpuPercent / 100),
		host('ddc_host_memory_used_bytes', "The host's memory in use (without caches)", (h) => h.memUsedBytes),
		host('ddc_host_memory_total_bytes', "The host's memory", (h) => h.memTotalBytes),
		host('ddc_host_load1', 'Load average over 1 minute', (h) => h.load1),
		host('ddc_host_load5', 'Load average over 5 minutes', (h) => h.load5),
		host('ddc_host_load15', 'Load average over 15 minutes', (h) => h.load15),
	];
}
