import type {ContainerSample} from '../../source/core/samples.js';

/**
 * A running container's sample, 1 MiB of 64 MiB and idle I/O unless `overrides` say otherwise; its id is
 * `id-<name>`, the id a listing of that name in the tests carries.
 */
export function containerSample(overrides: Partial<ContainerSample> = {}): ContainerSample {
	const name = overrides.name ?? 'web';
	return {
		id: `id-${name}`,
		name,
		state: 'running',
		cpuPercent: 1,
		memUsedBytes: 1 << 20,
		memLimitBytes: 1 << 26,
		memPercent: 1.56,
		netRxBytes: 0,
		netTxBytes: 0,
		blockReadBytes: 0,
		blockWriteBytes: 0,
		pids: 2,
		at: 0,
		...overrides,
	};
}
