import type {ScannedLine} from '../line-scanner.js';
import {isBlankLine, parseMetricsLine, type RejectReason} from '../metrics-line.js';
import {endsWith, metadataOf, metricsLines, textOf} from './metrics-lines.js';
import type {DetailCall} from './operation-detail.js';

/** DDC's line for a call without metadata ends so: nothing more to read from it. */
const EMPTY_METADATA = Buffer.from('"metadata": {}}');

/**
 * Bytes of a metrics file -> the calls of one operation, with their metadata.error and
 * metadata.container. Lines go through the table's own parsers (line-scanner.ts, then metrics-line.ts
 * for the rest: metrics-lines.ts), so a line counts here exactly when it counts in the table; the operation
 * is compared as bytes, and only its own lines are decoded and parsed for metadata. Other operations' lines
 * cost a scan. An unfinished last line is held until its newline, a line over MAX_LINE_BYTES is rejected
 * unread. Calls outside [from, to] (end_time, both included) are left out.
 */
export class OperationLines {
	linesRead = 0;
	linesRejected = 0;
	readonly rejectReasons = new Map<RejectReason, number>();
	/** Lines of the operation (in the range or not): 0 means the file never names it. */
	matched = 0;
	private readonly name: Buffer;
	private readonly lines = metricsLines({
		scanned: (buf, start, end, scratch) => this.scannedLine(buf, start, end, scratch),
		text: (text) => this.textLine(text),
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

	/** A line the scanner proved valid, buf[start, end) (its fields are in `s`). */
	private scannedLine(buf: Buffer, start: number, end: number, s: ScannedLine): void {
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
