/**
 * Bytes of a metrics file -> the calls whose `metadata.container` is one container's name (issue #14 §3),
 * with their operation: the inverse of operation-lines.ts, which finds one operation's calls. Lines go through
 * the table's own parsers (line-scanner.ts, then metrics-line.ts: detail/metrics-lines.ts), so a line counts
 * here exactly when it counts in the table. Most lines do not name the container: a line is decoded only when
 * its bytes contain the name at all, so the others cost a scan and a byte search.
 */
import {metadataOf, metricsLines, textOf} from './detail/metrics-lines.js';
import type {ScannedLine} from './line-scanner.js';
import {isBlankLine, parseMetricsLine} from './metrics-line.js';

export type ContainerCall = (operation: string, end: number, duration: number, success: boolean) => void;

export class ContainerLines {
	private readonly name: Buffer;
	private readonly lines = metricsLines({
		scanned: (buf, start, end, scratch) => this.scannedLine(buf, start, end, scratch),
		text: (text) => this.textLine(text),
		tooLong: () => {},
	});

	constructor(
		readonly container: string,
		private readonly onCall: ContainerCall,
	) {
		// The name as JSON writes it inside a string, so the byte search finds it in the line as written.
		this.name = Buffer.from(JSON.stringify(container).slice(1, -1), 'utf8');
	}

	/** Raw bytes of the file, in order, from any chunking (the chunk may be reused by the caller). */
	ingestBytes(chunk: Uint8Array): void {
		this.lines.feed(chunk);
	}

	private scannedLine(buf: Buffer, start: number, end: number, s: ScannedLine): void {
		if (this.name.length === 0 || buf.subarray(start, end).indexOf(this.name) < 0) return;
		if (containerOf(textOf(buf, start, end)) !== this.container) return;
		this.onCall(buf.toString('utf8', s.opStart, s.opEnd), s.endTime, s.duration, s.success);
	}

	private textLine(text: string): void {
		if (isBlankLine(text) || !text.includes(this.container)) return;
		const parsed = parseMetricsLine(text);
		if (!parsed.ok || containerOf(text) !== this.container) return;
		const r = parsed.record;
		this.onCall(r.operation, r.endTime, r.duration, r.success);
	}
}

/** The line's metadata.container when it is a string. */
function containerOf(line: string): string | undefined {
	const container = metadataOf(line).container;
	return typeof container === 'string' ? container : undefined;
}
