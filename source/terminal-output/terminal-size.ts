export interface TerminalSize {
	columns: number;
	rows: number;
}

/**
 * The one record of the terminal's size: the layout, the frame writer and Ink (through the frame
 * writer's stream) all read it here, so within one frame they never disagree about it.
 */
export interface TerminalSizeSource {
	/** The size now; the same object until the next resize. */
	current(): TerminalSize;
	/** Called after each resize, once `current()` has the new size. */
	subscribe(listener: () => void): () => void;
	dispose(): void;
}

const FALLBACK: TerminalSize = {columns: 80, rows: 24};

/** Follows `terminal`'s 'resize' (a TTY updates its columns and rows before it emits it). */
export function trackTerminalSize(terminal: NodeJS.WriteStream, fallback: TerminalSize = FALLBACK): TerminalSizeSource {
	const read = () => ({columns: terminal.columns || fallback.columns, rows: terminal.rows || fallback.rows});
	let size = read();
	const listeners = new Set<() => void>();
	const onResize = () => {
		size = read();
		for (const listener of listeners) listener();
	};
	terminal.on('resize', onResize);
	return {
		current: () => size,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		dispose: () => terminal.off('resize', onResize),
	};
}

/** A size that never changes: a test's screen. */
export function fixedTerminalSize(size: TerminalSize): TerminalSizeSource {
	return {current: () => size, subscribe: () => () => {}, dispose() {}};
}
