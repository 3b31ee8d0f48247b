import {createHistogram, type Histogram, recordMicros, toMicros} from '../histogram.js';
import {redactString} from '../redact-text.js';
import {BoundedGroups, NO_GROUP} from './bounded-groups.js';
import {buildHeatmap, buildResult, type DetailQuery, type Heatmap, type OperationDetailResult} from './detail-result.js';
import {metadataText} from './detail-text.js';
import {BUCKET_COUNT, bucketOf} from './duration-buckets.js';
import {createSketch, sketchIndex} from './latency-sketch.js';
import {RAW_CALLS, RawCalls} from './raw-calls.js';
import {DEFAULT_RECENT, MAX_RECENT} from './recent-bound.js';
import {TimeTier} from './time-tier.js';

/** One call of the operation, as the file says: untrusted text in `container` and `error`. */
export interface DetailCall {
	/** Epoch seconds. */
	end: number;
	/** Seconds. */
	duration: number;
	success: boolean;
	container?: string;
	error?: string;
}

/** A call as the recent list shows it; texts sanitized and shortened. */
export interface RecentCall {
	end_time: number;
	duration: number;
	success: boolean;
	container: string | null;
	error: string | null;
}

export interface DetailOptions {
	/** How many of the newest calls `recent` keeps (default 20, at most MAX_RECENT). */
	recent?: number;
	/** How many calls are held raw (default RAW_CALLS; smaller in tests to reach the other paths). */
	rawCalls?: number;
	/**
	 * Replace the shapes of secrets in error texts and container names (redact-text.ts), for output that
	 * leaves the machine (the command line's detail). Done before shortening, which could cut a token so
	 * that its shape no longer matches.
	 */
	redact?: boolean;
}

export {DEFAULT_RECENT, MAX_RECENT};

/**
 * The time steps kept as slots for the timeline and heatmap beyond the raw calls, and how many of each:
 * minutes for 3 hours, quarter-hours for about 2 days, days for about 2.7 years (each more than its
 * window needs). At most 1,380 slots of about 2.3 KB: 3.2 MB.
 */
export const TIERS: ReadonlyArray<{step: number; maxSlots: number}> = [
	{step: 60, maxSlots: 180},
	{step: 900, maxSlots: 200},
	{step: 86_400, maxSlots: 1000},
];

export interface ErrorGroup {
	count: number;
	first: number;
	last: number;
}

export interface ContainerGroup {
	calls: number;
	failures: number;
	min: number;
	max: number;
	sketch: Uint32Array;
}

/**
 * One operation's detail (issue #14: header, distribution, timeline, heatmap, errors, containers, recent
 * calls), built from that operation's calls only, on demand: nothing here runs for the other operations or
 * during the table's ingest. Memory is bounded whatever the file holds: the newest RAW_CALLS calls raw
 * (about 1.2 MB; every part of a range they cover is computed from the calls themselves), an HDR
 * histogram of all durations once there are more, time slots per TIERS (about 3.2 MB at most), 50 error
 * messages and 50 container names (the rest as "other", with a 2 KB sketch per container), and the
 * newest `recent` calls with their texts. Pure: time only comes in through the calls and the query.
 */
export class OperationDetail {
	calls = 0;
	failures = 0;
	sum = 0;
	min = Number.POSITIVE_INFINITY;
	max = Number.NEGATIVE_INFINITY;
	firstEnd = Number.POSITIVE_INFINITY;
	lastEnd = Number.NEGATIVE_INFINITY;
	/** Counts per distribution bucket over every call. */
	readonly buckets = new Uint32Array(BUCKET_COUNT);
	/** Every duration, once the raw list has dropped some (until then the raw list answers). */
	hist: Histogram | undefined;
	readonly raw: RawCalls;
	readonly tiers: TimeTier[] = TIERS.map((t) => new TimeTier(t.step, t.maxSlots));
	readonly errorNames = new BoundedGroups();
	readonly errorGroups: ErrorGroup[] = [];
	readonly containerNames = new BoundedGroups();
	readonly containerGroups: ContainerGroup[] = [];
	readonly recentSize: number;
	private readonly redact: boolean;
	private readonly recentRing: RecentCall[] = [];
	private recentHead = 0;
	private readonly texts = new Map<string, string>();

