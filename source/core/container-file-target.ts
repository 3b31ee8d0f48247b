import {sanitize} from './sanitize.js';

/** Where DDC writes its metrics inside its container (its compose file does not mount data/; issue #15). */
export const DDC_CONTAINER_METRICS = '/app/data/metrics/performance_metrics.jsonl';

/** The file as the status line and the documents name it: "<path> in container <name>". */
export function containerFileLabel(path: string, container: string): string {
	return `${path} in container ${container}`;
}

/** A place inside a container, as `docker cp` writes it, for the list of where ddc-top looked. */
export function containerPlace(container: string, path: string): string {
	return `container ${container}:${path}`;
}

/** Where the metrics file is looked for (its parts of Config), in the words notRecordingText lists. */
export interface Where {
	metricsPath: string;
	container?: {name: string; auto?: {localPath: string}};
	metricsDefault?: boolean;
	docker?: boolean;
}

/**
 * Every place ddc-top looks for the file (issue #15 §2), in order: with a container found by the auto look,
 * the local path first, then the container's path; with nothing found, the local path and the container
 * that was not there.
 */
export function lookedAt(where: Where): string[] {
	const {container} = where;
	if (container) return [...(container.auto ? [container.auto.localPath] : []), containerPlace(container.name, where.metricsPath)];
	if (!where.metricsDefault) return [where.metricsPath];
	return [where.metricsPath, where.docker ? 'no running container named ddc' : 'Docker not asked (--no-docker)'];
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
