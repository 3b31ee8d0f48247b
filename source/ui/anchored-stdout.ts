/**
 * Ink 6.8.0's incremental renderer moves the cursor up one line too few before each frame when the
 * previous frame ended with a newline (always, below full height): every frame lands one row low, the
 * top row keeps a stale copy of the header, and the last row may scroll. Our frame always starts at the
 * top-left of the alternate screen, so the relative "cursor up N" that opens a frame is replaced by an
 * absolute "cursor home": right whatever Ink or a scrolled terminal believes.
 * The stream is otherwise passed through untouched (columns, rows, isTTY, 'resize'...).
 */
// Optional "begin synchronized update", then the cursor-up that starts an incremental frame.
const FRAME_START = /^(\u001B\[\?2026h)?\u001B\[\d*A/;

export function anchorFramesToTop(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		const fixed = typeof chunk === 'string' ? chunk.replace(FRAME_START, '$1\u001B[H') : chunk;
		return (stdout.write as (...args: unknown[]) => boolean)(fixed, ...rest);
	};
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') return write;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
