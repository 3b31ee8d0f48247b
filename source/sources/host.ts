/**
 * Host CPU, memory and load for the host line. The refresh loop only does async reads: /proc/stat via
 * fs.promises, systeminformation's mem() (which reads /proc/meminfo on Linux) and os.loadavg(); no
 * process is spawned per tick and nothing blocks the event loop (REFERENCE §4: currentLoad() spawns).
 */
import {readFile} from 'node:fs/promises';
import os from 'node:os';
import {setTimeout as delay} from 'node:timers/promises';
import si from 'systeminformation';
import {cpuPercentBetween, cpuTimesFromCores, parseProcStat, type CpuTimes} from '../core/proc-stat.js';
import type {Clock, HostSample, Source} from './source.js';

export interface HostSourceOptions {
	clock: Clock;
	intervalMs?: number;
}

/** /proc/stat where it exists; os.cpus() elsewhere (macOS, Windows), also spawn-free. */
async function readCpuTimes(): Promise<CpuTimes> {
	try {
		const times = parseProcStat(await readFile('/proc/stat', 'utf8'));
		if (times) return times;
	} catch {
		// No /proc: fall through.
	}
	return cpuTimesFromCores(os.cpus());
}

async function readMemory(): Promise<{used: number; total: number}> {
	// `active` is what the operator thinks of as used; `used` includes reclaimable buffers on some OSes.
	const mem = await si.mem();
	return {used: mem.active, total: mem.total};
}

function hostSample(cpuPercent: number, mem: {used: number; total: number}, at: number): HostSample {
	const [load1, load5, load15] = os.loadavg();
	return {cpuPercent, memUsedBytes: mem.used, memTotalBytes: mem.total, load1, load5, load15, at};
}

export function createHostSource(options: HostSourceOptions): Source {
	const intervalMs = options.intervalMs ?? 1000;
	let timer: NodeJS.Timeout | undefined;
	let inFlight: Promise<void> | undefined;
	let stopped = false;
	let previous: CpuTimes | undefined;

	return {
		start(emit) {
			stopped = false;
			const tick = (): void => {
				// A slow read must not pile up ticks behind it.
				if (inFlight) return;
				inFlight = (async () => {
					const [times, mem] = await Promise.all([readCpuTimes(), readMemory()]);
					const cpu = previous ? cpuPercentBetween(previous, times) : 0;
					const first = previous === undefined;
					previous = times;
					// The first tick has no delta yet: wait for the second rather than show a fake 0 %.
					if (!stopped && !first) emit({type: 'host-sample', sample: hostSample(cpu, mem, options.clock())});
				})()
					.catch(() => {
						// A failed read skips one tick; the next one retries.
					})
					.finally(() => {
						inFlight = undefined;
					});
			};
			tick();
			timer = setInterval(tick, intervalMs);
		},
		async stop() {
			stopped = true;
			if (timer) clearInterval(timer);
			timer = undefined;
			await inFlight;
		},
	};
}

/** For --once: two CPU readings ~250 ms apart, so the CPU % is a real measurement. */
export async function readHostOnce(clock: Clock = Date.now, gapMs = 250): Promise<HostSample> {
	const before = await readCpuTimes();
	await delay(gapMs);
	const [after, mem] = await Promise.all([readCpuTimes(), readMemory()]);
	return hostSample(cpuPercentBetween(before, after), mem, clock());
}
