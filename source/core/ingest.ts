import {LatencyStats, type OperationStats} from './latency-windows.js';
import {MAX_LINE_BYTES} from './line-limit.js';
import {scanLine, scratchLine} from './line-scanner.js';
import {LineSplitter} from './line-splitter.js';
import {isBlankLine, parseMetricsLine, type RejectReason} from './metrics-line.js';

export interface Failure {
	endTime: number;
	duration: number;
	/** The line's metadata object as written (untrusted, possibly secret: redact and sanitize before use). */
	metadata: Record<string, unknown>;
}

/**
 * A failure as kept: its line's text, parsed for metadata only when someone asks (most never are). Text,
 * not bytes: a string of a few hundred bytes costs about 0.2 µs to make, a copied Uint8Array of that size
 * (a backing store of its own) measured about 5 µs.
 */
interface KeptFailure {
	endTime: number;
	duration: number;
	line: string;
}

/** How many recent failures (with their metadata) are kept per operation. */
export const FAILURES_KEPT = 20;

/** Slots of the direct-mapped operation cache: more than the operation cap, so most names keep their own. */
const CACHE_SLOTS = 2048;

const CR = 13;

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, length: number): boolean {
	if (a.length !== length) return false;
	for (let i = 0; i < length; i++) if (a[i] !== buf[start + i]) return false;
	return true;
}

interface KnownOperation {
	bytes: Uint8Array;
	op: OperationStats;
}

/**
 * Lines -> statistics, rejections and recent failures. The one place lines become numbers, shared by the
 * live view, `--once`, export and the benchmark, so they cannot disagree.
 *
 * `ingestBytes` is the hot path: it splits and scans raw file bytes without decoding them, keeping an
 * unfinished last line until its newline arrives. Only unusual lines are decoded for the string parser.
 * A line over MAX_LINE_BYTES is rejected as `too-long` without being built or decoded, and the lines
 * after it are read as usual.
 */
export class MetricsIngest {
	readonly stats: LatencyStats;
	linesRead = 0;
	linesRejected = 0;
	readonly rejectReasons = new Map<RejectReason | 'operation-limit', number>();
	/** Newest end_time seen (epoch seconds), for "age of the last line". */
	lastEndTime = Number.NEGATIVE_INFINITY;
	private readonly failures = new Map<string, KeptFailure[]>();
	private readonly scratch = scratchLine();
	/** Operations by the FNV hash of their name's bytes: a line costs no decode and no string lookup. */
	private known = new Map<number, KnownOperation[]>();
	private recent: Array<KnownOperation | undefined> = new Array(CACHE_SLOTS).fill(undefined);
	/**
	 * The scanner finds the newline of every line it proves valid, so only the other lines need a search;
	 * a line it leaves goes to the string parser.
	 */
	private readonly lines = new LineSplitter({
		scan: (buf, start, limit) => (scanLine(buf, start, limit, this.scratch, false) ? this.scratch.lineEnd : -1),
		line: (buf, start, end, scanned) => {
			if (scanned) this.recordScanned(buf, start, end);
			else this.ingestText(textOf(buf, start, end));
		},
		tooLong: () => this.rejectTooLong(),
	});

	constructor(maxOperations?: number) {
		this.stats = new LatencyStats(maxOperations);
	}

	/** Raw bytes of the file, in order, from any chunking. `nowSeconds` is the wall clock the windows slide with. */
	ingestBytes(chunk: Uint8Array, nowSeconds: number): void {
		this.stats.advance(nowSeconds);
		this.lines.feed(chunk);
	}

	/** Whole lines as strings (without newlines): for callers that already have text. */
	ingest(lines: readonly string[], nowSeconds: number): void {
		this.stats.advance(nowSeconds);
		for (const line of lines) {
			// The same limit as for bytes; a string holds at most 3 UTF-8 bytes per UTF-16 unit.
			if (line.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_LINE_BYTES) this.rejectTooLong();
			else this.ingestText(line);
		}
	}

	recentFailures(operation: string): Failure[] {
		return (this.failures.get(operation) ?? []).map((f) => ({endTime: f.endTime, duration: f.duration, metadata: metadataOf(f.line)}));
	}

