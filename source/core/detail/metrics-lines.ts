import {type ScannedLine, scanLine, scratchLine} from '../line-scanner.js';
import {LineSplitter} from '../line-splitter.js';

const CR = 13;

/** Where the lines of a metrics stream go, for the details that pick some of them out. */
export interface MetricsLineSink {
	/** A line the scanner proved valid, buf[start, end) (its fields are in `scratch`). */
	scanned(buf: Buffer, start: number, end: number, scratch: ScannedLine): void;
	/** A line the scanner left to the string parser (without its newline or a CR before it). */
	text(text: string): void;
	/** A line over MAX_LINE_BYTES, skipped unread. */
	tooLong(): void;
}

/**
 * Bytes of a metrics file -> its lines, scanned by the table's own scanner (line-scanner.ts) so a line is
 * valid here exactly when it is in the table; what the scanner leaves goes to the string parser as text.
 * The scanner finds the newline of every line it proves valid, so only the other lines need a search.
 * No `end()`: the file's last line without a newline is still being written, and waits for its newline.
 */
export function metricsLines(sink: MetricsLineSink): LineSplitter {
	const scratch = scratchLine();
	return new LineSplitter({
		scan: (buf, start, limit) => (scanLine(buf, start, limit, scratch, false) ? scratch.lineEnd : -1),
		line: (buf, start, end, scanned) => {
			if (scanned) sink.scanned(buf, start, end, scratch);
			else sink.text(textOf(buf, start, end));
		},
		tooLong: () => sink.tooLong(),
	});
}

/** buf[start, end) as text, without a CR before the newline. */
export function textOf(buf: Buffer, start: number, end: number): string {
	return buf.toString('utf8', start, end > start && buf[end - 1] === CR ? end - 1 : end);
}

/** The line's metadata object; {} when it has none (or another field holds a bare NaN JSON.parse refuses). */
export function metadataOf(line: string): Record<string, unknown> {
	try {
		const m = (JSON.parse(line) as {metadata?: unknown}).metadata;
		if (m && typeof m === 'object' && !Array.isArray(m)) return m as Record<string, unknown>;
	} catch {
		// The record was valid by the table's rules; it is kept without metadata.
	}
	return {};
}

/** buf[end - tail.length, end) is `tail`, trailing blanks and a CR aside. */
export function endsWith(buf: Buffer, end: number, tail: Buffer): boolean {
	let e = end;
	while (e > 0 && (buf[e - 1] === CR || buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
	return e >= tail.length && buf.compare(tail, 0, tail.length, e - tail.length, e) === 0;
}
