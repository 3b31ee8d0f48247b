import type {ContainerDetails} from './container-details.js';
import {containerToJson, type GrowthJson, hostToJson} from './container-json.js';
import {DEFAULT_CONTAINER_SORT, selectContainers} from './containers-view.js';
import {ddcContainerJson, ddcFacts} from './ddc-container.js';
import {parseFilter} from './filter.js';
import type {ContainerSample, DockerStatus, HostSample} from './samples.js';

export interface ExtrasInput {
	/**
	 * The containers to export, in the order they are to appear (a command's samples are first put in the
	 * live view's default order: inDefaultOrder); undefined leaves the key out.
	 */
	containers?: readonly ContainerSample[];
	/** Given by `--once --json` only: a script can tell an empty list apart from an unreachable Docker. */
	dockerStatus?: DockerStatus;
	host?: HostSample;
	/** Each container's memory growth by id, where it was followed long enough (the live view's export). */
	growth?: ReadonlyMap<string, GrowthJson>;
	/** DDC's own container (issue #15 §3): `ddc_container`, null when looked for and not found. */
	ddc?: DdcOnce | null;
}

/** DDC's container as one inspect saw it, at `at` (ms since epoch). */
export interface DdcOnce {
	listing: {id: string; name: string; state: string; health?: string};
	details: ContainerDetails;
	at: number;
}

/** The `ddc_top` keys for containers and the host that every export path adds after the statistics. */
export function exportExtras(input: ExtrasInput): Record<string, unknown> {
	const extra: Record<string, unknown> = {};
	if (input.containers) extra.containers = input.containers.map((c) => containerToJson(c, input.growth?.get(c.id)));
	if (input.dockerStatus) {
		extra.docker_status =
			input.dockerStatus.kind === 'unavailable' ? {available: false, message: input.dockerStatus.message} : {available: true};
	}
	if (input.host) extra.host = hostToJson(input.host);
	if (input.ddc !== undefined) extra.ddc_container = input.ddc === null ? null : ddcJsonOf(input.ddc, input);
	return extra;
}

const EVERY_NAME = parseFilter('');

/**
 * Containers sampled by a command (`--once`, `export`), in the order the live view lists them at start
 * (its default sort: busiest CPU first, a CPU not known yet last, ties by name). The menu's export follows
 * the screen's own sort instead; both order samples this way, before exportExtras.
 */
export function inDefaultOrder(containers: readonly ContainerSample[]): ContainerSample[] {
	return selectContainers(
		containers.map((sample) => ({sample})),
		EVERY_NAME,
		DEFAULT_CONTAINER_SORT,
	).map((row) => row.sample);
}

/** Its memory from its sample among the containers (when it runs), against the host's for "no limit". */
function ddcJsonOf(ddc: DdcOnce, input: ExtrasInput) {
	const sample = ddc.listing.state === 'running' ? input.containers?.find((c) => c.id === ddc.listing.id) : undefined;
	return ddcContainerJson(
		ddcFacts({
			listing: ddc.listing,
			details: ddc.details,
			memory: sample && {usedBytes: sample.memUsedBytes, limitBytes: sample.memLimitBytes},
			hostMemBytes: input.host?.memTotalBytes,
			now: ddc.at,
		}),
	);
}
