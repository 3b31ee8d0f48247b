import {scanLine, scratchLine} from '../line-scanner.js';
import {LineSplitter} from '../line-splitter.js';
import {isBlankLine, parseMetricsLine, type RejectReason} from '../metrics-line.js';
import type {DetailCall} from './operation-detail.js';

const CR = 13;
/** DDC's line for a call without metadata ends so: nothing more to read from it. */
const EMPTY_METADATA = Buffer.from('"metadata": {}}');

/**
 * Bytes of a metrics file -> the calls of one operation, with their metadata.error and
 * metadata.container. Lines go through the table's own parsers (line-scanner.ts, then metrics-line.ts
 * for the rest), so a line counts here exactly when it counts in the table; the operation is compared
 * as bytes, and only its own lines are decoded and parsed for metadata. Other operations' lines cost a
 * scan. Lines come from LineSplitter: an unfinished last line is held until its newline, a line over
 * MAX_LINE_BYTES is rejected unread. Calls outside [from, to] (end_time, both included) are left out.
 */
export class OperationLines {
	linesRead = 0;
	linesRejected = 0;
	readonly rejectReasons = new Map<RejectReason, number>();
	/** Lines of the operation (in the range or not): 0 means the file never names it. */
	matched = 0;
	private readonly name: Buffer;
	private readonly scratch = scratchLine();
	/**
	 * The scanner finds the newline of every line it proves valid, so only the other lines need a search.
	 * No `end()`: the file's last line without a newline is still being written, and waits for its newline.
	 */
	private readonly lines = new LineSplitter({
		scan: (buf, start, limit) => (scanLine(buf, start, limit, this.scratch, false) ? this.scratch.lineEnd : -1),
		line: (buf, start, end, scanned) => {
			if (scanned) this.scannedLine(buf, start, end);
			else this.textLine(textOf(buf, start, end));
		},
		tooLong: () => this.reject('too-long'),
	});

	constructor(
		readonly operation: string,
		private readonly onCall: (call: DetailCall) => void,
		private readonly from = Number.NEGATIVE_INFINITY,
		private readonly to = Number.POSITIVE_INFINITY,
	) {
		this.name = Buffer.from(operation, 'utf8');
	}

	/** Raw bytes of the file, in order, from any chunking (the chunk may be reused by the caller). */
	ingestBytes(chunk: Uint8Array): void {
		this.lines.feed(chunk);
	}

	/** A line the scanner proved valid, buf[start, end) (its fields are in the scratch record). */
	private scannedLine(buf: Buffer, start: number, end: number): void {
		const s = this.scratch;
		this.linesRead++;
		if (!sameBytes(this.name, buf, s.opStart, s.opEnd)) return;
		this.matched++;
		if (s.endTime < this.from || s.endTime > this.to) return;
		const metadata = endsWith(buf, end, EMPTY_METADATA) ? {} : metadataOf(textOf(buf, start, end));
		this.emit(s.endTime, s.duration, s.success, metadata);
	}

	/** A line the scanner left to the string parser (without its newline). */
	private textLine(text: string): void {
		if (isBlankLine(text)) return;
		this.linesRead++;
		const parsed = parseMetricsLine(text);
		if (!parsed.ok) {
			this.linesRejected++;
			this.rejectReasons.set(parsed.reason, (this.rejectReasons.get(parsed.reason) ?? 0) + 1);
			return;
		}
		const r = parsed.record;
		if (r.operation !== this.operation) return;
		this.matched++;
		if (r.endTime < this.from || r.endTime > this.to) return;
		this.emit(r.endTime, r.duration, r.success, metadataOf(text));
	}

	private emit(end: number, duration: number, success: boolean, metadata: Record<string, unknown>): void {
		this.onCall({end, duration, success, container: asText(metadata.container), error: asText(metadata.error)});
	}

	private reject(reason: RejectReason): void {
		this.linesRead++;
		this.linesRejected++;
		this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
	}
}

/** A metadata value as text: a string as is, anything else present as its JSON (shown, never trusted). */
function asText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function sameBytes(name: Buffer, buf: Buffer, start: number, end: number): boolean {
	if (end - start !== name.length) return false;
	for (let i = 0; i < name.length; i++) if (name[i] !== buf[start + i]) return false;
	return true;
}

function endsWith(buf: Buffer, end: number, tail: Buffer): boolean {
	let e = end;
	while (e > 0 && (buf[e - 1] === CR || buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
	return e >= tail.length && buf.compare(tail, 0, tail.length, e - tail.length, e) === 0;
}

function textOf(buf: Buffer, start: number, end: number): string {
	return buf.toString('utf8', start, end > start && buf[end - 1] === CR ? end - 1 : end);
}

/** The line's metadata object; {} when it has none (or another field holds a bare NaN JSON.parse refuses). */
function metadataOf(line: string): Record<string, unknown> {
	try {
		const m = (JSON.parse(line) as {metadata?: unknown}).metadata;
		if (m && typeof m === 'object' && !Array.isArray(m)) return m as Record<string, unknown>;
	} catch {
		// The record was valid by the table's rules; it is kept without metadata.
	}
	return {};
}
