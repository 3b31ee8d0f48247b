import {HeldLine, MAX_LINE_BYTES} from './line-limit.js';

const NEWLINE = 10;

/** Where the lines of a byte stream go (see LineSplitter). */
export interface LineSink {
	/**
	 * A whole line, buf[start, end) without its newline (a CR before the newline stays in the line).
	 * buf[end] is a newline inside buf, so a scanner may stop on it without reading past the bytes it was
	 * given. `buf` is the chunk given to `feed` (that very Buffer, when it was one) if the line lies within
	 * it; a line that spanned chunks comes joined, in bytes that are only valid until the next call.
	 * `scanned` says that `scan` read this line and found its end.
	 */
	line(buf: Buffer, start: number, end: number, scanned: boolean): void;
	/**
	 * A line over the limit, skipped without being built: [start, end) are its offsets in the stream (as fed
	 * since the last reset), `end` just past its newline, or the stream's end for a last unfinished line.
	 */
	tooLong(start: number, end: number): void;
	/**
	 * Optional: reads the line that starts at buf[start], within buf[start, limit) (whole lines only, so a
	 * newline ends the range), and returns the index of its newline when it found it on the way, or -1. A
	 * scanner that validates the line anyway finds its end for free, which spares a search per line.
	 */
	scan?(buf: Buffer, start: number, limit: number): number;
}

/**
 * Bytes, in chunks split anywhere -> whole lines, the one place this is done (the metrics file, cleanup's
 * pass, Docker's NDJSON streams). A line inside one chunk is handed out as offsets into that chunk, with
 * no copy; only the unfinished last line of a chunk is copied, held until its newline arrives (HeldLine).
 * A line over `limit` bytes before its newline (a CR counts) goes to `tooLong` whatever the chunking, and
 * is never held whole, so memory stays bounded whatever its size.
 */
export class LineSplitter {
	private readonly held: HeldLine;
	/** Bytes fed so far: the stream offset of the next chunk. */
	private fed = 0;
	/** Stream offset of the held line's first byte. */
	private heldStart = 0;

	constructor(
		private readonly sink: LineSink,
		private readonly limit = MAX_LINE_BYTES,
	) {
		this.held = new HeldLine(limit);
	}

	/** Stream offset just past the last newline: the bytes from there on are an unfinished line. */
	get lineStart(): number {
		return this.held.active ? this.heldStart : this.fed;
	}

	/** The next bytes of the stream. The chunk may be reused by the caller once this returns. */
	feed(chunk: Uint8Array): void {
		const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const offset = this.fed;
		this.fed += buf.length;
		const sink = this.sink;
		let start = 0;
		if (this.held.active) {
			const nl = this.held.appendUntilNewline(buf);
			if (nl === -1) return;
			this.finishHeld(offset + nl + 1);
			start = nl + 1;
		}
		// Whole lines end at or before the last newline: a scan stops there, so no read ever goes past the
		// bytes given (a read out of bounds would make an optimised scanner slower for good).
		const limit = buf.lastIndexOf(NEWLINE) + 1;
		const scans = sink.scan !== undefined;
		while (start < limit) {
			let nl = scans ? sink.scan!(buf, start, limit) : -1;
			const scanned = nl !== -1;
			if (!scanned) nl = buf.indexOf(NEWLINE, start);
			if (nl - start > this.limit) sink.tooLong(offset + start, offset + nl + 1);
			else sink.line(buf, start, nl, scanned);
			start = nl + 1;
		}
		if (start < buf.length) {
			// Copied by the held line: the caller may reuse its chunk.
			this.heldStart = offset + start;
			this.held.append(buf, start, buf.length);
		}
	}

	/** The stream is over: a last line without its newline is handed out as if it had one. */
	end(): void {
		if (this.held.active) this.finishHeld(this.fed);
	}

	/** Forgets the held line and starts offsets over. */
	reset(): void {
		this.held.clear();
		this.fed = 0;
	}

	/** The held line is complete; `end` is the stream offset just past it (and its newline, if any). */
	private finishHeld(end: number): void {
		const line = this.held.viewWithNewline();
		if (line === undefined) {
			this.sink.tooLong(this.heldStart, end);
		} else {
			const whole = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
			const last = whole.length - 1;
			const nl = this.sink.scan?.(whole, 0, whole.length) ?? -1;
			this.sink.line(whole, 0, last, nl !== -1);
		}
		this.held.clear();
	}
}
