/**
 * A container's log stream (the Engine API's /containers/{id}/logs with follow) -> sanitized lines. A
 * container without a TTY multiplexes stdout and stderr in frames: an 8-byte header (the stream: 1 stdout,
 * 2 stderr; three zero bytes; the payload's length, big-endian) then the payload. A TTY container's stream
 * is the raw bytes. Frames and lines split anywhere across chunks; a line longer than MAX_LOG_LINE
 * characters is cut there, so a container printing without newlines cannot grow memory.
 */
import {sanitize} from './sanitize.js';

export type LogStreamState =
	| {kind: 'opening'}
	| {kind: 'following'}
	/** The stream ended (the container stopped) or could not be opened; `message` says why, plain words. */
	| {kind: 'ended'; message?: string};

export type ContainerLogEvent =
	/** New lines, oldest first, already sanitized; `stream` 2 is stderr. */
	{type: 'container-log-lines'; id: string; lines: LogLine[]} | {type: 'container-log-state'; id: string; state: LogStreamState};

export interface LogLine {
	text: string;
	stderr: boolean;
}

/** Characters a kept line may have; the rest of a longer one starts the next line. */
export const MAX_LOG_LINE = 1000;

const HEADER = 8;

/**
 * Tabs are spaces on a terminal line; every other control is shown as a mark (sanitize.ts). A log line's
 * indentation is kept as spaces (sanitize marks spaces at the ends so names that differ look different, which a
 * log line does not need), and spaces at its end, which draw nothing, go.
 */
function cleanLine(text: string): string {
	const line = text.replace(/\r$/, '').replace(/\t/g, '    ').replace(/ +$/, '');
	const indent = /^ */.exec(line)?.[0].length ?? 0;
	return ' '.repeat(indent) + sanitize(line.slice(indent));
}

export class LogDecoder {
	private header = Buffer.alloc(HEADER);
	private headerFill = 0;
	/** Payload bytes still to come of the current frame (multiplexed only). */
	private remaining = 0;
	private stream = 1;
	private readonly partial: [string, string] = ['', ''];
	private readonly utf8 = [new TextDecoder('utf-8'), new TextDecoder('utf-8')];

	/** `multiplexed`: the container has no TTY (Config.Tty false), so its stream comes in frames. */
	constructor(private readonly multiplexed: boolean) {}

	/** The lines completed by this chunk, oldest first. */
	feed(chunk: Uint8Array): LogLine[] {
		const out: LogLine[] = [];
		if (!this.multiplexed) {
			this.text(chunk, 1, out);
			return out;
		}
		let at = 0;
		while (at < chunk.length) {
			if (this.remaining === 0) {
				const take = Math.min(HEADER - this.headerFill, chunk.length - at);
				this.header.set(chunk.subarray(at, at + take), this.headerFill);
				this.headerFill += take;
				at += take;
				if (this.headerFill < HEADER) break;
				this.headerFill = 0;
				this.stream = this.header[0] === 2 ? 2 : 1;
				this.remaining = this.header.readUInt32BE(4);
				continue;
			}
			const take = Math.min(this.remaining, chunk.length - at);
			this.text(chunk.subarray(at, at + take), this.stream, out);
			this.remaining -= take;
			at += take;
		}
		return out;
	}

	/** What is left without its newline (the stream ended). */
	flush(): LogLine[] {
		const out: LogLine[] = [];
		for (const stream of [1, 2]) {
			const rest = this.partial[stream - 1] + this.utf8[stream - 1].decode();
			this.partial[stream - 1] = '';
			if (rest !== '') out.push({text: cleanLine(rest), stderr: stream === 2});
		}
		return out;
	}

	private text(bytes: Uint8Array, stream: number, out: LogLine[]): void {
		const i = stream - 1;
		let text = this.partial[i] + this.utf8[i].decode(bytes, {stream: true});
		let nl = text.indexOf('\n');
		while (nl >= 0) {
			pushCut(text.slice(0, nl), stream === 2, out);
			text = text.slice(nl + 1);
			nl = text.indexOf('\n');
		}
		while (text.length > MAX_LOG_LINE) {
			out.push({text: cleanLine(text.slice(0, MAX_LOG_LINE)), stderr: stream === 2});
			text = text.slice(MAX_LOG_LINE);
		}
		this.partial[i] = text;
	}
}

function pushCut(line: string, stderr: boolean, out: LogLine[]): void {
	for (let from = 0; from < line.length || from === 0; from += MAX_LOG_LINE) {
		out.push({text: cleanLine(line.slice(from, from + MAX_LOG_LINE)), stderr});
		if (line.length === 0) break;
	}
}
