import {sanitize} from './sanitize.js';

/** Where DDC writes its metrics inside its container (its compose file does not mount data/; issue #15). */
export const DDC_CONTAINER_METRICS = '/app/data/metrics/performance_metrics.jsonl';

/** The file as the status line and the documents name it: "<path> in container <name>". */
export function containerFileLabel(path: string, container: string): string {
	return `${path} in container ${container}`;
}

/**
 * Issue #15 §2: nothing found where ddc-top looked. Says that DDC is not recording metrics, where ddc-top
 * looked, and where the README explains how to get them. `looked`: what was looked at, in words.
 */
export function notRecordingText(looked: readonly string[]): string {
	return `DDC is not recording metrics: no metrics file (looked at ${looked.map((l) => sanitize(l)).join('; ')}). DDC writes one only where it is instrumented: see "Getting metrics from DDC" in ddc-top's README`;
}

/** `ddc-top cleanup` with a container's file: refused, in one line that says what to run instead. */
export function containerCleanupRefusal(container: string, days: number): string {
	const name = sanitize(container);
	return `the metrics file is inside container ${name}: nothing changed (a cleanup from outside it could lose DDC's appends); mount its /app/data on the host and run: ddc-top cleanup --metrics <host dir>/metrics/performance_metrics.jsonl --days ${days}`;
}
