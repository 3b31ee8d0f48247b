/**
 * `check --duration`: containers sampled through the live view's Docker source (one stats stream per
 * running container, read as they arrive) for that long, their memory kept as (time, bytes) series.
 */
import type {Clock} from '../core/clock.js';
import type {MemorySample} from '../core/judge/memory-growth.js';
import type {DockerStatus} from '../core/samples.js';

export interface ContainerMemory {
	id: string;
	/** Untrusted: sanitized where shown. */
	name: string;
	/** The last sample's limit (the host's memory when the container has none set). */
	limitBytes: number;
	samples: MemorySample[];
}

export interface MemorySampling {
	containers: ContainerMemory[];
	/** Docker's last status: why there are no containers when it was not live. */
	status?: DockerStatus;
}

export type SampleMemory = (options: {dockerHost?: string; durationMs: number; clock: Clock}) => Promise<MemorySampling>;

export const sampleMemory: SampleMemory = async ({dockerHost, durationMs, clock}) => {
	const {createDockerSource} = await import('../sources/docker.js');
	const source = createDockerSource({host: dockerHost, clock});
	const byId = new Map<string, ContainerMemory>();
	let status: DockerStatus | undefined;
	source.start((event) => {
		if (event.type === 'docker-status') status = event.status;
		if (event.type !== 'container-sample') return;
		const s = event.sample;
		let c = byId.get(s.id);
		if (!c) byId.set(s.id, (c = {id: s.id, name: s.name, limitBytes: s.memLimitBytes, samples: []}));
		c.name = s.name;
		c.limitBytes = s.memLimitBytes;
		// One sample per read: a stream that re-delivers the same reading adds nothing.
		if (c.samples.at(-1)?.t !== s.at) c.samples.push({t: s.at, bytes: s.memUsedBytes});
	});
	await new Promise((resolve) => setTimeout(resolve, durationMs));
	await source.stop();
	return {containers: [...byId.values()], status};
};
