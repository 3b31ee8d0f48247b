/**
 * The Docker source: live container samples and a connection status, reconnecting with backoff when
 * the daemon goes away. It connects like the docker CLI (--docker-host, then DOCKER_HOST, then
 * /var/run/docker.sock); one DockerSession per connection does the actual streaming.
 */

import type {Clock} from '../core/clock.js';
import {type ContainerInterest, type InterestedSource, NO_INTEREST, sameInterest} from '../core/container-interest.js';
import {describeDockerError} from '../core/docker-errors.js';
import {type DockerEnv, parseDockerHost} from '../core/docker-host.js';
import type {DockerStatus} from '../core/samples.js';
import {sampleCurrentMsFor} from './docker-sample-life.js';
import {DockerSession} from './docker-session.js';
import type {Emit, Source, SourceEvent} from './source.js';

export {type CollectOnceOptions, type CollectOnceResult, collectContainersOnce} from './docker-once.js';

/**
 * Waits between reconnect attempts; the last one repeats. Capped at 2 s so the table is live again
 * within a few seconds of the daemon answering, while an absent daemon costs one connect() per 2 s.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

export interface DockerSourceOptions {
	/** --docker-host; overrides DOCKER_HOST. unix:///path, tcp://host:port or ssh://user@host. */
	host?: string;
	clock: Clock;
	/** Defaults to process.env (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
	env?: DockerEnv;
	retryDelaysMs?: readonly number[];
	/** The app's refresh interval (default 1000 ms): the stats streams are read at each refresh. */
	refreshIntervalMs?: number;
	/** Of the stats samples read at one refresh, only each container's newest is reported (serve: docker-stats-streams.ts). */
	newestStatsOnly?: boolean;
}

export interface DockerSource extends Source, InterestedSource {
	/** Container ids with an open stats stream: one per running container, none after stop(). */
	openStatsStreams(): string[];
	/** Container ids whose stats stream is held (not read) until the next tick. */
	heldStatsStreams(): string[];
}

export function createDockerSource(options: DockerSourceOptions): DockerSource {
	const host = parseDockerHost(options.host, options.env ?? process.env);
	const delays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
	let emit: Emit = () => {};
	let running = false;
	let session: DockerSession | undefined;
	let retryTimer: NodeJS.Timeout | undefined;
	let failures = 0;
	let interest: ContainerInterest = NO_INTEREST;
	const closing = new Set<Promise<unknown>>();

	const send = (event: SourceEvent): void => {
		if (running) emit(event);
	};
	const sampleCurrentMs = sampleCurrentMsFor(options.refreshIntervalMs ?? 1000);
	const status = (value: DockerStatus): void => send({type: 'docker-status', status: value, sampleCurrentMs});

	function connect(): void {
		retryTimer = undefined;
		if (!running) return;
		let current: DockerSession;
		try {
			current = new DockerSession(host, {
				emit: send,
				clock: options.clock,
				onLost: (error) => lose(current, error),
				newestStatsOnly: options.newestStatsOnly,
			});
		} catch (error) {
			retry(error);
			return;
		}
		session = current;
		current.want(interest);
		current.open().then(
			() => {
				if (session !== current || !running) return;
				failures = 0;
				status({kind: 'live', endpoint: host.label});
			},
			(error) => lose(current, error),
		);
	}

	/** Only the first report of the current session counts: open() failing also ends its events stream. */
	function lose(which: DockerSession, error: unknown): void {
		if (session !== which || !running) return;
		session = undefined;
		const gone = which.containerIds();
		release(which);
		// Rows of a lost daemon would freeze with stale numbers; the status line explains the empty table.
		for (const id of gone) send({type: 'container-gone', id});
		retry(error);
	}

	function retry(error: unknown): void {
		const delay = delays[Math.min(failures, delays.length - 1)];
		failures++;
		status({kind: 'unavailable', endpoint: host.label, message: describeDockerError(error, host), retryAt: options.clock() + delay});
		retryTimer = setTimeout(connect, delay);
	}

	function release(which: DockerSession): void {
		const done = which.close().finally(() => closing.delete(done));
		closing.add(done);
	}

	return {
		start(next) {
			if (running) return;
			emit = next;
			running = true;
			failures = 0;
			status({kind: 'connecting', endpoint: host.label});
			connect();
		},
		async stop() {
			running = false;
			if (retryTimer) clearTimeout(retryTimer);
			retryTimer = undefined;
			if (session) release(session);
			session = undefined;
			await Promise.allSettled([...closing]);
		},
		// The app calls tick() every refresh, and from then on stats streams are read only at a tick (samples
		// wait in the kernel in between), so 20 containers wake ddc-top once per refresh, not 20 times a
		// second. Unix socket and plain TCP only; TLS and SSH connections are read as data comes, and so is
		// a source nobody ticks (--once, tests). Events are always read at once.
		tick() {
			session?.tick();
		},
		// The view's interest (stopped containers, whose logs), kept across reconnects.
		want(next) {
			if (sameInterest(interest, next)) return;
			interest = next;
			session?.want(next);
		},
		openStatsStreams() {
			return session?.openStreams() ?? [];
		},
		heldStatsStreams() {
			return session?.heldStreams() ?? [];
		},
	};
}
