import {setTimeout as delay} from 'node:timers/promises';

/**
 * Polls `condition` until it holds or `timeoutMs` passes, then fails with `what`. Tests wait for a
 * condition with a deadline, never for a fixed time.
 */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string, pollMs = 20): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await delay(pollMs);
	}
}
