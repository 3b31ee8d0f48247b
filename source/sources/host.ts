/**
 * Host CPU, memory and load for the host line. No process is spawned per tick (systeminformation's
 * currentLoad() spawns a shell per call) and nothing waits on a disk or the network: /proc/stat and
 * /proc/meminfo are read from descriptors kept open, os.loadavg() reads /proc/loadavg. systeminformation is
 * loaded only where there is no /proc (macOS), for memory: on Linux it would cost ~70 ms and ~10 MB for
 * one file's worth of parsing.
 */
import {closeSync, openSync, readSync} from 'node:fs';
import os from 'node:os';
import {setTimeout as delay} from 'node:timers/promises';
import type {Clock} from '../core/clock.js';
import {parseMemInfo} from '../core/proc-meminfo.js';
import {type CpuTimes, cpuPercentBetween, cpuTimesFromCores, parseProcStat} from '../core/proc-stat.js';
import type {HostSample} from '../core/samples.js';
import type {Source} from './source.js';

export interface HostSourceOptions {
	clock: Clock;
	/** Least time between two samples. */
	intervalMs?: number;
	/** No timer of its own: the app calls tick() every refresh and a sample is taken when one is due. */
	ticked?: boolean;
	/**
	 * Least time between two memory readings (default 3000 ms, top's refresh). CPU and load are read every
	 * sample; host memory moves slowly.
	 */
	memoryEveryMs?: number;
	/** For tests: where memory figures come from (default /proc/meminfo, else systeminformation's mem()). */
	readMemory?: () => Memory | Promise<Memory>;
	/**
	 * A CPU reading taken earlier (markCpu(), as the process starts): the first sample is then emitted at
	 * start() instead of one interval later, so the host line is in the first frame whatever the interval.
	 */
	since?: CpuMark;
}

interface Memory {
	used: number;
	total: number;
}

/** One reading of the host's CPU counters and of ddc-top's own CPU time, to measure the host in between. */
export interface CpuMark {
	times: CpuTimes;
	/** This process's user + system CPU time, in the same unit as `times`. */
	own: number;
	/** performance.now() of the reading. */
	atMs: number;
}

/** The aggregate "cpu" line is the first one and about 100 bytes long; the kernel renders the rest anyway. */
const PROC_STAT_BYTES = 1024;
/** /proc/meminfo is about 1.5 KB; the fields used are in its first lines. */
const PROC_MEMINFO_BYTES = 4096;
/** /proc/stat counts in USER_HZ (100 per second on every Linux architecture); os.cpus() in milliseconds. */
const PROC_TICKS_PER_SECOND = 100;

interface ProcFile {
	read(): string | undefined;
	close(): void;
}

/**
 * A /proc file through one descriptor, re-read from offset 0 each time, as top does. Synchronous on purpose:
 * fs.promises.readFile is four or five thread-pool round trips (open, fstat, read, read, close), and on a VM
 * every wakeup of the event loop costs more CPU than the read itself (measured: about 235 us of CPU per
 * readFile against 9 us for this read). procfs renders the text from in-kernel counters, so the read never
 * waits for a disk or the network. Without /proc (macOS, Windows) read() gives undefined.
 */
function openProcFile(path: string, bytes: number): ProcFile {
	let fd: number | undefined;
	try {
		fd = openSync(path, 'r');
	} catch {
		// No /proc: the caller falls back.
	}
	const buffer = Buffer.allocUnsafe(bytes);
	return {
		read() {
			if (fd === undefined) return undefined;
			try {
				return buffer.toString('latin1', 0, readSync(fd, buffer, 0, bytes, 0));
			} catch {
				return undefined;
			}
		},
		close() {
			if (fd !== undefined) closeSync(fd);
			fd = undefined;
		},
	};
}

interface CpuReader {
	read(): CpuMark;
	close(): void;
}

function openCpuReader(): CpuReader {
	const file = openProcFile('/proc/stat', PROC_STAT_BYTES);
	return {
		read() {
			const text = file.read();
			const times = text === undefined ? undefined : parseProcStat(text);
			const usage = process.cpuUsage();
			const ownMicros = usage.user + usage.system;
			const atMs = performance.now();
			if (times) return {times, own: (ownMicros / 1e6) * PROC_TICKS_PER_SECOND, atMs};
			return {times: cpuTimesFromCores(os.cpus()), own: ownMicros / 1000, atMs};
		},
		close: () => file.close(),
	};
}

/** A CPU reading now, for `since` / readHostOnce: taken as the process starts, before modules load. */
export function markCpu(): CpuMark {
	const reader = openCpuReader();
	try {
		return reader.read();
	} finally {
		reader.close();
	}
}

/**
 * Host CPU % between two marks, without ddc-top's own CPU time in between: the gap since a mark taken at
 * start-up is mostly ddc-top loading its modules and reading the file, which would show an idle host busy.
 */
export function cpuPercentWithoutOwn(from: CpuMark, to: CpuMark): number {
	const own = Math.max(0, to.own - from.own);
	const busy = Math.max(from.times.busy, to.times.busy - own);
	return cpuPercentBetween(from.times, {busy, total: to.times.total});
}

interface MemoryReader {
	read(): Memory | Promise<Memory>;
	close(): void;
}

function openMemoryReader(): MemoryReader {
	const file = openProcFile('/proc/meminfo', PROC_MEMINFO_BYTES);
	return {
		read() {
			const text = file.read();
			const parsed = text === undefined ? undefined : parseMemInfo(text);
			return parsed ?? memoryFromSystemInformation();
		},
		close: () => file.close(),
	};
}

async function memoryFromSystemInformation(): Promise<Memory> {
	const {default: si} = await import('systeminformation');
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
	let previous: CpuMark | undefined = options.since;
	let cpu: CpuReader | undefined;
	let memoryFile: MemoryReader | undefined;
	let sample: (() => void) | undefined;
	let lastAt = Number.NEGATIVE_INFINITY;
	const memoryEveryMs = options.memoryEveryMs ?? 3000;
	const memoryReader = options.readMemory ?? (() => (memoryFile ??= openMemoryReader()).read());
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
						// Synchronous from /proc/meminfo: then a first sample at start() is emitted before it returns.
						const read = memoryReader();
						memory = read instanceof Promise ? await read : read;
						memoryAt = lastAt; // unchanged meanwhile: no sample starts while this one is in flight
					}
					const mem = memory;
					if (stopped) return;
					// Only a gap that began before start() (the start-up mark) holds ddc-top's own loading work.
					const percent = !previous
						? 0
						: previous === options.since
							? cpuPercentWithoutOwn(previous, times)
							: cpuPercentBetween(previous.times, times.times);
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
			memoryFile?.close();
			memoryFile = undefined;
		},
	};
}

/**
 * For --once: two CPU readings at least `gapMs` apart, so the CPU % is a real measurement. With `since` (a
 * mark taken as the process started) the first reading is that one: the gap has mostly passed by the time
 * the file is read, and ddc-top's own work in it is left out.
 */
export async function readHostOnce(clock: Clock = Date.now, gapMs = 250, since?: CpuMark): Promise<HostSample> {
	const cpu = openCpuReader();
	const memoryFile = openMemoryReader();
	try {
		const before = since ?? cpu.read();
		const wait = gapMs - (performance.now() - before.atMs);
		if (wait > 0) await delay(wait);
		const mem = await memoryFile.read();
		return hostSample(cpuPercentWithoutOwn(before, cpu.read()), mem, clock());
	} finally {
		cpu.close();
		memoryFile.close();
	}
}
