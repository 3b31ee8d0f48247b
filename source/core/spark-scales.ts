/**
 * The scales container sparklines are drawn on, so rows can be compared (issue #14 §1b): memory against
 * the container's limit, CPU against one core or the container's CPU limit. Docker reports a container
 * without a memory limit as limited to the memory of its host; such rows share one scale, the smallest
 * power of two holding every one of their samples, which the column header names ("0-256M").
 */

/**
 * Rule for "no memory limit": the reported limit is at least 98 % of the host's memory (the host line's
 * total: Docker reports the daemon host's total, a hair different in some setups), or 0. Without a host
 * reading every positive limit counts as a limit.
 */
export function hasMemoryLimit(limitBytes: number, hostMemBytes: number | undefined): boolean {
	if (!(limitBytes > 0)) return false;
	return hostMemBytes === undefined || !(hostMemBytes > 0) || limitBytes < hostMemBytes * 0.98;
}

const MIB = 1024 * 1024;

/** The smallest power of two (1 MiB at least) that is >= `bytes`: a scale that moves rarely and reads round. */
export function memoryScaleFor(bytes: number): number {
	let scale = MIB;
	while (scale < bytes && Number.isFinite(bytes)) scale *= 2;
	return scale;
}

/** A power-of-two scale in short binary units for a header: 1048576 -> "1M", 2 ** 30 -> "1G", 512 KiB -> "512K". */
export function formatScale(bytes: number): string {
	const units = ['', 'K', 'M', 'G', 'T', 'P'];
	let value = bytes;
	let i = 0;
	while (value >= 1024 && i < units.length - 1) {
		value /= 1024;
		i++;
	}
	return `${Number(value.toPrecision(3))}${units[i]}`;
}

/** 100 % is one core, as docker stats counts; a container limited to 0.5 or 2 CPUs is drawn against that. */
export function cpuScale(limitCores: number | undefined): number {
	return limitCores !== undefined && limitCores > 0 ? limitCores * 100 : 100;
}
