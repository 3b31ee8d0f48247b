/**
 * The container table: last sample and CPU / memory history per running container, fed by Docker
 * source events. Ingest is O(1) and allocation-light; view() builds the immutable rows the UI draws.
 */
import {compareNames} from '../core/compare-names.js';
import type {ContainerDetails} from '../core/container-details.js';
import {ContainerHistory, type HistoryView, type IoRates} from '../core/container-history.js';
import {DEFAULT_LEAK_THRESHOLD_MB} from '../core/judge/thresholds.js';
import {type ContainerGrowth, MemoryTrend} from '../core/memory-trend.js';
import type {ContainerListing, ContainerSample, DockerStatus} from '../core/samples.js';
import {Series} from '../core/series.js';
import type {SourceEvent} from '../core/source-events.js';

export interface ContainerRow {
	/** Until the first stats sample (`pending`), only id, name, state and health are real; figures are 0. */
	readonly sample: ContainerSample;
	/**
	 * Listed by the daemon but no stats sample yet: every figure is unknown (`--`, sorted after known ones).
	 * The row shows from the first live frame, so a table of running containers never reads as empty.
	 */
	readonly pending?: boolean;
	/** CPU % history, oldest first; only known readings (a first sample's CPU is not known). */
	readonly cpuSeries: readonly number[];
	/** Memory used (bytes) history, oldest first. */
	readonly memSeries: readonly number[];
	/** No sample for more than staleAfterMs: the UI shows `--` like docker stats. */
	readonly stale: boolean;
	/** What inspect said (image, restarts, CPU limit...), once it answered; refreshed at start/die/oom/health events. */
	readonly details?: ContainerDetails;
	/** Memory growth over the last 10 minutes and since ddc-top started (issue #16 §3); not for a pending row. */
	readonly growth?: ContainerGrowth;
}

export interface ContainersView {
	readonly status: DockerStatus;
	/** Sorted by name, then id, so rows do not jump between frames. */
	readonly rows: readonly ContainerRow[];
}

export interface ContainerTable {
	/** Ignores events that are not about containers, so the store can pass every event through. */
	ingest(event: SourceEvent): void;
	view(now: number): ContainersView;
	/** One container's last 10 minutes and I/O rates, for its detail; undefined when it is not listed. */
	history(id: string, now: number): {view: HistoryView; rates?: IoRates} | undefined;
}

interface Entry {
	sample: ContainerSample;
	pending: boolean;
	cpu: Series;
	mem: Series;
	details?: ContainerDetails;
	/** 10 minutes per second in typed arrays (about 7 KB), for the detail: there from the moment it opens. */
	past: ContainerHistory;
	/** Memory every 5 s for its growth (issue #16 §3): about 3 KB, however long ddc-top runs. */
	trend: MemoryTrend;
}

export interface ContainerTableOptions {
	capacity?: number;
	staleAfterMs?: number;
	/** DDC's memory_leak_threshold_mb: growth since start above it is a leak (default 50). */
	leakThresholdMb?: number;
}

export function createContainerTable(options: ContainerTableOptions = {}): ContainerTable {
	const capacity = options.capacity ?? 60;
	// The source may say otherwise with its status (it knows when it reads its samples).
	let staleAfterMs = options.staleAfterMs ?? 2000;
	const leakThresholdMb = options.leakThresholdMb ?? DEFAULT_LEAK_THRESHOLD_MB;
	const entries = new Map<string, Entry>();
	let status: DockerStatus = {kind: 'disabled'};

	function ingest(event: SourceEvent): void {
		switch (event.type) {
			case 'container-sample': {
				const {sample} = event;
				let entry = entries.get(sample.id);
				if (!entry) {
					entry = {
						sample,
						pending: false,
						cpu: new Series(capacity),
						mem: new Series(capacity),
						past: new ContainerHistory(),
						trend: new MemoryTrend(),
					};
					entries.set(sample.id, entry);
				}
				entry.sample = sample;
				entry.pending = false;
				if (sample.cpuPercent !== null) entry.cpu.push(sample.cpuPercent);
				entry.mem.push(sample.memUsedBytes);
				entry.trend.add(sample.at, sample.memUsedBytes);
				entry.past.add(sample.at, sample.cpuPercent, sample.memUsedBytes, {
					netRx: sample.netRxBytes,
					netTx: sample.netTxBytes,
					blockRead: sample.blockReadBytes,
					blockWrite: sample.blockWriteBytes,
				});
				break;
			}
			case 'container-listed': {
				const entry = entries.get(event.container.id);
				if (entry) {
					entry.sample = {...entry.sample, ...listingFields(event.container)};
					// A stopped container has no stats stream: its figures are stale, not "being read".
					if (!hasStats(event.container.state)) entry.pending = false;
				} else
					entries.set(event.container.id, {
						sample: placeholder(event.container, event.at),
						pending: hasStats(event.container.state),
						cpu: new Series(capacity),
						mem: new Series(capacity),
						past: new ContainerHistory(),
						trend: new MemoryTrend(),
					});
				break;
			}
			case 'container-gone':
				entries.delete(event.id);
				break;
			case 'container-details': {
				const entry = entries.get(event.id);
				if (entry) entry.details = Object.freeze({...event.details});
				break;
			}
			case 'docker-status':
				status = event.status;
				if (event.sampleCurrentMs !== undefined) staleAfterMs = event.sampleCurrentMs;
				break;
			default:
				break;
		}
	}

	function view(now: number): ContainersView {
		const rows: ContainerRow[] = [];
		for (const entry of entries.values()) {
			rows.push(
				Object.freeze({
					sample: Object.freeze({...entry.sample}),
					cpuSeries: Object.freeze(entry.cpu.toArray()),
					memSeries: Object.freeze(entry.mem.toArray()),
					stale: now - entry.sample.at > staleAfterMs,
					pending: entry.pending,
					...(entry.details ? {details: entry.details} : {}),
					...(entry.pending ? {} : {growth: entry.trend.growth(now, entry.sample.memLimitBytes, leakThresholdMb)}),
				}),
			);
		}
		rows.sort((a, b) => compareNames(a.sample.name, b.sample.name) || compareNames(a.sample.id, b.sample.id));
		return Object.freeze({status, rows: Object.freeze(rows)});
	}

	function history(id: string, now: number): {view: HistoryView; rates?: IoRates} | undefined {
		const entry = entries.get(id);
		if (entry === undefined) return undefined;
		return {view: entry.past.view(now), ...(entry.past.rates ? {rates: {...entry.past.rates}} : {})};
	}

	return {ingest, view, history};
}

/** Running or paused containers have a stats stream; exited, created, dead ones (shown with `a`) have none. */
export function hasStats(state: string): boolean {
	return state === 'running' || state === 'paused';
}

/** The listing's name, state and health; a listing without health (a start event) keeps the known one. */
function listingFields(listing: ContainerListing): ContainerListing {
	const fields: ContainerListing = {id: listing.id, name: listing.name, state: listing.state};
	if (listing.health !== undefined) fields.health = listing.health;
	return fields;
}

/** A row for a listed container before its first sample; `at` is the listing's time, for staleness. */
function placeholder(listing: ContainerListing, at: number): ContainerSample {
	return {
		...listingFields(listing),
		cpuPercent: null,
		memUsedBytes: 0,
		memLimitBytes: 0,
		memPercent: 0,
		netRxBytes: 0,
		netTxBytes: 0,
		blockReadBytes: 0,
		blockWriteBytes: 0,
		pids: 0,
		at,
	};
}
