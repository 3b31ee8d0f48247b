import {setMaxListeners} from 'node:events';
import type {Clock} from '../core/clock.js';
/**
 * One connection to a Docker daemon, from subscribing to events to tearing everything down. Events are
 * subscribed BEFORE the container list is read (as `docker stats` does) and buffered until the list
 * is applied, so a container that starts or dies in between is neither missed nor resurrected. Every
 * listed container is reported at once (`container-listed`), before its first stats sample, which the
 * daemon sends about a second later: a table of running containers never reads "none" meanwhile.
 */
import {detailsFromInspect, type InspectJson} from '../core/container-details.js';
import {type ContainerInterest, eventAction, NO_INTEREST} from '../core/container-interest.js';
import {cleanName, type DockerEvent, interpretEvent, metaFromListItem} from '../core/docker-events.js';
import type {DockerHost} from '../core/docker-host.js';
import type {ContainerMeta, StatsJson} from '../core/docker-math.js';
import {sampleFromStats} from '../core/docker-math.js';
import {RestartTally} from '../core/restart-tally.js';
import type {ContainerListing} from '../core/samples.js';
import {createDockerClient, type DockerClient} from './docker-client.js';
import {ContainerLogs} from './docker-logs.js';
import {StatsStreams} from './docker-stats-streams.js';
import {consumeNdjson} from './ndjson.js';
import type {Emit} from './source.js';

export interface SessionCallbacks {
	emit: Emit;
	clock: Clock;
	/** The events stream ended: the daemon is gone or restarting. Called at most once. */
	onLost(error?: Error): void;
	/** Only the newest of the stats samples read together is reported (StatsStreamsOptions; serve). */
	newestStatsOnly?: boolean;
}

/** A stats stream that ended on its own is retried after this long if the container still runs. */
const REOPEN_DELAY_MS = 1000;

/** Inspect requests at once: 100 containers listed at start are inspected a few at a time, not 100 sockets at once. */
const INSPECT_CONCURRENCY = 4;

const hasStats = (state: string) => state === 'running' || state === 'paused';

export class DockerSession {
	private readonly client: DockerClient;
	private readonly streams: StatsStreams;
	private readonly metas = new Map<string, ContainerMeta>();
	/** Cancels the events stream and every list / inspect request of this session. */
	private readonly abort = sessionAbortController();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inflight = new Set<Promise<unknown>>();
	private eventsClosed: Promise<void> = Promise.resolve();
	private pending: DockerEvent[] | undefined = [];
	private closed = false;
	private interest: ContainerInterest = NO_INTEREST;
	/** OOM events seen per container since this session began (inspect only says whether the last exit was one). */
	private readonly ooms = new Map<string, number>();
	/** Restarts as an operator counts them: Docker's count resets at a `docker restart` (issue #15 §3). */
	private readonly restarts = new RestartTally();
	private readonly inspectQueue: string[] = [];
	private readonly inspectQueued = new Set<string>();
	private inspecting = 0;
	private logs: ContainerLogs | undefined;

	/** Throws when the host cannot be used at all (bad DOCKER_HOST, missing TLS files). */
	constructor(
		host: DockerHost,
		private readonly callbacks: SessionCallbacks,
	) {
		this.client = createDockerClient(host);
		this.streams = new StatsStreams(
			this.client.docker,
			{
				onStats: (id, json) => this.onStats(id, json),
				onUnexpectedEnd: (id) => this.onStreamEnded(id),
			},
			{newestOnly: callbacks.newestStatsOnly === true},
		);
	}

	/** A refresh: stats streams deliver what arrived since the last one, held until the next (StatsStreams.refresh). */
	tick(): void {
		this.streams.refresh();
	}

	openStreams(): string[] {
		return this.streams.ids();
	}

	heldStreams(): string[] {
		return this.streams.heldIds();
	}

	containerIds(): string[] {
		return [...this.metas.keys()];
	}

	/** Resolves when the daemon answered and every running container is reported and has its stats stream. */
	async open(): Promise<void> {
		const {signal} = this.abort;
		const events = this.client.docker.getEvents({filters: {type: ['container']}, abortSignal: signal} as object);
		this.eventsClosed = consumeNdjson(events, signal, {
			onValue: (event) => this.onEvent(event as DockerEvent),
			onClose: (error) => {
				const lost = error ?? Object.assign(new Error('events stream ended'), {code: 'STREAM_ENDED'});
				if (!this.closed) this.callbacks.onLost(lost);
			},
		});
		// A failed subscription rejects here and also reaches onLost: the caller acts on the first report.
		await events;
		await this.listAll(this.interest.all);
		const queued = this.pending ?? [];
		this.pending = undefined;
		for (const event of queued) this.apply(event);
		this.followLogs();
	}

