import {isBlankLine, parseMetricsLine} from './metrics-line.js';

/**
 * What cleanup does with one line: `old` lines ended before the cutoff (DDC's own rule: keep
 * `end_time >= now - days*86400`); `invalid` lines cannot be read (DDC's cleanup drops them silently; we keep
 * them unless asked, because a line we cannot read may still matter to whoever wrote it).
 */
export type LineVerdict = 'keep' | 'old' | 'invalid';

export function classifyLine(line: string, cutoffSeconds: number): LineVerdict {
	if (isBlankLine(line)) return 'invalid';
	const result = parseMetricsLine(line);
	if (!result.ok) return 'invalid';
	return result.record.endTime < cutoffSeconds ? 'old' : 'keep';
}

/** Epoch seconds before which lines are old. */
export function cleanupCutoff(nowMs: number, days: number): number {
	return nowMs / 1000 - days * 86_400;
}

/** A usable `days`, or why not (shared by the command and the effects, so both word it the same). */
export function checkDays(days: number): string | undefined {
	if (!Number.isFinite(days) || days < 0) return `--days must be a number of days >= 0 (got ${days})`;
	return undefined;
}
