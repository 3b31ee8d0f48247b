import type {ContainerSample, DockerStatus} from '../../source/core/samples.js';
import type {Source, SourceEvent} from '../../source/sources/source.js';

/** Everything a source emitted, with the wall-clock time each event arrived. */
export interface Recording {
	samples: Array<{sample: ContainerSample; arrived: number}>;
	statuses: Array<{status: DockerStatus; arrived: number}>;
	gone: Array<{id: string; arrived: number}>;
	samplesOf(id: string): ContainerSample[];
	lastStatus(): DockerStatus | undefined;
}

export function record(source: Source): Recording {
	const rec: Recording = {
		samples: [],
		statuses: [],
		gone: [],
		samplesOf: (id) => rec.samples.filter((s) => s.sample.id === id).map((s) => s.sample),
		lastStatus: () => rec.statuses.at(-1)?.status,
	};
	source.start((event: SourceEvent) => {
		const arrived = Date.now();
		if (event.type === 'container-sample') rec.samples.push({sample: event.sample, arrived});
		else if (event.type === 'docker-status') rec.statuses.push({status: event.status, arrived});
		else if (event.type === 'container-gone') rec.gone.push({id: event.id, arrived});
	});
	return rec;
}