	/** The view's interest: stopped containers listed or not, and whose logs are followed. */
	want(interest: ContainerInterest): void {
		const before = this.interest;
		this.interest = interest;
		// Before open() has listed, its list follows the new interest; after, the difference is applied here.
		if (this.pending !== undefined || this.closed) return;
		if (interest.all && !before.all) this.track(this.listAll(true));
		if (!interest.all && before.all) for (const meta of [...this.metas.values()]) if (!hasStats(meta.state)) this.drop(meta.id);
		if (interest.logs !== before.logs) this.followLogs();
	}

	/** Lists the containers (stopped ones too with `all`), reports the new ones and opens their streams. */
	private async listAll(all: boolean): Promise<void> {
		const list = await this.client.docker.listContainers({all, abortSignal: this.abort.signal} as object);
		if (this.closed) return;
		for (const item of list) {
			const meta = metaFromListItem(item);
			// Known already, or stopped while `a` was turned off again before the list came.
			if (this.metas.has(meta.id) || (!hasStats(meta.state) && !this.interest.all)) continue;
			this.metas.set(meta.id, meta);
			this.list(meta);
			if (hasStats(meta.state)) {
				this.restarts.started(meta.id);
				this.streams.open(meta.id);
			}
			this.inspectLater(meta.id);
		}
	}

	private followLogs(): void {
		const id = this.interest.logs;
		if (this.logs?.id === id) return;
		this.logs?.close();
		this.logs = undefined;
		if (id === undefined || this.closed) return;
		const logs = new ContainerLogs(this.client.docker, id, this.callbacks.emit, this.abort.signal);
		this.logs = logs;
		this.track(logs.open());
	}

	/** Tears everything down and resolves when no socket or timer of this session is left. */
	async close(): Promise<string[]> {
		this.closed = true;
		this.logs?.close();
		const known = [...this.metas.keys()];
		this.metas.clear();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.abort.abort();
		await Promise.allSettled([this.streams.closeAll(), this.eventsClosed, ...this.inflight]);
		this.client.destroy();
		return known;
	}

	private onEvent(event: DockerEvent): void {
		if (this.pending) this.pending.push(event);
		else this.apply(event);
	}

	private apply(event: DockerEvent): void {
		if (this.closed) return;
		const effect = interpretEvent(event);
		const id = event.Actor?.ID ?? event.id;
		const action = eventAction(event.Action ?? event.status ?? '');
		// Counted across a container's restarts (its row leaves at each die unless `a` is on); forgotten when it is removed.
		if (id && action.oom) this.ooms.set(id, (this.ooms.get(id) ?? 0) + 1);
		if (id && action.destroy) {
			this.ooms.delete(id);
			this.restarts.forget(id);
		}
		if (id && this.interest.all && action.create && !this.metas.has(id)) {
			// A new container, listed when stopped ones are: created, not started.
			const meta: ContainerMeta = {id, name: cleanName(event.Actor?.Attributes?.name) || id.slice(0, 12), state: 'created'};
			this.metas.set(id, meta);
			this.list(meta);
		}
		if (id && this.interest.all && action.die && this.metas.has(id)) {
			// Stopped, and still listed: its stream closes; inspect says how it ended (exit code, OOM).
			this.track(this.streams.close(id));
			this.inspectLater(id);
			if (this.logs?.id === id) this.logs.ended();
			return;
		}
		if (id && action.reinspect && this.metas.has(id)) this.inspectLater(id);
		switch (effect.kind) {
			case 'start': {
				const meta = this.metas.get(effect.id) ?? {id: effect.id, name: effect.name ?? effect.id.slice(0, 12), state: 'running'};
				meta.state = 'running';
				this.restarts.started(effect.id);
				this.metas.set(effect.id, meta);
				this.list(meta);
				this.streams.open(effect.id);
				// Events do not carry health; inspect once so a healthcheck shows from the first frame.
				this.inspectLater(effect.id);
				// Logs asked for while it was stopped: its new run's lines.
				if (this.logs?.id === effect.id && this.logs.isEnded()) {
					this.logs = undefined;
					this.followLogs();
				}
				break;
			}
			case 'gone':
				this.drop(effect.id);
				break;
			case 'update': {
				const meta = this.metas.get(effect.id);
				if (!meta) break;
				Object.assign(meta, effect.patch);
				// Paused or unhealthy is said at once, not with the container's next stats sample.
				this.list(meta);
				break;
			}
			default:
				break;
		}
	}

