import {StringDecoder} from 'node:string_decoder';
import type {Key} from 'ink';
import {rawKeys} from './raw-keys.js';

export interface KeyReaderHandlers {
	/** Whether this key needs Ink (it opens the help or the menu): asked before each key is handled. */
	needsOverlay(input: string, key: Key): boolean;
	/** Handles a key that needs no Ink (the same dispatch Ink's useInput calls). */
	key(input: string, key: Key): void;
	/** The first key that needs Ink arrived: load it, then call handOver(). */
	overlayWanted(): void;
	/** Ctrl-C while Ink is loading: it cannot wait for the load. */
	interrupt(): void;
}

export interface KeyReader {
	/** Puts every key not handled yet back in stdin, for Ink's reader, and stops reading. */
	handOver(): void;
	stop(): void;
}

/**
 * Reads keys from a raw-mode stdin before Ink is loaded, so that keys that change only the dashboard (q,
 * Ctrl-C, Tab, w, s, the filter editor) answer at once without loading Ink. The first key that needs Ink
 * and everything after it (typed while Ink loads) are kept, in order, and given back to stdin for Ink.
 */
export function startKeyReader(stdin: NodeJS.ReadStream, handlers: KeyReaderHandlers): KeyReader {
	const decoder = new StringDecoder('utf8');
	let pending: string | undefined;
	let stopped = false;
	const onReadable = () => {
		let chunk: Buffer | string | null;
		while (!stopped && (chunk = stdin.read() as Buffer | string | null) !== null) {
			const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
			if (pending !== undefined) {
				pending += text;
				if (text.includes('\u0003')) handlers.interrupt();
				continue;
			}
			const keys = rawKeys(text);
			for (let i = 0; i < keys.length && !stopped; i++) {
				const {input, key} = keys[i]!;
				if (handlers.needsOverlay(input, key)) {
					pending = keys
						.slice(i)
						.map((k) => k.raw)
						.join('');
					// Ctrl-C right behind the key that opens an overlay (a paste): still not kept waiting.
					if (pending.includes('\u0003')) handlers.interrupt();
					else handlers.overlayWanted();
					break;
				}
				handlers.key(input, key);
			}
		}
	};
	stdin.on('readable', onReadable);
	return {
		handOver() {
			stdin.off('readable', onReadable);
			if (pending) stdin.unshift(Buffer.from(pending, 'utf8'));
			pending = undefined;
		},
		stop() {
			stopped = true;
			stdin.off('readable', onReadable);
		},
	};
}
