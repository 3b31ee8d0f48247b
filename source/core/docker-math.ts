/**
 * The numbers `docker stats` shows, computed from one stats JSON object exactly as docker/cli does
 * (cli/command/container/stats_helpers.go). ctop and lazydocker drift from these formulas; we do not.
 */
import type {ContainerSample} from './samples.js';

/** The part of the Engine API's stats object we read; every field may be absent (cgroup v1 vs v2). */
export interface StatsJson {
	name?: string;
	id?: string;
	cpu_stats?: CpuStats;
	precpu_stats?: CpuStats;
	memory_stats?: {usage?: number; limit?: number; stats?: Record<string, number>};
	networks?: Record<string, {rx_bytes?: number; tx_bytes?: number}>;
	blkio_stats?: {io_service_bytes_recursive?: Array<{op?: string; value?: number}> | null};
	pids_stats?: {current?: number};
}

interface CpuStats {
	cpu_usage?: {total_usage?: number; percpu_usage?: number[] | null};
	system_cpu_usage?: number;
	online_cpus?: number;
}

export interface ContainerMeta {
	id: string;
	name: string;
	state: string;
	health?: string;
}

/**
 * CPU % where 100 is one full core, or null when it is not known yet. In a stream the first object's
 * precpu_stats is empty; docker/cli then divides the container's lifetime CPU by the host's whole system
 * time and shows that meaningless ratio for one frame. Without a previous system reading there is no
 * measurement at all, so we say so (null) rather than 0, which would read as idle and sort a busy
 * container below idle ones until its second sample. With both readings we keep the CLI's guard: both
 * deltas > 0, else 0.
 */
export function cpuPercent(stats: StatsJson): number | null {
	const cpu = stats.cpu_stats;
	const pre = stats.precpu_stats;
	if (!cpu?.system_cpu_usage || !pre?.system_cpu_usage) return null;
	const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
	const systemDelta = (cpu.system_cpu_usage ?? 0) - pre.system_cpu_usage;
	let online = cpu.online_cpus ?? 0;
	if (online === 0) online = cpu.cpu_usage?.percpu_usage?.length ?? 0;
	if (systemDelta > 0 && cpuDelta > 0) return (cpuDelta / systemDelta) * online * 100;
	return 0;
}

/** Usage without the reclaimable page cache, as docker/cli: v1 total_inactive_file, v2 inactive_file. */
export function memUsedBytes(stats: StatsJson): number {
	const usage = stats.memory_stats?.usage ?? 0;
	const inner = stats.memory_stats?.stats ?? {};
	const v1 = inner.total_inactive_file;
	if (v1 !== undefined && v1 < usage) return usage - v1;
	const v2 = inner.inactive_file;
	if (v2 !== undefined && v2 < usage) return usage - v2;
	return usage;
}

/** The CPU column as docker stats prints it (2 decimals), `--` while not known yet. */
export function formatCpuPercent(value: number | null): string {
	return value === null ? '--' : `${value.toFixed(2)}%`;
}

export function memPercent(used: number, limit: number): number {
	return limit > 0 ? (used / limit) * 100 : 0;
}

/** Cumulative bytes over every interface (a container on several networks has several). */
export function netBytes(stats: StatsJson): {rx: number; tx: number} {
	let rx = 0;
	let tx = 0;
	for (const net of Object.values(stats.networks ?? {})) {
		rx += net.rx_bytes ?? 0;
		tx += net.tx_bytes ?? 0;
	}
	return {rx, tx};
}

/**
 * v1 reports ops "Read", "Write", "Sync", "Async", "Total"; v2 only "read" and "write". Only the first
 * letter decides, so "Total" (which would double count) is ignored.
 */
export function blockBytes(stats: StatsJson): {read: number; write: number} {
	let read = 0;
	let write = 0;
	for (const entry of stats.blkio_stats?.io_service_bytes_recursive ?? []) {
		const first = entry.op?.[0];
		if (first === 'r' || first === 'R') read += entry.value ?? 0;
		else if (first === 'w' || first === 'W') write += entry.value ?? 0;
	}
	return {read, write};
}

export function sampleFromStats(stats: StatsJson, meta: ContainerMeta, at: number): ContainerSample {
	const memUsed = memUsedBytes(stats);
	const memLimit = stats.memory_stats?.limit ?? 0;
	const net = netBytes(stats);
	const block = blockBytes(stats);
	const sample: ContainerSample = {
		id: meta.id,
		name: meta.name,
		state: meta.state,
		cpuPercent: cpuPercent(stats),
		memUsedBytes: memUsed,
		memLimitBytes: memLimit,
		memPercent: memPercent(memUsed, memLimit),
		netRxBytes: net.rx,
		netTxBytes: net.tx,
		blockReadBytes: block.read,
		blockWriteBytes: block.write,
		pids: stats.pids_stats?.current ?? 0,
		at,
	};
	if (meta.health !== undefined) sample.health = meta.health;
	return sample;
}
