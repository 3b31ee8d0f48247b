/**
 * One streaming stats request per container, never two: daemons spend real CPU per stream (moby
 * issues report 15-60 % for 14-80 containers), so streams open on start and close on die/destroy.
 */
import type {IncomingMessage} from 'node:http';
import type Docker from 'dockerode';
import {scanStats} from '../core/stats-scanner.js';
import {HoldableConnection} from './holdable-connection.js';
import {consumeNdjson} from './ndjson.js';

interface Stream {
	controller: AbortController;
	/** Resolves once the response (or the failed request) is completely gone. */
	closed: Promise<void>;
	/** Set when we closed it, so its end is not reported as unexpected. */
	closing: boolean;
	/** Its connection, once its first sample came, when it can be held between refreshes (unix socket, plain TCP). */
	connection?: HoldableConnection;
	/** Its socket, when it can be held: the connection from its first sample on. */
	holdable?: HoldableConnection;
	/** With `newestOnly`: a copy of the newest line read in this burst, scanned once the burst is over. */
	newest?: Buffer;
}

export interface StatsStreamsOptions {
	/**
	 * Of the samples one read delivers together, only the newest is scanned and reported. A held stream
	 * delivers every sample of the refresh at once (5 per container with serve's 5 s refresh), and scanning
	 * and ingesting each was most of serve's CPU at rest; the exporter shows a container's last sample only,
	 * and each sample's CPU % is measured against the daemon's previous reading inside that same sample.
	 * Off for the live view, whose history keeps every second.
	 */
	newestOnly?: boolean;
}

/** What readValue answers for a line that a newer one of the same read replaces (newestOnly). */
const SUPERSEDED = Symbol('superseded');

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
		private readonly options: StatsStreamsOptions = {},
	) {}

	/**
	 * Reads what every held stream received since the last refresh, then holds them again: once refreshes
	 * come (the live view ticks), streams are read only at them, held in between, because the view draws
	 * once per refresh, so samples can wait in the kernel and all streams are read in one wakeup
	 * (holdable-connection.ts). Streams nobody refreshes are read as data comes. Released
	 * sockets are read in the event loop's next poll phase; two setImmediate turns put one between the
	 * release and the hold from whichever phase this is called (the app's timer, a test's promise).
	 * A sample that dockerd sends just after is read at the next refresh, as it would be drawn then anyway.
	 */
	refresh(): void {
		for (const stream of this.streams.values()) stream.connection?.release();
		setImmediate(() =>
			setImmediate(() => {
				for (const stream of this.streams.values()) stream.connection?.hold();
			}),
		);
	}

	/** Ids of the streams held now. */
	heldIds(): string[] {
		return [...this.streams].filter(([, stream]) => stream.connection?.held).map(([id]) => id);
	}

	ids(): string[] {
		return [...this.streams.keys()];
	}

	open(id: string): void {
		if (this.streams.has(id)) return;
		const controller = new AbortController();
		// @types/dockerode lacks abortSignal on stats(); dockerode 5 passes it to the request.
		const options = {stream: true, abortSignal: controller.signal} as {stream: true};
		const stream: Stream = {controller, closing: false, closed: Promise.resolve()};
		this.streams.set(id, stream);
		stream.closed = consumeNdjson(this.docker.getContainer(id).stats(options), controller.signal, {
			onResponse: (body) => {
				const {socket} = body as IncomingMessage;
				if (socket instanceof HoldableConnection) stream.holdable = socket;
			},
			// The fields the table shows, without building the whole sample (the view's largest allocation).
			readValue: this.options.newestOnly ? (bytes, start, end) => this.keepNewest(id, stream, bytes, start, end) : scanStats,
			onValue: (json) => {
				if (json === SUPERSEDED) return;
				this.report(id, stream, json);
			},
			onClose: (error) => {
				// A response the daemon ended leaves its connection to the agent's pool: never held there.
				stream.connection?.release();
				stream.connection = undefined;
				if (this.streams.get(id) === stream) this.streams.delete(id);
				if (!stream.closing) this.handlers.onUnexpectedEnd(id, error);
			},
		});
	}

	private report(id: string, stream: Stream, json: unknown): void {
		if (stream.closing) return;
		this.handlers.onStats(id, json);
		// Held from the refresh after its first sample: a new container's row is not kept waiting.
		stream.connection ??= stream.holdable;
	}

	/**
	 * newestOnly: keeps a copy of the line (its bytes are only valid during this call) and scans the newest
	 * in a microtask, which runs once the socket read that delivered the burst has been split into lines.
	 */
	private keepNewest(id: string, stream: Stream, bytes: Uint8Array, start: number, end: number): unknown {
		const first = stream.newest === undefined;
		// With its newline: a scanner stops on it without reading past the bytes it was given (line-splitter.ts).
		// set() is one memcpy at any tier of V8's compilers; Buffer.from(view) copies byte by byte in JavaScript.
		const copy = Buffer.allocUnsafe(end + 1 - start);
		copy.set(bytes.subarray(start, end + 1));
		stream.newest = copy;
		if (first) {
			queueMicrotask(() => {
				const line = stream.newest!;
				stream.newest = undefined;
				const last = line.length - 1;
				// A line scanStats cannot read is parsed as ndjson.ts would have parsed it.
				let json = scanStats(line, 0, last);
				if (json === undefined) {
					try {
						json = JSON.parse(line.toString('utf8', 0, last));
					} catch {
						return;
					}
				}
				this.report(id, stream, json);
			});
		}
		return SUPERSEDED;
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
		await Promise.all(this.ids().map((id) => this.close(id)));
	}
}
