/**
 * Host CPU, memory and load for the host line. No process is spawned per tick (REFERENCE §4:
 * currentLoad() spawns) and nothing waits on a disk or the network: /proc/stat is read from a descriptor
 * kept open, systeminformation's mem() reads /proc/meminfo, os.loadavg() reads /proc/loadavg.
 */
import {closeSync, openSync, readSync} from 'node:fs';
import os from 'node:os';
import {setTimeout as delay} from 'node:timers/promises';
import si from 'systeminformation';
import {cpuPercentBetween, cpuTimesFromCores, parseProcStat, type CpuTimes} from '../core/proc-stat.js';
import type {Clock, HostSample, Source} from './source.js';

export interface HostSourceOptions {
	clock: Clock;
	/** Least time between two samples. */
	intervalMs?: number;
	/** No timer of its own: the app calls tick() every refresh and a sample is taken when one is due. */
	ticked?: boolean;
	/**
	 * Least time between two memory readings (default 3000 ms, top's refresh). CPU and load are read every
	 * sample; si.mem() reads /proc/meminfo through fs.readFile, five thread-pool round trips that each wake
	 * the process, and host memory moves slowly.
	 */
	memoryEveryMs?: number;
	/** For tests: where memory figures come from (default systeminformation's mem()). */
	readMemory?: () => Promise<Memory>;
}

interface Memory {
	used: number;
	total: number;
}

/** The aggregate "cpu" line is the first one and about 100 bytes long; the kernel renders the rest anyway. */
const PROC_STAT_BYTES = 1024;

interface CpuReader {
	read(): CpuTimes;
	close(): void;
}

/**
 * /proc/stat through one descriptor, re-read from offset 0 each time, as top does. Synchronous on purpose
 * (issue #3): fs.promises.readFile is four or five thread-pool round trips (open, fstat, read, read, close),
 * and on a VM every wakeup of the event loop costs more CPU than the read itself (measured: about 235 us
 * of CPU per readFile against 9 us for this read). procfs renders the text from in-kernel counters, so the
 * read never waits for a disk or the network. Where there is no /proc (macOS, Windows), os.cpus(), also
 * spawn-free.
 */
function openCpuReader(): CpuReader {
	let fd: number | undefined;
	try {
		fd = openSync('/proc/stat', 'r');
	} catch {
		// No /proc: os.cpus() below.
	}
	const buffer = Buffer.allocUnsafe(PROC_STAT_BYTES);
	return {
		read() {
			if (fd !== undefined) {
				try {
					const times = parseProcStat(buffer.toString('latin1', 0, readSync(fd, buffer, 0, PROC_STAT_BYTES, 0)));
					if (times) return times;
				} catch {
					// Unreadable after all: fall through.
				}
			}
			return cpuTimesFromCores(os.cpus());
		},
		close() {
			if (fd !== undefined) closeSync(fd);
			fd = undefined;
		},
	};
}

async function readMemory(): Promise<Memory> {
	// `active` is what the operator thinks of as used; `used` includes reclaimable buffers on some OSes.
	const mem = await si.mem();
	return {used: mem.active, total: mem.total};
}

function hostSample(cpuPercent: number, mem: Memory, at: number): HostSample {
	const [load1, load5, load15] = os.loadavg();
	return {cpuPercent, memUsedBytes: mem.used, memTotalBytes: mem.total, load1, load5, load15, at};
}

export function createHostSource(options: HostSourceOptions): Source {
	const intervalMs = options.intervalMs ?? 1000;
	let timer: NodeJS.Timeout | undefined;
	let inFlight: Promise<void> | undefined;
	let again = false;
	let stopped = false;
	let previous: CpuTimes | undefined;
	let cpu: CpuReader | undefined;
	let sample: (() => void) | undefined;
	let lastAt = Number.NEGATIVE_INFINITY;
	const memoryEveryMs = options.memoryEveryMs ?? 3000;
	const memoryReader = options.readMemory ?? readMemory;
	let memory: Memory | undefined;
	let memoryAt = Number.NEGATIVE_INFINITY;
	// 10 % slack: refresh ticks jitter, and a reading skipped for a millisecond would wait a whole tick.
	const due = (now: number, last: number, every: number) => now - last >= every * 0.9;

	return {
		start(emit) {
			stopped = false;
			cpu = openCpuReader();
			sample = (): void => {
				// A slow read must not pile up ticks behind it: one that comes meanwhile runs once it is done.
				if (inFlight) {
					again = true;
					return;
				}
				lastAt = options.clock();
				inFlight = (async () => {
					if (!cpu) return;
					const times = cpu.read();
					if (!memory || due(lastAt, memoryAt, memoryEveryMs)) {
						memory = await memoryReader();
						memoryAt = lastAt; // unchanged meanwhile: no sample starts while this one is in flight
					}
					const mem = memory;
					if (stopped) return;
					const percent = previous ? cpuPercentBetween(previous, times) : 0;
					const first = previous === undefined;
					previous = times;
					// The first tick has no delta yet: wait for the second rather than show a fake 0 %.
					if (!first) emit({type: 'host-sample', sample: hostSample(percent, mem, options.clock())});
				})()
					.catch(() => {
						// A failed read skips one tick; the next one retries.
					})
					.finally(() => {
						inFlight = undefined;
						if (again) {
							again = false;
							sample?.();
						}
					});
			};
			sample();
			if (!options.ticked) timer = setInterval(sample, intervalMs);
		},
		tick() {
			if (due(options.clock(), lastAt, intervalMs)) sample?.();
		},
		async stop() {
			stopped = true;
			sample = undefined;
			if (timer) clearInterval(timer);
			timer = undefined;
			await inFlight;
			cpu?.close();
			cpu = undefined;
		},
	};
}

/** For --once: two CPU readings ~250 ms apart, so the CPU % is a real measurement. */
export async function readHostOnce(clock: Clock = Date.now, gapMs = 250): Promise<HostSample> {
	const cpu = openCpuReader();
	try {
		const before = cpu.read();
		await delay(gapMs);
		const mem = await readMemory();
		return hostSample(cpuPercentBetween(before, cpu.read()), mem, clock());
	} finally {
		cpu.close();
	}
}
