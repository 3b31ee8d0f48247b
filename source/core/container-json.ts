/**
 * What `--json` / `--once` print for containers and the host: snake_case keys with explicit units, a
 * stable shape for scripts. Names stay raw here (JSON escapes control characters itself).
 */
import type {MemoryState} from './judge/memory-growth.js';
import type {ContainerSample, HostSample} from './samples.js';

export interface ContainerJson {
	id: string;
	name: string;
	state: string;
	/** null until known: a first sample has no previous CPU reading. */
	cpu_percent: number | null;
	mem_used_bytes: number;
	mem_limit_bytes: number;
	mem_percent: number;
	net_rx_bytes: number;
	net_tx_bytes: number;
	block_read_bytes: number;
	block_write_bytes: number;
	pids: number;
	/**
	 * Memory growth, MB/min, over the last 10 minutes (issue #16 §3), and its band; null when not judged:
	 * fewer than 10 samples over a minute (`--once` samples a container twice, a second apart).
	 */
	mem_growth_mb_per_min: number | null;
	mem_growth_state: MemoryState | null;
}

/** A container's memory growth as the live view judged it (memory-trend.ts ContainerGrowth fits). */
export interface GrowthJson {
	mbPerMin?: number;
	state: MemoryState;
}

export interface HostJson {
	cpu_percent: number;
	mem_used_bytes: number;
	mem_total_bytes: number;
	load1: number;
	load5: number;
	load15: number;
}

/** Percentages rounded to 2 decimals as docker stats prints them; byte counts stay exact. */
function pct(value: number): number {
	return Math.round(value * 100) / 100;
}

export function containerToJson(s: ContainerSample, growth?: GrowthJson): ContainerJson {
	const judged = growth?.mbPerMin !== undefined;
	return {
		id: s.id,
		name: s.name,
		state: s.state,
		cpu_percent: s.cpuPercent === null ? null : pct(s.cpuPercent),
		mem_used_bytes: s.memUsedBytes,
		mem_limit_bytes: s.memLimitBytes,
		mem_percent: pct(s.memPercent),
		net_rx_bytes: s.netRxBytes,
		net_tx_bytes: s.netTxBytes,
		block_read_bytes: s.blockReadBytes,
		block_write_bytes: s.blockWriteBytes,
		pids: s.pids,
		mem_growth_mb_per_min: judged ? Math.round((growth.mbPerMin as number) * 1000) / 1000 : null,
		mem_growth_state: judged ? growth.state : null,
	};
}

export function hostToJson(s: HostSample): HostJson {
	return {
		cpu_percent: pct(s.cpuPercent),
		mem_used_bytes: s.memUsedBytes,
		mem_total_bytes: s.memTotalBytes,
		load1: s.load1,
		load5: s.load5,
		load15: s.load15,
	};
}
