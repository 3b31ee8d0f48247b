import type {Source} from './sources/source.js';

/** The timers the tick runs on: Node's, or a test's fake that fires them by hand. */
export interface Scheduler {
	setInterval(callback: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
	setImmediate(callback: () => void): unknown;
}

const NODE_SCHEDULER: Scheduler = {
	setInterval: (callback, ms) => setInterval(callback, ms),
	clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
	setImmediate: (callback) => setImmediate(callback),
};

export interface TickerOptions {
	sources: readonly Pick<Source, 'tick'>[];
	/** Builds the snapshot the screen is drawn from. */
	publish(): void;
	intervalMs: number;
	scheduler?: Scheduler;
}

/**
 * The refresh: every `intervalMs` each source is asked to look again (a file's stat), then one snapshot is
 * published. Drawing follows the tick, not the data's arrival, so a busy file costs no more frames.
 */
export function startTicker({sources, publish, intervalMs, scheduler = NODE_SCHEDULER}: TickerOptions): {stop(): void} {
	let stopped = false;
	const handle = scheduler.setInterval(() => {
		for (const source of sources) source.tick?.();
		// Published once the ticks' promise callbacks have run: a local file's stat and read finish within
		// them, so what the tick read is in this frame; anything slower (a network filesystem) is in the next.
		scheduler.setImmediate(() => {
			if (!stopped) publish();
		});
	}, intervalMs);
	return {
		stop() {
			stopped = true;
			scheduler.clearInterval(handle);
		},
	};
}
