/**
 * Newline-delimited JSON over an HTTP response (Docker stats and events). Chunks split objects, so
 * lines come from readline and only whole lines are parsed. Error listeners go on both the response and
 * the readline interface: aborting emits ECONNRESET / "aborted" on the response, readline re-emits it,
 * and an 'error' without a listener would crash the whole UI.
 */
import readline from 'node:readline';
import type {Readable} from 'node:stream';

export interface NdjsonHandlers {
	onValue(value: unknown): void;
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
				readLines(body, handlers.onValue, close);
			},
			(error: Error) => close(error),
		);
	});
}

function readLines(body: Readable, onValue: (value: unknown) => void, onClose: (error?: Error) => void): void {
	let failure: Error | undefined;
	const remember = (error: Error): void => {
		failure ??= error;
	};
	body.on('error', remember);
	const lines = readline.createInterface({input: body, crlfDelay: Number.POSITIVE_INFINITY});
	lines.on('error', remember);
	lines.on('line', line => {
		if (line.trim() === '') return;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch {
			// A torn line only comes from a broken connection; the close that follows reports it.
			return;
		}
		onValue(value);
	});
	// http.IncomingMessage emits 'close' exactly once, after 'end' or 'error'.
	body.on('close', () => {
		lines.close();
		onClose(failure);
	});
}
