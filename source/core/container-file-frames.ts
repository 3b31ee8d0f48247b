/**
 * Reads what the in-container follower (container-file-script.ts) says: the exec's multiplexed stream (no
 * TTY: each frame is an 8-byte header, stream 1 stdout or 2 stderr, then its length) is cut into the
 * follower's messages. Data bytes are handed on only once their `E` line says how many of them are the
 * file's, so padding for a file that shrank mid-read is never counted. Pure: bytes in, messages out.
 */

export type FollowerMessage =
	| {kind: 'hello'}
	| {kind: 'opened'; why: 'first' | 'replaced' | 'truncated' | 'recreated' | 'rewritten'; size: number}
	| {kind: 'data'; chunk: Buffer; position: number}
	| {kind: 'following'}
	| {kind: 'absent'}
	| {kind: 'not-regular'; mode: string}
	| {kind: 'cannot-open'; text: string}
	| {kind: 'missing-tool'; tool: string}
	| {kind: 'unknown'; line: string};

const WHY = new Set(['first', 'replaced', 'truncated', 'recreated', 'rewritten']);

/** The exec's frames -> stdout bytes (to the follower parser) and stderr text (kept for a message). */
export class ExecDemuxer {
	private pending: Buffer = Buffer.alloc(0);
	/** The last stderr bytes, as text (what a shell says when it cannot run). */
	stderr = '';

	constructor(private readonly onStdout: (bytes: Buffer) => void) {}

	feed(chunk: Buffer): void {
		let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
		while (buf.length >= 8) {
			const size = buf.readUInt32BE(4);
			if (buf.length < 8 + size) break;
			const payload = buf.subarray(8, 8 + size);
			if (buf[0] === 2) this.stderr = (this.stderr + payload.toString('utf8')).slice(-2000);
			else this.onStdout(payload);
			buf = buf.subarray(8 + size);
		}
		this.pending = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
	}
}

/** The follower's stdout -> messages, in order. */
export class FollowerParser {
	private line = '';
	/** Bytes of the current `D` block still to come, then its `E` line. */
	private want = 0;
	private block: Buffer[] = [];
	private blockLength = 0;
	private awaitingEnd = false;
	/** fd 3's position as the follower last said it: the start of the next block. */
	private position = 0;

	constructor(private readonly onMessage: (message: FollowerMessage) => void) {}

	feed(bytes: Buffer): void {
		let at = 0;
		while (at < bytes.length) {
			if (this.want > 0) {
				const take = Math.min(this.want, bytes.length - at);
				this.block.push(bytes.subarray(at, at + take));
				this.blockLength += take;
				this.want -= take;
				at += take;
				if (this.want === 0) this.awaitingEnd = true;
				continue;
			}
			const newline = bytes.indexOf(10, at);
			if (newline === -1) {
				this.line += bytes.toString('latin1', at);
				if (this.line.length > 4096) this.line = this.line.slice(-4096);
				return;
			}
			const line = this.line + bytes.toString('latin1', at, newline);
			this.line = '';
			at = newline + 1;
			const message = this.message(line);
			if (message) this.onMessage(message);
		}
	}

	private message(line: string): FollowerMessage | undefined {
		const space = line.indexOf(' ');
		const tag = space === -1 ? line : line.slice(0, space);
		const rest = space === -1 ? '' : line.slice(space + 1);
		if (this.awaitingEnd && tag !== 'E') this.awaitingEnd = false;
		switch (tag) {
			case 'H':
				this.position = 0;
				return {kind: 'hello'};
			case 'O': {
				const [why, size] = rest.split(' ');
				this.position = 0;
				if (!WHY.has(why)) return {kind: 'unknown', line};
				return {kind: 'opened', why: why as 'first', size: Number(size) || 0};
			}
			case 'D': {
				const k = Number(rest);
				if (!Number.isSafeInteger(k) || k <= 0) return {kind: 'unknown', line};
				this.want = k;
				this.block = [];
				this.blockLength = 0;
				return undefined;
			}
			case 'E': {
				const position = Number(rest);
				if (!this.awaitingEnd || !Number.isSafeInteger(position)) return {kind: 'unknown', line};
				this.awaitingEnd = false;
				const real = Math.max(0, Math.min(this.blockLength, position - this.position));
				const all = this.block.length === 1 ? this.block[0] : Buffer.concat(this.block, this.blockLength);
				this.block = [];
				this.position = position;
				return real > 0 ? {kind: 'data', chunk: all.subarray(0, real), position} : undefined;
			}
			case 'F':
				return {kind: 'following'};
			case 'A':
				return {kind: 'absent'};
			case 'N':
				return {kind: 'not-regular', mode: rest};
			case 'X':
				return {kind: 'cannot-open', text: rest};
			case 'T':
				return {kind: 'missing-tool', tool: rest};
			default:
				return {kind: 'unknown', line};
		}
	}
}

/** ls's mode string's first letter -> the words the local tailer uses for a path that is not a regular file. */
export function modeWords(mode: string): string {
	switch (mode[0]) {
		case 'd':
			return 'a directory';
		case 'p':
			return 'a FIFO (named pipe)';
		case 'c':
			return 'a character device';
		case 'b':
			return 'a block device';
		case 's':
			return 'a socket';
		default:
			return 'not a regular file';
	}
}
