import {containerToJson, hostToJson} from './container-json.js';
import type {ContainerSample, DockerStatus, HostSample} from './samples.js';

export interface ExtrasInput {
	/** The containers to export, in the order they are to appear; undefined leaves the key out. */
	containers?: readonly ContainerSample[];
	/** Given by `--once --json` only: a script can tell an empty list apart from an unreachable Docker. */
	dockerStatus?: DockerStatus;
	host?: HostSample;
}

/** The `ddc_top` keys for containers and the host that every export path adds after the statistics. */
export function exportExtras(input: ExtrasInput): Record<string, unknown> {
	const extra: Record<string, unknown> = {};
	if (input.containers) extra.containers = input.containers.map(containerToJson);
	if (input.dockerStatus) {
		extra.docker_status =
			input.dockerStatus.kind === 'unavailable' ? {available: false, message: input.dockerStatus.message} : {available: true};
	}
	if (input.host) extra.host = hostToJson(input.host);
	return extra;
}
