/**
 * One streaming stats request per container, never two: daemons spend real CPU per stream (moby
 * issues report 15-60 % for 14-80 containers), so streams open on start and close on die/destroy.
 */
import type Docker from 'dockerode';
import {consumeNdjson} from './ndjson.js';

interface Stream {
	controller: AbortController;
	/** Resolves once the response (or the failed request) is completely gone. */
	closed: Promise<void>;
	/** Set when we closed it, so its end is not reported as unexpected. */
	closing: boolean;
}

export interface StatsStreamHandlers {
	onStats(id: string, json: unknown): void;
	/** The daemon ended a stream we did not close (container stopped, daemon went away, HTTP error). */
	onUnexpectedEnd(id: string, error?: Error): void;
}

export class StatsStreams {
	private readonly streams = new Map<string, Stream>();

	constructor(
		private readonly docker: Docker,
		private readonly handlers: StatsStreamHandlers,
	) {}

	ids(): string[] {
		return [...this.streams.keys()];
	}

	has(id: string): boolean {
		return this.streams.has(id);
	}

	open(id: string): void {
		if (this.streams.has(id)) return;
		const controller = new AbortController();
		// @types/dockerode lacks abortSignal on stats(); dockerode 5 passes it to the request.
		const options = {stream: true, abortSignal: controller.signal} as {stream: true};
		const stream: Stream = {controller, closing: false, closed: Promise.resolve()};
		this.streams.set(id, stream);
		stream.closed = consumeNdjson(this.docker.getContainer(id).stats(options), controller.signal, {
			onValue: json => {
				if (!stream.closing) this.handlers.onStats(id, json);
			},
			onClose: error => {
				if (this.streams.get(id) === stream) this.streams.delete(id);
				if (!stream.closing) this.handlers.onUnexpectedEnd(id, error);
			},
		});
	}

	/** Aborts the stream; resolves when its socket is gone. */
	close(id: string): Promise<void> {
		const stream = this.streams.get(id);
		if (!stream) return Promise.resolve();
		this.streams.delete(id);
		stream.closing = true;
		stream.controller.abort();
		return stream.closed;
	}

	async closeAll(): Promise<void> {
		await Promise.all(this.ids().map(id => this.close(id)));
	}
}
