/**
 * One reading of every running container for --once and scripts, like `docker stats --no-stream`:
 * stats with stream=false (and no one-shot) make the daemon take two readings about a second apart, so
 * precpu is filled and the CPU % is real, not the 0 of a first sample.
 */

import type {Clock} from '../core/clock.js';
import {compareNames} from '../core/compare-names.js';
import {detailsFromInspect, type InspectJson} from '../core/container-details.js';
import {pickDdc} from '../core/ddc-container.js';
import {describeDockerError} from '../core/docker-errors.js';
import {cleanName, metaFromListItem} from '../core/docker-events.js';
import {type DockerEnv, parseDockerHost} from '../core/docker-host.js';
import {type StatsJson, sampleFromStats} from '../core/docker-math.js';
import type {DdcOnce} from '../core/export-extras.js';
import type {ContainerSample, DockerStatus} from '../core/samples.js';
import {createDockerClient, type DockerClient} from './docker-client.js';
import {sessionAbortController} from './docker-session.js';

export interface CollectOnceOptions {
	host?: string;
	clock?: Clock;
	env?: DockerEnv;
	/** The whole collection is abandoned after this long (a hung tcp:// daemon must not hang a script). */
	timeoutMs?: number;
	/**
	 * Inspect DDC's own container too (issue #15 §3): the one named here (--container), else one named `ddc`
	 * or of DDC's image. Undefined: not looked for.
	 */
	ddc?: {wanted?: string};
}

export interface CollectOnceResult {
	status: DockerStatus;
	/** Sorted by name. */
	containers: ContainerSample[];
	/** DDC's container as inspect saw it; null when looked for and not found. */
	ddc?: DdcOnce | null;
}

export async function collectContainersOnce(options: CollectOnceOptions = {}): Promise<CollectOnceResult> {
	const host = parseDockerHost(options.host, options.env ?? process.env);
	const clock = options.clock ?? Date.now;
	const controller = sessionAbortController();
	const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
	let client: DockerClient | undefined;
	try {
		client = createDockerClient(host);
		const {docker} = client;
		const list = await docker.listContainers({abortSignal: controller.signal} as object);
		// Beside the stats; a failed inspect (not a 404) leaves the key out rather than failing the collection.
		const ddc = options.ddc && inspectDdc(client, list, options.ddc.wanted, controller.signal, clock).catch(() => undefined);
		const samples = await Promise.all(
			list.map(async (item) => {
				const meta = metaFromListItem(item);
				try {
					const options = {stream: false, abortSignal: controller.signal} as {stream: false};
					const stats = await docker.getContainer(meta.id).stats(options);
					return sampleFromStats(stats as StatsJson, meta, clock());
				} catch (error) {
					// It stopped between the list and its stats: it is simply not running any more.
					if ((error as {statusCode?: number}).statusCode === 404) return undefined;
					throw error;
				}
			}),
		);
		const containers = samples.filter((s): s is ContainerSample => s !== undefined);
		containers.sort((a, b) => compareNames(a.name, b.name));
		return {status: {kind: 'live', endpoint: host.label}, containers, ...(ddc ? {ddc: await ddc} : {})};
	} catch (error) {
		const cause = controller.signal.aborted ? {code: 'ETIMEDOUT'} : error;
		return {status: {kind: 'unavailable', endpoint: host.label, message: describeDockerError(cause, host)}, containers: []};
	} finally {
		clearTimeout(timer);
		client?.destroy();
	}
}

/** DDC's container inspected (it may be stopped when --container names it); null when there is none. */
async function inspectDdc(
	client: DockerClient,
	list: Array<{Id: string; Names?: string[]; Image?: string}>,
	wanted: string | undefined,
	signal: AbortSignal,
	clock: Clock,
): Promise<DdcOnce | null> {
	const rows = list.map((item) => ({sample: {id: item.Id, name: cleanName(item.Names?.[0])}, details: {image: item.Image ?? ''}}));
	const target = wanted ?? pickDdc(rows)?.sample.id;
	if (target === undefined) return null;
	try {
		const info = (await client.docker.getContainer(target).inspect({abortSignal: signal})) as InspectJson & {Id: string};
		const details = detailsFromInspect(info);
		const listing = {id: info.Id, name: cleanName(info.Name) || info.Id.slice(0, 12), state: details.state};
		return {listing: details.health ? {...listing, health: details.health} : listing, details, at: clock()};
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) return null;
		throw error;
	}
}
