/**
 * A container's restarts as an operator counts them (issue #15 §3). Docker's RestartCount counts only the
 * restarts its restart policy made, and a `docker restart` sets it back to 0 (its events say `start`,
 * `restart`). So the count is Docker's at the first inspect ddc-top made, plus every start it saw after
 * that of a container that had run before: policy restarts, `docker restart`, stop then start. Never goes
 * down while ddc-top runs. Pure bookkeeping; the Docker session feeds it.
 */
interface Entry {
	/** RestartCount at the first inspect; undefined until then. */
	base?: number;
	/** Starts seen since that inspect (before it, inspect's count already covers them). */
	seen: number;
	/** It ran before (seen running, or inspect gave a start time): its next start is a restart. */
	ran: boolean;
}

export class RestartTally {
	private readonly entries = new Map<string, Entry>();

	/** Seen running: listed running, or a start event. */
	started(id: string): void {
		const entry = this.entries.get(id);
		if (entry === undefined) this.entries.set(id, {seen: 0, ran: true});
		else {
			if (entry.ran) entry.seen++;
			entry.ran = true;
		}
	}

	/** Inspect's RestartCount (and whether it ever started) -> the restarts to show. */
	inspected(id: string, restartCount: number, everStarted: boolean): number {
		let entry = this.entries.get(id);
		if (entry === undefined) {
			entry = {seen: 0, ran: everStarted};
			this.entries.set(id, entry);
		}
		if (entry.base === undefined) {
			entry.base = restartCount;
			entry.seen = 0;
		}
		return Math.max(restartCount, entry.base + entry.seen);
	}

	/** Removed: its count goes with it. */
	forget(id: string): void {
		this.entries.delete(id);
	}
}
