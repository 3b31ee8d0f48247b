import {MAX_LINE_BYTES} from './line-limit.js';
import {isBlankLine, parseMetricsLine} from './metrics-line.js';
import {sanitize} from './sanitize.js';

/**
 * What cleanup does with one line: `old` lines ended before the cutoff (DDC's own rule: keep
 * `end_time >= now - days*86400`); `invalid` lines cannot be read (DDC's cleanup drops them silently; we keep
 * them unless asked, because a line we cannot read may still matter to whoever wrote it). `blank` lines
 * (only spaces, tabs, CR) carry nothing: the viewer neither reads nor rejects them, as DDC skips them, so
 * cleanup neither counts nor judges them and leaves them where they are, with or without --drop-invalid.
 */
export type LineVerdict = 'keep' | 'old' | 'invalid' | 'blank';

export function classifyLine(line: string, cutoffSeconds: number): LineVerdict {
	// Over the viewer's line limit (its bytes, as the caller decodes one char per byte): it cannot be read.
	if (line.length > MAX_LINE_BYTES) return 'invalid';
	if (isBlankLine(line)) return 'blank';
	const result = parseMetricsLine(line);
	if (!result.ok) return 'invalid';
	return result.record.endTime < cutoffSeconds ? 'old' : 'keep';
}

/** Epoch seconds before which lines are old. */
export function cleanupCutoff(nowMs: number, days: number): number {
	return nowMs / 1000 - days * 86_400;
}

const DAYS_HINT = 'a number of days, 0 or more, like 30 or 0.5';

/** A usable `days`, or why not (shared by the command, the menu and the effects, so all word it the same). */
export function checkDays(days: number): string | undefined {
	if (!Number.isFinite(days) || days < 0) return `days to keep must be ${DAYS_HINT} (got ${days})`;
	return undefined;
}

/** The characters a number of days is typed with: the menu refuses any other as it is typed. */
export function daysCharProblem(char: string): string | undefined {
	return /^[0-9.]$/.test(char) ? undefined : `${JSON.stringify(sanitize(char))} is not allowed: type a number of days, like 30 or 0.5`;
}

/**
 * Days as typed, on the command line (`--days`) or in the menu: digits with an optional fraction
 * (`30`, `0.5`, `.5`). The same text is accepted, or refused with the same words, in both places.
 */
export function parseDays(text: string): {ok: true; days: number} | {ok: false; error: string} {
	const trimmed = text.trim();
	if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) {
		return {ok: false, error: `days to keep must be ${DAYS_HINT} (got ${JSON.stringify(sanitize(text))})`};
	}
	const days = Number(trimmed);
	const problem = checkDays(days);
	return problem ? {ok: false, error: problem} : {ok: true, days};
}

/** "1 day", "0.5 days", "30 days". */
export function daysText(days: number): string {
	return `${days} day${days === 1 ? '' : 's'}`;
}

/** What a cutoff of `days` means, in words: with 0 every line that has ended so far goes. */
export function cutoffMeaning(days: number): string {
	return days === 0 ? 'every line is removed (0 days: the cutoff is now)' : `lines that ended more than ${daysText(days)} ago are removed`;
}
