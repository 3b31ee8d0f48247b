/**
 * DDC's own container (issue #15 §3): which container is DDC's, its memory against the bands DDC documents,
 * and the facts an operator reads at a glance (state, health, uptime, restarts, OOM kills, memory). Pure: the
 * live view, `--once --json` and export call the same functions.
 */
import type {ContainerDetails} from './container-details.js';
import {formatCount} from './format.js';
import {hasMemoryLimit} from './spark-scales.js';

const MIB = 1024 * 1024;

/**
 * DDC's documented memory for its container, in MiB (Docker's M, as its suggested `512M` limit): about
 * 150-180 is normal, over 300 is worth investigating.
 */
export const DDC_MEMORY = Object.freeze({normalFromMiB: 150, normalToMiB: 180, investigateOverMiB: 300, suggestedLimitMiB: 512});

/** Up to the top of DDC's normal range (less is fine too: a DDC just started), above it, over 300 MiB. */
export type DdcMemoryBand = 'normal' | 'above-normal' | 'investigate';

export function ddcMemoryBand(bytes: number): DdcMemoryBand {
	if (bytes > DDC_MEMORY.investigateOverMiB * MIB) return 'investigate';
	if (bytes > DDC_MEMORY.normalToMiB * MIB) return 'above-normal';
	return 'normal';
}

/**
 * Whole MiB rounded up, so the figure shown and the band agree at the edges (180.4 MiB reads 181, above
 * normal; exactly 180 reads 180, normal).
 */
export function wholeMiB(bytes: number): number {
	return Math.ceil(bytes / MIB);
}

/** DDC's image on Docker Hub: a container of it is DDC even under another name. */
export const DDC_IMAGE = /^(docker\.io\/)?dockerdiscordcontrol\//;

export function isDdcImage(image: string | undefined): boolean {
	return DDC_IMAGE.test(image ?? '');
}

/** What picking DDC's container reads of a row: its listing and, once inspected, its image. */
export interface DdcCandidate {
	sample: {id: string; name: string};
	details?: {image: string};
}

/**
 * DDC's container among `rows`: the one `wanted` (--container) names (name, full id or id prefix); without it the one named `ddc`, else
 * the first (rows in name order) whose image is DDC's.
 */
export function pickDdc<R extends DdcCandidate>(rows: readonly R[], wanted?: string): R | undefined {
	// As Docker resolves it: a full id or a name first, then an id prefix.
	if (wanted !== undefined)
		return (
			rows.find((r) => r.sample.id === wanted || r.sample.name === wanted) ??
			(/^[0-9a-f]{4,}$/.test(wanted) ? rows.find((r) => r.sample.id.startsWith(wanted)) : undefined)
		);
	return rows.find((r) => r.sample.name === 'ddc') ?? rows.find((r) => isDdcImage(r.details?.image));
}

/** Restarts as far as ddc-top knows: Docker's count, plus the starts it saw itself (restart-tally.ts). */
export function restartsOf(d: Pick<ContainerDetails, 'restartCount' | 'restarts'>): number {
	return d.restarts ?? d.restartCount;
}

/**
 * OOM kills: the oom events seen since ddc-top connected; inspect only says whether the last exit was one
 * (then at least 1). `lastExit` says so.
 */
export function oomKills(d: Pick<ContainerDetails, 'oomEvents' | 'oomKilled'>): {count: number; atLeast: boolean; lastExit: boolean} {
	const events = d.oomEvents ?? 0;
	return {count: events > 0 ? events : d.oomKilled ? 1 : 0, atLeast: events === 0 && d.oomKilled, lastExit: d.oomKilled};
}

/** "3", "1+" (the last exit was one, no event seen), with " (last exit)" when it was. */
export function oomKillsText(d: Pick<ContainerDetails, 'oomEvents' | 'oomKilled'>): string {
	const o = oomKills(d);
	return `${formatCount(o.count)}${o.atLeast ? '+' : ''}${o.lastExit ? ' (last exit)' : ''}`;
}

/** DDC's container at one moment: what the summary line and the JSON say. */
export interface DdcFacts {
	id: string;
	/** Untrusted: sanitize before drawing. */
	name: string;
	state: string;
	health?: string;
	/** Seconds since its last start, while it runs and inspect has answered. */
	uptimeS?: number;
	/** Seconds since it stopped, and how, while it is stopped (listed with `a`). */
	stoppedS?: number;
	exitCode?: number;
	/** Undefined until inspect answered. */
	restarts?: number;
	oom?: {count: number; atLeast: boolean; lastExit: boolean};
	/** Memory used now (docker stats' figure); undefined when no current sample. */
	memoryBytes?: number;
	band?: DdcMemoryBand;
	/** Its memory limit; undefined without one (Docker then reports the host's memory). */
	memoryLimitBytes?: number;
	/** Memory used / limit, %, with a limit and a current sample. */
	limitPercent?: number;
}

export interface DdcFactsInput {
	listing: {id: string; name: string; state: string; health?: string};
	details?: ContainerDetails;
	/** The current sample's memory, when there is one (not stale, not pending, running). */
	memory?: {usedBytes: number; limitBytes: number};
	/** The host's memory, to tell Docker's "no limit" (the host's total) from a limit. */
	hostMemBytes?: number;
	/** ms since epoch. */
	now: number;
}

export function ddcFacts(input: DdcFactsInput): DdcFacts {
	const {listing, details: d, memory, now} = input;
	const facts: DdcFacts = {id: listing.id, name: listing.name, state: listing.state};
	const health = listing.health ?? d?.health;
	if (health) facts.health = health;
	if (d) {
		facts.restarts = restartsOf(d);
		facts.oom = oomKills(d);
		if (listing.state === 'running' && d.startedAt !== undefined) facts.uptimeS = Math.max(0, Math.floor((now - d.startedAt) / 1000));
		if (listing.state !== 'running' && d.finishedAt !== undefined) facts.stoppedS = Math.max(0, Math.floor((now - d.finishedAt) / 1000));
		if (d.exitCode !== undefined && listing.state !== 'running') facts.exitCode = d.exitCode;
	}
	if (memory) {
		facts.memoryBytes = memory.usedBytes;
		facts.band = ddcMemoryBand(memory.usedBytes);
		if (hasMemoryLimit(memory.limitBytes, input.hostMemBytes)) {
			facts.memoryLimitBytes = memory.limitBytes;
			facts.limitPercent = (memory.usedBytes / memory.limitBytes) * 100;
		}
	}
	return facts;
}

/** `ddc_top.ddc_container` in `--once --json` and export; null when no DDC container was found. */
export interface DdcContainerJson {
	id: string;
	name: string;
	state: string;
	health: string | null;
	uptime_s: number | null;
	restarts: number | null;
	oom_killed: boolean | null;
	memory_bytes: number | null;
	memory_band: DdcMemoryBand | null;
	memory_limit_bytes: number | null;
}

export function ddcContainerJson(f: DdcFacts): DdcContainerJson {
	return {
		id: f.id,
		name: f.name,
		state: f.state,
		health: f.health ?? null,
		uptime_s: f.uptimeS ?? null,
		restarts: f.restarts ?? null,
		oom_killed: f.oom ? f.oom.lastExit : null,
		memory_bytes: f.memoryBytes ?? null,
		memory_band: f.band ?? null,
		memory_limit_bytes: f.memoryLimitBytes ?? null,
	};
}
