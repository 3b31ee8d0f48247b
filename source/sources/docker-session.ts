import {setMaxListeners} from 'node:events';
import type {Clock} from '../core/clock.js';
import {type DockerEvent, interpretEvent, metaFromListItem} from '../core/docker-events.js';
import type {DockerHost} from '../core/docker-host.js';
/**
 * One connection to a Docker daemon, from subscribing to events to tearing everything down. Events are
 * subscribed BEFORE the container list is read (as `docker stats` does) and buffered until the list
 * is applied, so a container that starts or dies in between is neither missed nor resurrected. Every
 * listed container is reported at once (`container-listed`), before its first stats sample, which the
 * daemon sends about a second later: a table of running containers never reads "none" meanwhile.
 */
import type {ContainerMeta, StatsJson} from '../core/docker-math.js';
import {sampleFromStats} from '../core/docker-math.js';
import type {ContainerListing} from '../core/samples.js';
import {createDockerClient, type DockerClient} from './docker-client.js';
import {StatsStreams} from './docker-stats-streams.js';
import {consumeNdjson} from './ndjson.js';
import type {Emit} from './source.js';

export interface SessionCallbacks {
	emit: Emit;
	clock: Clock;
	/** The events stream ended: the daemon is gone or restarting. Called at most once. */
	onLost(error?: Error): void;
}

/** A stats stream that ended on its own is retried after this long if the container still runs. */
const REOPEN_DELAY_MS = 1000;

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

	/** Throws when the host cannot be used at all (bad DOCKER_HOST, missing TLS files). */
	constructor(
		host: DockerHost,
		private readonly callbacks: SessionCallbacks,
	) {
		this.client = createDockerClient(host);
		this.streams = new StatsStreams(this.client.docker, {
			onStats: (id, json) => this.onStats(id, json),
			onUnexpectedEnd: (id) => this.onStreamEnded(id),
		});
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
		const list = await this.client.docker.listContainers({abortSignal: signal} as object);
		if (this.closed) return;
		for (const item of list) {
			const meta = metaFromListItem(item);
			this.metas.set(meta.id, meta);
			this.list(meta);
			this.streams.open(meta.id);
		}
		const queued = this.pending ?? [];
		this.pending = undefined;
		for (const event of queued) this.apply(event);
	}

	/** Tears everything down and resolves when no socket or timer of this session is left. */
	async close(): Promise<string[]> {
		this.closed = true;
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
		switch (effect.kind) {
			case 'start': {
				const meta = this.metas.get(effect.id) ?? {id: effect.id, name: effect.name ?? effect.id.slice(0, 12), state: 'running'};
				meta.state = 'running';
				this.metas.set(effect.id, meta);
				this.list(meta);
				this.streams.open(effect.id);
				// Events do not carry health; inspect once so a healthcheck shows from the first frame.
				this.track(
					this.refresh(effect.id).then((running) => {
						const known = this.metas.get(effect.id);
						if (running && known) this.list(known);
					}),
				);
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

	/** Inspects a container into its meta: true running, false gone / stopped, undefined unknown (no daemon). */
	private async refresh(id: string): Promise<boolean | undefined> {
		try {
			const info = await this.client.docker.getContainer(id).inspect({abortSignal: this.abort.signal});
			const meta = this.metas.get(id);
			if (meta) {
				meta.name = info.Name ? info.Name.replace(/^\//, '') : meta.name;
				meta.state = info.State.Status;
				if (info.State.Health?.Status) meta.health = info.State.Health.Status;
			}
			return info.State.Running;
		} catch (error) {
			return (error as {statusCode?: number}).statusCode === 404 ? false : undefined;
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
