import path from 'node:path';
import {cutoffMeaning, daysText} from '../core/cleanup-rule.js';
import {formatExactCount} from '../core/format.js';
import {formatIoBytes as formatBytes} from '../core/format-bytes.js';
import {localTime} from '../core/local-time.js';
import {sanitize} from '../core/sanitize.js';
import type {CleanupSummary} from '../effects/cleanup.js';
import type {CleanupPlan} from '../effects/cleanup-plan.js';

/**
 * What `ddc-top cleanup` prints: the preview before, the summary after. Plain text, one fact a line.
 * The menu shows the same summary, built from the same pieces.
 */

const lines = (n: number) => `${formatExactCount(n)} line${n === 1 ? '' : 's'}`;

export function previewText(plan: CleanupPlan, days: number, backup: boolean): string {
	const out = [
		`File:    ${plan.path} (${formatBytes(plan.sizeBefore)}, ${lines(plan.lines)})`,
		days === 0
			? `Cutoff:  ${localTime(plan.cutoff)} (now): ${cutoffMeaning(days)}`
			: `Cutoff:  ${localTime(plan.cutoff)} (${daysText(days)} ago): lines that ended before it go`,
		`Remove:  ${lines(plan.old)} older than the cutoff` +
			(plan.invalidDropped && plan.invalid > 0 ? `, ${lines(plan.invalid)} that cannot be read (--drop-invalid)` : ''),
		`Keep:    ${lines(plan.keep)}` +
			(!plan.invalidDropped && plan.invalid > 0 ? `, and ${lines(plan.invalid)} that cannot be read (--drop-invalid removes them)` : '') +
			(plan.partialBytes > 0 ? ', and an unfinished last line' : ''),
		`Size:    ${formatBytes(plan.sizeBefore)} -> ${formatBytes(plan.sizeAfter)}`,
		backup
			? `Backup:  ${path.basename(plan.path)}.bak-<date>-<time> next to it (a hard link where possible: no extra space)`
			: 'Backup:  none (--no-backup)',
	];
	return `${out.join('\n')}\n`;
}

/**
 * What the cleanup did to the lines: "removed 5 lines, kept 2 lines", and the lines appended meanwhile.
 * Kept lines include the unreadable ones unless they were dropped.
 */
export function outcomeText(s: CleanupSummary): string {
	const appended = s.carriedOver + s.drained;
	return (
		`removed ${lines(s.removed)}, kept ${lines(s.kept + (s.invalidDropped ? 0 : s.invalid))}` +
		(appended > 0 ? `, plus ${lines(appended)} appended while cleaning` : '')
	);
}

/** The summary's facts after the outcome, one a line: size, backup, the unfinished line, what an interrupted run left. */
export function summaryDetails(s: CleanupSummary): string[] {
	const out = [
		`Size:    ${formatBytes(s.sizeBefore)} -> ${formatBytes(s.sizeAfter)}`,
		s.backup ? `Backup:  ${s.backup.path}${s.backup.kind === 'link' ? ' (hard link)' : ' (copy)'}` : 'Backup:  none',
	];
	if (s.partialKept) out.push('Kept:    the unfinished last line, unchanged, at the end');
	if (s.leftovers.length > 0) out.push(`Removed: ${s.leftovers.map(sanitize).join(', ')} (left by an interrupted cleanup)`);
	return out;
}

export function summaryText(s: CleanupSummary): string {
	return `${[`Cleaned ${s.path}: ${outcomeText(s)}`, ...summaryDetails(s)].join('\n')}\n`;
}
