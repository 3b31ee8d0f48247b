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
import {LineSplitter} from '../core/line-splitter.js';

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
export function consumeNdjson(response: Promise<NodeJS.ReadableStream>, signal: AbortSignal, handlers: NdjsonHandlers): Promise<void> {
	return new Promise<void>((resolve) => {
		let reported = false;
		const close = (error?: Error): void => {
			if (reported) return;
			reported = true;
			handlers.onClose(error);
			resolve();
		};
		response.then(
			(stream) => {
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

function readLines(body: Readable, {onValue, readValue}: NdjsonHandlers, onClose: (error?: Error) => void): void {
	let failure: Error | undefined;
	const parse = (bytes: Buffer, start: number, end: number): void => {
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
	/** A line over the limit is skipped; an unfinished last line is copied out of its chunk until its newline. */
	const lines = new LineSplitter({line: parse, tooLong: () => {}});
	body.on('data', (data: Buffer | string) => {
		lines.feed(typeof data === 'string' ? Buffer.from(data) : data);
	});
	body.on('end', () => {
		// A last line without its newline, as readline would have delivered it.
		lines.end();
	});
	// http.IncomingMessage emits 'close' exactly once, after 'end' or 'error'.
	body.on('close', () => onClose(failure));
}
