/**
 * While the live view owns the screen, anything written to stderr (a Node warning, a library's debug line)
 * would be drawn over it at the cursor and desynchronise what is on screen from what ddc-top believes is
 * there. Such text is held instead, announced through `onText` (the status line shows it), and handed
 * back on restore to be printed once the terminal is back to normal.
 */
export interface StderrCapture {
	restore(): string;
}

const LIMIT = 64 * 1024;

export function captureStderr(stream: NodeJS.WriteStream, onText: (text: string) => void): StderrCapture {
	const original = stream.write;
	let held = '';
	stream.write = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
		// Keep the newest text when a flood passes the limit: the last words say the most.
		held = (held + text).slice(-LIMIT);
		onText(text);
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		if (typeof done === 'function') (done as () => void)();
		return true;
	}) as typeof stream.write;
	return {
		restore() {
			stream.write = original;
			return held;
		},
	};
}
