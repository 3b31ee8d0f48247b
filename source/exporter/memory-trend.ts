import {MB, type MemorySample, memoryGrowth} from '../core/judge/memory-growth.js';
import type {ContainerRow} from '../state/containers.js';

/** Samples kept per container, at least STEP_MS apart: up to 10 minutes of them. */
const KEEP = 40;
const STEP_MS = 15_000;

/**
 * Each container's memory trend, for the growth-rate series: the container table keeps values without times,
 * so the exporter keeps its own few (time, bytes) points, taken from the samples a scrape reads, at least
 * 15 s apart whatever the scrape interval. The rate is `ddc-top check`'s (core/judge/memory-growth.ts:
 * Theil-Sen, robust to a garbage collector's drops), known once it has 10 points over a minute or more.
 */
export class MemoryTrends {
	private readonly byName = new Map<string, MemorySample[]>();

	/** Takes the rows' samples; forgets containers that are gone. */
	observe(rows: readonly ContainerRow[]): void {
		const seen = new Set<string>();
		for (const row of rows) {
			const {name, at, memUsedBytes} = row.sample;
			seen.add(name);
			let points = this.byName.get(name);
			if (points === undefined) this.byName.set(name, (points = []));
			// A clock set back: the old points' times mean nothing next to the new ones.
			if (points.length > 0 && at < points[points.length - 1].t) points.length = 0;
			if (points.length > 0 && at - points[points.length - 1].t < STEP_MS) continue;
			points.push({t: at, bytes: memUsedBytes});
			if (points.length > KEEP) points.shift();
		}
		for (const name of this.byName.keys()) if (!seen.has(name)) this.byName.delete(name);
	}

	/** Bytes per second over the kept points, or undefined while too few to tell. */
	bytesPerSecond(name: string): number | undefined {
		const points = this.byName.get(name);
		if (points === undefined) return undefined;
		const growth = memoryGrowth(points);
		return growth.mbPerMin === undefined ? undefined : (growth.mbPerMin * MB) / 60;
	}
}
