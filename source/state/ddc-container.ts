/**
 * Which row is DDC's container at each publish, and what the panel says of it (issue #15 §3). It remembers
 * the one it found, so DDC stopping or being removed reads "not running" rather than the line vanishing.
 */
import {ddcFacts, pickDdc} from '../core/ddc-container.js';
import type {DdcView} from '../core/ddc-summary.js';
import type {ContainerRow} from './containers.js';

export class DdcWatch {
	private seen: string | undefined;

	/** `wanted`: the container --container names (or the one found for its metrics file); else auto. */
	constructor(private readonly wanted?: string) {}

	/** From every row (before the filter, so a filter never hides DDC's line); undefined: no DDC anywhere yet. */
	view(rows: readonly ContainerRow[], now: number, hostMemBytes: number | undefined): DdcView | undefined {
		const row = pickDdc(rows, this.wanted);
		if (row === undefined) {
			if (this.wanted !== undefined) return {kind: 'missing', name: this.wanted, reason: 'wanted'};
			return this.seen === undefined ? undefined : {kind: 'missing', name: this.seen, reason: 'gone'};
		}
		this.seen = row.sample.name;
		const s = row.sample;
		const current = s.state === 'running' && !row.stale && !row.pending;
		const facts = ddcFacts({
			listing: {id: s.id, name: s.name, state: s.state, ...(s.health === undefined ? {} : {health: s.health})},
			details: row.details,
			memory: current ? {usedBytes: s.memUsedBytes, limitBytes: s.memLimitBytes} : undefined,
			hostMemBytes,
			now,
		});
		return {kind: 'found', facts};
	}
}