	reset(): void {
		this.stats.reset();
		this.known = new Map();
		this.recent = new Array(CACHE_SLOTS).fill(undefined);
		this.lines.reset();
		this.linesRead = 0;
		this.linesRejected = 0;
		this.rejectReasons.clear();
		this.lastEndTime = Number.NEGATIVE_INFINITY;
		this.failures.clear();
	}

	/** A line the scanner proved valid (its fields are in the scratch record), [start, end) in buf. */
	private recordScanned(buf: Buffer, start: number, end: number): void {
		const s = this.scratch;
		this.linesRead++;
		const op = this.operationFor(buf, s.opStart, s.opEnd, s.opHash);
		if (op === undefined) {
			this.reject('operation-limit');
			return;
		}
		this.stats.recordOn(op, s.endTime, s.duration, s.success);
		if (s.endTime > this.lastEndTime) this.lastEndTime = s.endTime;
		if (!s.success) this.keepFailure(op.name, s.endTime, s.duration, textOf(buf, start, end));
	}

	private ingestText(line: string): void {
		if (isBlankLine(line)) return;
		this.linesRead++;
		const result = parseMetricsLine(line);
		if (!result.ok) {
			this.reject(result.reason);
			return;
		}
		const r = result.record;
		if (!this.stats.record(r)) {
			this.reject('operation-limit');
			return;
		}
		if (r.endTime > this.lastEndTime) this.lastEndTime = r.endTime;
		if (!r.success) this.keepFailure(r.operation, r.endTime, r.duration, line);
	}

	private operationFor(buf: Buffer, start: number, end: number, hash: number): OperationStats | undefined {
		const length = end - start;
		// A direct-mapped cache in front of the map: the same few operations repeat on every line.
		const slot = hash & (CACHE_SLOTS - 1);
		const hit = this.recent[slot];
		if (hit !== undefined && sameBytes(hit.bytes, buf, start, length)) return hit.op;
		const found = this.lookup(buf, start, end, hash);
		if (found) this.recent[slot] = found;
		return found?.op;
	}

	private lookup(buf: Buffer, start: number, end: number, hash: number): KnownOperation | undefined {
		const candidates = this.known.get(hash);
		const length = end - start;
		if (candidates) {
			for (const k of candidates) if (sameBytes(k.bytes, buf, start, length)) return k;
		}
		const op = this.stats.operation(buf.toString('utf8', start, end));
		if (op === undefined) return undefined;
		const entry = {bytes: copyOf(buf, start, end), op};
		if (candidates) candidates.push(entry);
		else this.known.set(hash, [entry]);
		return entry;
	}

	private rejectTooLong(): void {
		this.linesRead++;
		this.reject('too-long');
	}

	private reject(reason: RejectReason | 'operation-limit'): void {
		this.linesRejected++;
		this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
	}

	private keepFailure(operation: string, endTime: number, duration: number, line: string): void {
		let list = this.failures.get(operation);
		if (!list) this.failures.set(operation, (list = []));
		list.push({endTime, duration, line});
		if (list.length > FAILURES_KEPT) list.shift();
	}
}

/** A copy of buf[start, end) as a plain Uint8Array (`slice` on a Buffer goes through its species constructor). */
function copyOf(buf: Buffer, start: number, end: number): Uint8Array {
	const out = new Uint8Array(end - start);
	out.set(new Uint8Array(buf.buffer, buf.byteOffset + start, end - start));
	return out;
}

/** A line for the string parser, without its CR. */
function textOf(buf: Buffer, start: number, end: number): string {
	return buf.toString('utf8', start, end > start && buf[end - 1] === CR ? end - 1 : end);
}

function metadataOf(line: string): Record<string, unknown> {
	try {
		const m = (JSON.parse(line) as {metadata?: unknown}).metadata;
		if (m && typeof m === 'object' && !Array.isArray(m)) return m as Record<string, unknown>;
	} catch {
		// Bare NaN in some other field: the failure is kept without its metadata.
	}
	return {};
}
