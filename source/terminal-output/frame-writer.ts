import {EventEmitter} from 'node:events';
import {composeScreen, FrameDiffer, type Point} from './frame-diff.js';
import {type TerminalSizeSource, trackTerminalSize} from './terminal-size.js';

const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';
const CLEAR = '\u001B[H\u001B[2J';

export interface FrameWriter {
	/** What Ink renders the overlay into (and reads sizes from): its frames are laid over the base. */
	readonly stdout: NodeJS.WriteStream;
	/**
	 * The dashboard's lines (the base layer) and where Ink's frame goes over them (undefined: no overlay is
	 * open, Ink's frame is ignored), laid out together from one snapshot: the screen is redrawn, coalesced.
	 */
	setBase(lines: readonly string[], overlayOrigin?: Point): void;
	/** Bytes written to the terminal so far. */
	readonly bytesWritten: number;
	dispose(): void;
}

/**
 * The only writer to the terminal while the view is up. Two layers come in: the dashboard's lines and
 * Ink's latest full frame (Ink runs in debug mode, which hands over each frame as one write and, unlike
 * its normal mode, keeps drawing when CI=true), laid at the origin given with the base. What goes out is only the
 * cells that changed since the previous screen, at absolute positions, inside a synchronized update so
 * no half frame is ever seen. Ink 6.8's own incremental mode rewrites every changed line whole and lands
 * one row low in a frame below full height; cell updates cost a few bytes each.
 */
export interface FrameWriterOptions {
	/** At most this many frames a second reach the terminal (a held key must not flood an SSH link). */
	maxFps?: number;
	/** The terminal's size as the app tracks it; by default, followed here from `terminal`'s resizes. */
	size?: TerminalSizeSource;
}

export function createFrameWriter(terminal: NodeJS.WriteStream, options: FrameWriterOptions = {}): FrameWriter {
	const differ = new FrameDiffer();
	const size = options.size ?? trackTerminalSize(terminal);
	const minGapMs = 1000 / (options.maxFps ?? 30);
	let clearFirst = true;
	let closed = false;
	let bytes = 0;
	let base: readonly string[] | undefined;
	let origin: Point | undefined;
	let overlay = '';
	let dirty = false;
	let timer: NodeJS.Timeout | undefined;
	let immediate: NodeJS.Immediate | undefined;
	let lastAt = Number.NEGATIVE_INFINITY;

	const flush = () => {
		timer = undefined;
		immediate = undefined;
		if (!dirty || closed || base === undefined) return;
		dirty = false;
		lastAt = Date.now();
		const {columns, rows} = size.current();
		const body = differ.diff(composeScreen(base, overlay, origin), columns, rows);
		if (body === '' && !clearFirst) return;
		const out = BEGIN_SYNC + (clearFirst ? CLEAR : '') + body + END_SYNC;
		clearFirst = false;
		bytes += Buffer.byteLength(out);
		terminal.write(out);
	};

	// Only the newest layers matter: changes that come faster than the cap are merged, not queued. The
	// draw waits for the check phase, so a key's dashboard change and Ink's re-render leave as one frame.
	const schedule = () => {
		dirty = true;
		if (timer || immediate || closed) return;
		const wait = lastAt + minGapMs - Date.now();
		if (wait <= 0) immediate = setImmediate(flush);
		else timer = setTimeout(flush, wait);
	};

	const stream = new EventEmitter() as EventEmitter & Record<string, unknown>;
	Object.defineProperties(stream, {
		columns: {get: () => size.current().columns},
		rows: {get: () => size.current().rows},
		isTTY: {value: true},
		writable: {value: true},
		destroyed: {value: false},
		writableEnded: {value: false},
		writableLength: {value: 0},
	});
	stream.write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		const frame = typeof chunk === 'string' ? chunk : String(chunk ?? '');
		if (!closed && frame !== overlay) {
			overlay = frame.trim() === '' ? '' : frame;
			schedule();
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
	const unsubscribe = size.subscribe(onResize);
	return {
		stdout: stream as unknown as NodeJS.WriteStream,
		setBase(lines, overlayOrigin) {
			if (closed) return;
			base = lines;
			origin = overlayOrigin;
			schedule();
		},
		get bytesWritten() {
			return bytes;
		},
		dispose() {
			// Whatever Ink writes while unmounting (an empty frame, cursor codes) must not reach the screen.
			closed = true;
			clearTimeout(timer);
			clearImmediate(immediate);
			unsubscribe();
			if (!options.size) size.dispose();
		},
	};
}
