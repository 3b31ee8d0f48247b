import {LatencyStats} from './latency-windows.js';
import {isBlankLine, parseMetricsLine, type RejectReason} from './metrics-line.js';

export interface Failure {
	endTime: number;
	duration: number;
	/** The line's metadata object as written (untrusted, possibly secret: redact and sanitize before use). */
	metadata: Record<string, unknown>;
}

/** How many recent failures (with their metadata) are kept per operation. */
export const FAILURES_KEPT = 20;

/**
 * Lines -> statistics, rejections and recent failures. The one place lines become numbers, shared by the
 * live view, `--once`, export and the benchmark, so they cannot disagree.
 */
export class MetricsIngest {
	readonly stats: LatencyStats;
	linesRead = 0;
	linesRejected = 0;
	readonly rejectReasons = new Map<RejectReason | 'operation-limit', number>();
	/** Newest end_time seen (epoch seconds), for "age of the last line". */
	lastEndTime = Number.NEGATIVE_INFINITY;
	private readonly failures = new Map<string, Failure[]>();

	constructor(maxOperations?: number) {
		this.stats = new LatencyStats(maxOperations);
	}

	/** `nowSeconds` is the wall clock (epoch seconds) the windows slide with. */
	ingest(lines: readonly string[], nowSeconds: number): void {
		this.stats.advance(nowSeconds);
		for (const line of lines) {
			if (isBlankLine(line)) continue;
			this.linesRead++;
			const result = parseMetricsLine(line);
			if (!result.ok) {
				this.reject(result.reason);
				continue;
			}
			const r = result.record;
			if (!this.stats.record(r)) {
				this.reject('operation-limit');
				continue;
			}
			if (r.endTime > this.lastEndTime) this.lastEndTime = r.endTime;
			if (!r.success) this.keepFailure(r.operation, r.endTime, r.duration, line);
		}
	}

	recentFailures(operation: string): readonly Failure[] {
		return this.failures.get(operation) ?? [];
	}

	reset(): void {
		this.stats.reset();
		this.linesRead = 0;
		this.linesRejected = 0;
		this.rejectReasons.clear();
		this.lastEndTime = Number.NEGATIVE_INFINITY;
		this.failures.clear();
	}

	private reject(reason: RejectReason | 'operation-limit'): void {
		this.linesRejected++;
		this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
	}

	/** Failures are rare, so parsing their whole line again for the metadata costs nothing that matters. */
	private keepFailure(operation: string, endTime: number, duration: number, line: string): void {
		let metadata: Record<string, unknown> = {};
		try {
			const m = (JSON.parse(line) as {metadata?: unknown}).metadata;
			if (m && typeof m === 'object' && !Array.isArray(m)) metadata = m as Record<string, unknown>;
		} catch {
			// Bare NaN in some other field: keep the failure without metadata.
		}
		let list = this.failures.get(operation);
		if (!list) this.failures.set(operation, (list = []));
		list.push({endTime, duration, metadata});
		if (list.length > FAILURES_KEPT) list.shift();
	}
}
