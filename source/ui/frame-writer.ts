import {EventEmitter} from 'node:events';
import {FrameDiffer} from '../core/frame-diff.js';

const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';
const CLEAR = '\u001B[H\u001B[2J';

export interface FrameWriter {
	/** What Ink renders into (and what sizes are read from): full frames in, nothing reaches the terminal as is. */
	readonly stdout: NodeJS.WriteStream;
	/** Bytes written to the terminal so far. */
	readonly bytesWritten: number;
	dispose(): void;
}

/**
 * Between Ink and the terminal. Ink runs in debug mode, which hands over each full frame as one write (and,
 * unlike its normal mode, keeps drawing when CI=true is set); we write only the cells that changed since
 * the previous frame, at absolute positions, inside a synchronized update so no half frame is ever seen.
 * Ink 6.8's own incremental mode rewrites every changed line whole (one ticking number costs ~130 bytes)
 * and lands one row low in a frame below full height; cell updates cost a few bytes each.
 */
export interface FrameWriterOptions {
	/** At most this many frames a second reach the terminal (a held key must not flood an SSH link). */
	maxFps?: number;
}

export function createFrameWriter(terminal: NodeJS.WriteStream, options: FrameWriterOptions = {}): FrameWriter {
	const differ = new FrameDiffer();
	const minGapMs = 1000 / (options.maxFps ?? 30);
	let clearFirst = true;
	let closed = false;
	let bytes = 0;
	let pending: string | undefined;
	let timer: NodeJS.Timeout | undefined;
	let lastAt = Number.NEGATIVE_INFINITY;

	const flush = () => {
		timer = undefined;
		if (pending === undefined || closed) return;
		const frame = pending;
		pending = undefined;
		lastAt = Date.now();
		const body = differ.diff(frame, terminal.columns ?? 80, terminal.rows ?? 24);
		if (body === '' && !clearFirst) return;
		const out = BEGIN_SYNC + (clearFirst ? CLEAR : '') + body + END_SYNC;
		clearFirst = false;
		bytes += Buffer.byteLength(out);
		terminal.write(out);
	};

	const stream = new EventEmitter() as EventEmitter & Record<string, unknown>;
	Object.defineProperties(stream, {
		columns: {get: () => terminal.columns},
		rows: {get: () => terminal.rows},
		isTTY: {value: true},
		writable: {value: true},
		destroyed: {value: false},
		writableEnded: {value: false},
		writableLength: {value: 0},
	});
	stream.write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		const frame = typeof chunk === 'string' ? chunk : String(chunk ?? '');
		if (frame !== '' && !closed) {
			// Only the newest frame matters: frames that come faster than the cap are replaced, not queued.
			pending = frame;
			const wait = lastAt + minGapMs - Date.now();
			if (wait <= 0) flush();
			else timer ??= setTimeout(flush, wait);
		}
		if (typeof done === 'function') (done as () => void)();
		return true;
	};
	const onResize = () => {
		// The terminal reflows or clears on resize: draw the next frame in full on a clean screen.
		differ.reset();
		clearFirst = true;
		stream.emit('resize');
	};
	terminal.on('resize', onResize);
	return {
		stdout: stream as unknown as NodeJS.WriteStream,
		get bytesWritten() {
			return bytes;
		},
		dispose() {
			// Whatever Ink writes while unmounting (an empty frame, cursor codes) must not reach the screen.
			closed = true;
			if (timer) clearTimeout(timer);
			terminal.off('resize', onResize);
		},
	};
}