	/** The container's row, shown before (and kept up to date between) its stats samples. */
	private list(meta: ContainerMeta): void {
		if (this.closed) return;
		const container: ContainerListing = {id: meta.id, name: meta.name, state: meta.state};
		if (meta.health) container.health = meta.health;
		this.callbacks.emit({type: 'container-listed', container, at: this.callbacks.clock()});
	}

	private drop(id: string): void {
		if (this.closed) return;
		const known = this.metas.delete(id);
		this.track(this.streams.close(id));
		if (known) this.callbacks.emit({type: 'container-gone', id});
	}

	private onStats(id: string, json: unknown): void {
		const meta = this.metas.get(id);
		if (!meta || this.closed) return;
		this.callbacks.emit({type: 'container-sample', sample: sampleFromStats(json as StatsJson, meta, this.callbacks.clock())});
	}

	/**
	 * The daemon ends a stats stream when the container stops, usually just before the die event.
	 * Ask what happened: gone -> drop the row; still running -> reopen a little later.
	 */
	private onStreamEnded(id: string): void {
		if (this.closed || !this.metas.has(id)) return;
		this.track(
			this.refresh(id).then((running) => {
				const stopped = this.metas.get(id);
				if (running === false && this.interest.all && stopped) return this.list(stopped);
				if (running === false) return this.drop(id);
				if (running !== true || this.closed) return;
				const timer = setTimeout(() => {
					this.timers.delete(timer);
					if (!this.closed && this.metas.has(id)) this.streams.open(id);
				}, REOPEN_DELAY_MS);
				this.timers.add(timer);
			}),
		);
	}

	/** Inspects a container soon, a few at a time; one inspect at a time per container. */
	private inspectLater(id: string): void {
		if (this.closed || this.inspectQueued.has(id)) return;
		this.inspectQueued.add(id);
		this.inspectQueue.push(id);
		this.nextInspect();
	}

	private nextInspect(): void {
		while (this.inspecting < INSPECT_CONCURRENCY && this.inspectQueue.length > 0 && !this.closed) {
			const id = this.inspectQueue.shift()!;
			this.inspectQueued.delete(id);
			this.inspecting++;
			this.track(
				this.refresh(id)
					.then((running) => {
						const known = this.metas.get(id);
						if (running === false && !this.interest.all) this.drop(id);
						else if (running !== undefined && known) this.list(known);
					})
					.finally(() => {
						this.inspecting--;
						this.nextInspect();
					}),
			);
		}
	}

	/**
	 * Inspects a container into its meta and reports its details: true running, false gone / stopped,
	 * undefined unknown (no daemon).
	 */
	private async refresh(id: string): Promise<boolean | undefined> {
		try {
			const info = await this.client.docker.getContainer(id).inspect({abortSignal: this.abort.signal});
			const meta = this.metas.get(id);
			if (meta && !this.closed) {
				meta.name = info.Name ? info.Name.replace(/^\//, '') : meta.name;
				meta.state = info.State.Status;
				if (info.State.Health?.Status) meta.health = info.State.Health.Status;
				const details = detailsFromInspect(info as InspectJson);
				const ooms = this.ooms.get(id);
				if (ooms !== undefined) details.oomEvents = ooms;
				details.restarts = this.restarts.inspected(id, details.restartCount, details.startedAt !== undefined);
				this.callbacks.emit({type: 'container-details', id, details});
			}
			return info.State.Running;
		} catch (error) {
			if ((error as {statusCode?: number}).statusCode === 404) {
				if (this.interest.all) this.drop(id);
				return false;
			}
			return undefined;
		}
	}

	private track(work: Promise<unknown>): void {
		const settled = work.catch(() => undefined).finally(() => this.inflight.delete(settled));
		this.inflight.add(settled);
	}
}

/**
 * One signal ends every request of the session. With many containers that is many concurrent requests on
 * one signal (each removes its listener when it finishes), which is not the leak Node's default limit of
 * 10 listeners warns about; the warning would also be printed over the live view.
 */
export function sessionAbortController(): AbortController {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	return controller;
}
