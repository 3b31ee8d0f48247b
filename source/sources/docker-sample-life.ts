/**
 * How long a container sample from the live Docker source stays current, for a view refreshed every
 * `intervalMs`: 2 s, as docker stats, but never less than one refresh plus 1 s, because the source reads
 * its stats streams only at a refresh (holdable-connection.ts holds them in between): a frame drawn for a
 * key between two refreshes must not call every container silent while its samples wait in the kernel.
 */
export function sampleCurrentMsFor(intervalMs: number): number {
	return Math.max(2000, intervalMs + 1000);
}
