/**
 * Newline-delimited JSON over an HTTP response (Docker stats and events). Chunks split objects, so only
 * whole lines are parsed. Lines are cut from the raw bytes: a newline byte never occurs inside a UTF-8
 * sequence, so no string decoder is needed, and readline's decoding, regex splitting and per-line events
 * cost about as much as JSON.parse for one stats sample (20 containers are 20 samples a second).
 * A line over MAX_LINE_BYTES (a stats sample is a few KB) is skipped without being built, so a broken or
 * hostile endpoint cannot grow memory without bound. The error listener on the response matters: aborting
 * emits ECONNRESET / "aborted", and an 'error' without a listener would crash the whole UI.
 */
import type {Readable} from 'node:stream';
import {HeldLine, MAX_LINE_BYTES} from '../core/line-limit.js';

export interface NdjsonHandlers {
	/** The response arrived (before any value). */
	onResponse?(body: Readable): void;
	onValue(value: unknown): void;
	/**
	 * Reads a line's value without JSON.parse (stats-scanner.ts), or returns undefined to have it parsed:
	 * the value it gives must be what JSON.parse would have given, as far as onValue looks.
	 */
	readValue?(bytes: Uint8Array, start: number, end: number): unknown;
	/** Called once when the stream is over for any reason (end, error, abort, failed request). */
	onClose(error?: Error): void;
}

/**
 * Reads a pending streaming response to its end. Resolves once its socket is gone, so stop() can wait
 * for "nothing left open". `signal` is the request's abort signal: a response that arrives after the
 * abort is destroyed at once.
 */
export function consumeNdjson(
	response: Promise<NodeJS.ReadableStream>,
	signal: AbortSignal,
	handlers: NdjsonHandlers,
): Promise<void> {
	return new Promise<void>(resolve => {
		let reported = false;
		const close = (error?: Error): void => {
			if (reported) return;
			reported = true;
			handlers.onClose(error);
			resolve();
		};
		response.then(
			stream => {
				const body = stream as Readable;
				if (signal.aborted) body.destroy();
				// Closed before we could listen (an abort racing the response): 'close' will not come again.
				if (body.closed) return close();
				handlers.onResponse?.(body);
				readLines(body, handlers, close);
			},
			(error: Error) => close(error),
		);
	});
}

const NEWLINE = 10;

function readLines(body: Readable, {onValue, readValue}: NdjsonHandlers, onClose: (error?: Error) => void): void {
	let failure: Error | undefined;
	/** An unfinished last line, copied out of its chunk (or only counted once over the limit). */
	const held = new HeldLine();
	const parse = (bytes: Buffer, start: number, end: number): void => {
		if (end - start > MAX_LINE_BYTES) return;
		let value = readValue?.(bytes, start, end);
		if (value === undefined) {
			try {
				// JSON.parse skips the whitespace around a value (a CR of CRLF); a blank line throws and is skipped.
				value = JSON.parse(bytes.toString('utf8', start, end));
			} catch {
				// A torn line only comes from a broken connection; the close that follows reports it.
				return;
			}
		}
		onValue(value);
	};
	body.on('error', (error: Error) => {
		failure ??= error;
	});
	body.on('data', (data: Buffer | string) => {
		const chunk = typeof data === 'string' ? Buffer.from(data) : data;
		let start = 0;
		if (held.active) {
			const newline = held.appendUntilNewline(chunk);
			if (newline === -1) return;
			parseHeld();
			start = newline + 1;
		}
		for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
			parse(chunk, start, newline);
			start = newline + 1;
		}
		if (start < chunk.length) held.append(chunk, start, chunk.length);
	});
	/** The held line, unless it was too long, then nothing is held. */
	const parseHeld = (): void => {
		const line = held.view();
		if (line !== undefined) parse(Buffer.from(line.buffer, line.byteOffset, line.byteLength), 0, line.byteLength);
		held.clear();
	};
	body.on('end', () => {
		// A last line without its newline, as readline would have delivered it.
		if (held.active) parseHeld();
	});
	// http.IncomingMessage emits 'close' exactly once, after 'end' or 'error'.
	body.on('close', () => onClose(failure));
}
