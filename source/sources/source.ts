/**
 * The contract between the world and the store. Every source (metrics file, Docker, host, demo)
 * pushes events through one `emit` callback; the store ingests them cheaply and the ticker publishes.
 * UI tests replace a source with a deterministic fake that emits the same events.
 */

import type {SourceEvent} from '../core/source-events.js';

export type {SourceEvent} from '../core/source-events.js';

export type Emit = (event: SourceEvent) => void;

export interface Source {
	start(emit: Emit): void;
	/** Releases every stream, watcher and timer; resolves when nothing is left open. */
	stop(): Promise<void>;
	/**
	 * Periodic work, called by the app once per refresh interval just before it publishes, for a source
	 * created without a timer of its own. One timer for everything: every timer of its own
	 * would wake the process once more per interval, and on a VM each wakeup costs more than the work.
	 */
	tick?(): void;
}
