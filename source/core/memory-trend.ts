/**
 * A container's memory, kept compactly for its growth (issue #16 §3): one sample per 5 s over the last 10
 * minutes in a ring (120 slots), and since ddc-top started a series of at most 120 points that halves
 * itself (every other point dropped, the step doubled) when full, so hours of running stay a few KB. The
 * growth is fitted (judge/memory-growth.ts) again only when a point was added, and once judged at most
 * every REFIT_MS.
 */
import {type MemoryGrowth, type MemorySample, type MemoryState, memoryGrowth} from './judge/memory-growth.js';

/** One point per this many ms: memory samples a second apart add nothing to a trend over minutes. */
export const TREND_STEP_MS = 5_000;
export const RECENT_MS = 600_000;
const RECENT_SLOTS = RECENT_MS / TREND_STEP_MS;
/** The since-start series' size: a fit of 120 points is 7,140 pairs (a few ms); 240 would be four times that. */
export const SINCE_START_POINTS = 120;
/**
 * A judged fit is done again at most this often: a trend over minutes moves little in 30 s, and each fit
 * sorts thousands of pairwise slopes (per container, so 20 containers fitted every 5 s would show at rest).
 */
export const REFIT_MS = 30_000;

export interface ContainerGrowth {
	/** The last 10 minutes. */
	recent: MemoryGrowth;
	/** Since ddc-top started (saw the container first); DDC's leak threshold (MB since start) applies. */
	sinceStart: MemoryGrowth;
	/** The worse of the two. */
	state: MemoryState;
	/** The rate shown (MB/min): the last 10 minutes' when judged, else since start's; undefined when neither is. */
	mbPerMin?: number;
}

const RANK: Record<MemoryState, number> = {ok: 0, watch: 1, leak: 2};

/** Whether a fit had enough samples to say anything (memoryGrowth says "ok" without a rate otherwise). */
export const judged = (g: MemoryGrowth): boolean => g.mbPerMin !== undefined;

export class MemoryTrend {
	private readonly recentT = new Float64Array(RECENT_SLOTS);
	private readonly recentB = new Float32Array(RECENT_SLOTS);
	private recentNext = 0;
	private recentCount = 0;
	private readonly startT = new Float64Array(SINCE_START_POINTS);
	private readonly startB = new Float32Array(SINCE_START_POINTS);
	private startCount = 0;
	private startStep = TREND_STEP_MS;
	private lastKept = Number.NEGATIVE_INFINITY;
	private lastStart = Number.NEGATIVE_INFINITY;
	private fitted: {growth: ContainerGrowth; limit: number; leak: number; at: number} | undefined;
	/** A point was added since the last fit. */
	private added = false;

	/** One memory reading: `at` epoch ms, `bytes` in use. Kept when TREND_STEP_MS passed since the last kept. */
	add(at: number, bytes: number): void {
		if (!Number.isFinite(at) || !Number.isFinite(bytes) || at - this.lastKept < TREND_STEP_MS) return;
		this.lastKept = at;
		this.recentT[this.recentNext] = at;
		this.recentB[this.recentNext] = bytes;
		this.recentNext = (this.recentNext + 1) % RECENT_SLOTS;
		if (this.recentCount < RECENT_SLOTS) this.recentCount++;
		if (at - this.lastStart >= this.startStep) {
			if (this.startCount === SINCE_START_POINTS) this.halve();
			this.startT[this.startCount] = at;
			this.startB[this.startCount] = bytes;
			this.startCount++;
			this.lastStart = at;
		}
		this.added = true;
	}

	/** Every other point of the since-start series, the step doubled: the span is kept, the density halved. */
	private halve(): void {
		let j = 0;
		for (let i = 0; i < this.startCount; i += 2, j++) {
			this.startT[j] = this.startT[i];
			this.startB[j] = this.startB[i];
		}
		this.startCount = j;
		this.startStep *= 2;
	}

	/** The last 10 minutes up to `now`, oldest first. */
	recent(now: number): MemorySample[] {
		const out: MemorySample[] = [];
		const start = (this.recentNext - this.recentCount + RECENT_SLOTS) % RECENT_SLOTS;
		for (let k = 0; k < this.recentCount; k++) {
			const i = (start + k) % RECENT_SLOTS;
			if (now - this.recentT[i] <= RECENT_MS) out.push({t: this.recentT[i], bytes: this.recentB[i]});
		}
		return out;
	}

	sinceStart(): MemorySample[] {
		return Array.from({length: this.startCount}, (_, i) => ({t: this.startT[i], bytes: this.startB[i]}));
	}

	/**
	 * The growth over both spans, fitted again only when a point was added (or the limit or threshold moved).
	 * `limitBytes`: the container's memory limit (the host's memory without one), for the time to reach it.
	 */
	growth(now: number, limitBytes: number, leakThresholdMb: number): ContainerGrowth {
		const f = this.fitted;
		// A fit that judged nothing yet is done again at the next point: the first verdict comes as soon as it can.
		const fresh = f !== undefined && (!this.added || (judged(f.growth.recent) && now - f.at < REFIT_MS));
		if (f && fresh && f.limit === limitBytes && f.leak === leakThresholdMb) return f.growth;
		const recent = memoryGrowth(this.recent(now), {limitBytes, leakThresholdMb, sinceStart: false});
		const sinceStart = memoryGrowth(this.sinceStart(), {limitBytes, leakThresholdMb, sinceStart: true});
		const state = RANK[sinceStart.state] > RANK[recent.state] ? sinceStart.state : recent.state;
		const mbPerMin = recent.mbPerMin ?? sinceStart.mbPerMin;
		const growth: ContainerGrowth = Object.freeze({recent, sinceStart, state, ...(mbPerMin !== undefined && {mbPerMin})});
		this.fitted = {growth, limit: limitBytes, leak: leakThresholdMb, at: now};
		this.added = false;
		return growth;
	}
}
