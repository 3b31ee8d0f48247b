/**
 * Host CPU % from two readings of /proc/stat's aggregate "cpu" line. Reading the file ourselves is far
 * cheaper than systeminformation's currentLoad(), which spawns a shell per call.
 */
export interface CpuTimes {
	/** Jiffies spent doing anything but idle and iowait. */
	busy: number;
	total: number;
}

/**
 * Parses `cpu  user nice system idle iowait irq softirq steal guest guest_nice`. guest and guest_nice
 * are already counted inside user and nice, so only the first eight fields add up to the total.
 */
export function parseProcStat(text: string): CpuTimes | undefined {
	const line = text.split('\n', 1)[0];
	if (!line.startsWith('cpu ')) return undefined;
	const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
	if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return undefined;
	const total = fields.reduce((a, b) => a + b, 0);
	const idle = fields[3] + (fields[4] ?? 0);
	return {busy: total - idle, total};
}

/** Whole-machine CPU % (0..100, all cores together, like top's summary line). */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number {
	const total = after.total - before.total;
	const busy = after.busy - before.busy;
	if (!(total > 0) || busy < 0) return 0;
	return Math.min(100, (busy / total) * 100);
}

/** The same from os.cpus() times, the fallback where there is no /proc (macOS, Windows). */
export function cpuTimesFromCores(
	cores: ReadonlyArray<{times: {user: number; nice: number; sys: number; idle: number; irq: number}}>,
): CpuTimes {
	let busy = 0;
	let total = 0;
	for (const {times} of cores) {
		const used = times.user + times.nice + times.sys + times.irq;
		busy += used;
		total += used + times.idle;
	}
	return {busy, total};
}
