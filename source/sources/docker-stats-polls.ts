/**
 * Stats by polling: one one-shot stats request per container at each refresh instead of a held stream,
 * for consumers that refresh every 2 s or slower (serve, every 5 s by default). A stream makes dockerd
 * send, and us read, one sample per container per second whatever the refresh; at 20 containers that was
 * most of serve's CPU at rest. A one-shot request (Engine API 1.41) answers with one reading at once,
 * without the daemon's second reading a second later, so its precpu is empty: the previous poll's
 * cpu_stats stands in for it, which is what a stream's precpu is (the reading before), and docker-math's
 * formulas stay the only ones. The first poll of a container therefore has no CPU % (null, as a stream's
 * first sample); memory, network, block I/O and PIDs come from every poll.
 */
import {setMaxListeners} from 'node:events';
import type Docker from 'dockerode';
import type {StatsJson} from '../core/docker-math.js';
import type {StatsStreamHandlers} from './docker-stats-streams.js';

interface Poll {
	/** The cpu_stats of the last answer: the next answer's precpu. */
	previous?: StatsJson['cpu_stats'];
	/** A request in flight: a slow daemon never gets a second one for the same container. */
	busy: boolean;
}

/** Requests at once: 100 containers are polled a few at a time, over a few kept-alive connections. */
const POLL_CONCURRENCY = 4;

export class StatsPolls {
	private readonly polls = new Map<string, Poll>();
	private readonly abort = new AbortController();
	private readonly queue: string[] = [];
	private readonly inflight = new Set<Promise<void>>();
	private running = 0;

	constructor(
		private readonly docker: Docker,
		private readonly handlers: StatsStreamHandlers,
	) {
		// Up to POLL_CONCURRENCY requests on one signal, each removing its listener when done.
		setMaxListeners(0, this.abort.signal);
	}

	/** Polls every container once; the answers come as onStats, a few requests at a time. */
	refresh(): void {
		for (const id of this.polls.keys()) this.enqueue(id);
	}

	/** Nothing is ever held: between polls no connection carries stats. */
	heldIds(): string[] {
		return [];
	}

	ids(): string[] {
		return [...this.polls.keys()];
	}

	/** Starts polling a container, with a first reading now (its row's memory at once, its CPU % from the next poll). */
	open(id: string): void {
		if (this.polls.has(id) || this.abort.signal.aborted) return;
		this.polls.set(id, {busy: false});
		this.enqueue(id);
	}

	close(id: string): Promise<void> {
		this.polls.delete(id);
		return Promise.resolve();
	}

	/** Stops polling and resolves when no request is left. */
	async closeAll(): Promise<void> {
		this.polls.clear();
		this.queue.length = 0;
		this.abort.abort();
		await Promise.allSettled([...this.inflight]);
	}

	private enqueue(id: string): void {
		const poll = this.polls.get(id);
		if (!poll || poll.busy) return;
		poll.busy = true;
		this.queue.push(id);
		this.next();
	}

	private next(): void {
		while (this.running < POLL_CONCURRENCY && this.queue.length > 0) {
			const id = this.queue.shift()!;
			this.running++;
			const done = this.pollOnce(id).finally(() => {
				this.running--;
				this.inflight.delete(done);
				const poll = this.polls.get(id);
				if (poll) poll.busy = false;
				this.next();
			});
			this.inflight.add(done);
		}
	}

	private async pollOnce(id: string): Promise<void> {
		if (!this.polls.has(id)) return;
		let json: StatsJson;
		try {
			// @types/dockerode knows neither one-shot nor abortSignal; docker-modem puts both options in the query
			// string (the signal as "{}", which the daemon ignores) and hands the signal to the request.
			const options = {stream: false, 'one-shot': true, abortSignal: this.abort.signal} as {stream: false};
			json = (await this.docker.getContainer(id).stats(options)) as StatsJson;
		} catch (error) {
			if (this.polls.has(id) && !this.abort.signal.aborted) this.ended(id, error as Error);
			return;
		}
		const poll = this.polls.get(id);
		if (!poll) return;
		// A container that is not running answers with its name and id only: it stopped (its die event is near).
		if (!json.cpu_stats || !json.memory_stats) {
			this.ended(id);
			return;
		}
		const current = json.cpu_stats;
		json.precpu_stats = poll.previous;
		poll.previous = current;
		this.handlers.onStats(id, json);
	}

	/** As a stream the daemon ended: no more polls until the session opens it again. */
	private ended(id: string, error?: Error): void {
		this.polls.delete(id);
		this.handlers.onUnexpectedEnd(id, error);
	}
}