	constructor(options: DetailOptions = {}) {
		this.raw = new RawCalls(options.rawCalls ?? RAW_CALLS);
		this.recentSize = Math.max(0, Math.min(MAX_RECENT, Math.floor(options.recent ?? DEFAULT_RECENT)));
		this.redact = options.redact === true;
	}

	add(call: DetailCall): void {
		const {end, duration, success} = call;
		// The readers pass valid records only; anything else from another caller is ignored, not trusted.
		if (!Number.isFinite(end) || !Number.isFinite(duration) || duration < 0) return;
		// An empty text is no text: the errors table groups both under "", the recent list shows null.
		const error = call.error === undefined ? undefined : this.cleaned(call.error) || undefined;
		const container = call.container === undefined ? undefined : this.cleaned(call.container);
		this.calls++;
		if (!success) this.failures++;
		this.sum += duration;
		if (duration < this.min) this.min = duration;
		if (duration > this.max) this.max = duration;
		if (end < this.firstEnd) this.firstEnd = end;
		if (end > this.lastEnd) this.lastEnd = end;
		const bucket = bucketOf(duration);
		const sketchAt = sketchIndex(duration);
		this.buckets[bucket]++;
		for (const tier of this.tiers) tier.add(end, duration, success, bucket, sketchAt);
		const errorId = success ? NO_GROUP : this.addError(error ?? '', end);
		const containerId = container === undefined ? NO_GROUP : this.addContainer(container, duration, success, sketchAt);
		if (this.hist === undefined && this.raw.size === this.raw.capacity) {
			// The raw list is about to drop its first call: until now it held them all.
			this.hist = createHistogram();
			const held = this.raw.collect(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
			for (let i = 0; i < held.n; i++) recordMicros(this.hist, toMicros(held.duration[i]));
		}
		if (this.hist !== undefined) recordMicros(this.hist, toMicros(duration));
		this.raw.add(end, duration, success, errorId, containerId);
		this.addRecent({end_time: end, duration, success, container: container ?? null, error: error ?? null});
	}

	/** The detail for a time range (every part restricted to it), at `query.now`. */
	result(query: DetailQuery): OperationDetailResult {
		return buildResult(this, query);
	}

	/** Time columns x distribution buckets, for the heatmap, over the same range as `result`. */
	heatmap(query: DetailQuery): Heatmap {
		return buildHeatmap(this, query);
	}

	/** The newest calls, newest first (at most recentSize). */
	recentCalls(): RecentCall[] {
		const n = this.recentRing.length;
		const out: RecentCall[] = [];
		for (let k = 1; k <= n; k++) out.push(this.recentRing[(this.recentHead - k + n) % n]);
		return out;
	}

	/** metadataText, remembered: the same few container names and errors repeat on most lines. */
	private cleaned(text: string): string {
		let clean = this.texts.get(text);
		if (clean !== undefined) return clean;
		clean = metadataText(this.redact ? redactString(text) : text)!;
		// Bounded like everything else: a file of distinct texts only empties the cache now and then.
		if (this.texts.size >= 1024 || text.length > 4096) this.texts.clear();
		if (text.length <= 4096) this.texts.set(text, clean);
		return clean;
	}

	private addRecent(call: RecentCall): void {
		if (this.recentSize === 0) return;
		if (this.recentRing.length < this.recentSize) {
			this.recentRing.push(call);
			this.recentHead = this.recentRing.length % this.recentSize;
			return;
		}
		this.recentRing[this.recentHead] = call;
		this.recentHead = (this.recentHead + 1) % this.recentSize;
	}

	private addError(message: string, end: number): number {
		const id = this.errorNames.idOf(message);
		const g = this.errorGroups[id];
		if (g === undefined) {
			this.errorGroups[id] = {count: 1, first: end, last: end};
			return id;
		}
		g.count++;
		if (end < g.first) g.first = end;
		if (end > g.last) g.last = end;
		return id;
	}

	private addContainer(name: string, duration: number, success: boolean, sketchAt: number): number {
		const id = this.containerNames.idOf(name);
		let g = this.containerGroups[id];
		if (g === undefined) {
			g = {calls: 0, failures: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, sketch: createSketch()};
			this.containerGroups[id] = g;
		}
		g.calls++;
		if (!success) g.failures++;
		if (duration < g.min) g.min = duration;
		if (duration > g.max) g.max = duration;
		g.sketch[sketchAt]++;
		return id;
	}
}
