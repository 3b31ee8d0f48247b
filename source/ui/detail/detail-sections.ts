import type {OperationDetailResult} from '../../core/detail/detail-result.js';
import {fit, fitMiddle, formatCount, formatDuration, formatPercent} from '../../core/format.js';
import {formatClockTime, localTime} from '../../core/local-time.js';
import {paint} from '../../terminal-output/paint.js';

// The operation detail's tables (issue #14 §2 b, e, f, g), one function each: a title line, then rows.
// Each row is laid out within the width it is given, colour codes apart.
// Error texts and container names come sanitized and shortened from the detail model (metadataText):
// sanitizing again would escape its own marks.

/** A section's lines at their natural length: the view cuts them to the room it has. */
export interface Section {
	title: string;
	rows: string[];
	/** Said instead of rows when there are none. */
	empty?: string;
}

const seconds = (value: number | null | undefined) => formatDuration(value ?? undefined);

/** Within a day the clock says enough; older times say their date too. */
export function callTime(epochSeconds: number, now: number): string {
	return now - epochSeconds < 86_400 ? formatClockTime(epochSeconds * 1000) : localTime(epochSeconds).slice(5, 16);
}

/** Partial blocks, so a bar's length shows differences smaller than a whole cell. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function bar(value: number, most: number, width: number): string {
	if (!(most > 0) || value <= 0 || width <= 0) return '';
	const eighths = Math.max(1, Math.round((value / most) * width * 8));
	return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** Which histogram row holds each of p50, p95 and p99 (the first bucket whose bound it does not exceed). */
export function percentileMarks(r: OperationDetailResult): Map<number, string[]> {
	const marks = new Map<number, string[]>();
	if (r.spectrum === null) return marks;
	for (const [key, label] of [
		['p50', 'p50'],
		['p95', 'p95'],
		['p99', 'p99'],
	] as const) {
		const value = r.spectrum[key];
		const at = r.histogram.findIndex((row) => row.le_seconds === null || value <= row.le_seconds);
		if (at !== -1) marks.set(at, [...(marks.get(at) ?? []), label]);
	}
	return marks;
}

/** §2b: log-spaced buckets (1-2-5 per decade, the populated range), bars scaled to the width. */
export function distributionSection(r: OperationDetailResult, width: number): Section {
	const marks = percentileMarks(r);
	const most = Math.max(0, ...r.histogram.map((row) => row.count));
	// label 9, count 8, cumulative 7, marks 14 (` ◀ p50 p95 p99`); the bar takes the rest.
	const barWidth = Math.max(4, width - 2 - 9 - 1 - 8 - 1 - 7 - 2 - 14);
	let cumulative = 0;
	const rows = r.histogram.map((row, i) => {
		cumulative += row.count;
		const label = row.le_seconds === null ? `> ${formatDuration(1e6)}` : `≤ ${formatDuration(row.le_seconds)}`;
		const share = formatPercent(r.calls === 0 ? undefined : (cumulative / r.calls) * 100);
		const mark = marks.has(i) ? paint(` ◀ ${marks.get(i)!.join(' ')}`, {color: 'cyan'}) : '';
		return (
			`  ${fit(label, 9)} ${fit(formatCount(row.count), 8, 'right')} ${fit(share, 7, 'right')}` +
			`  ${fit(bar(row.count, most, barWidth), barWidth)}${mark}`
		);
	});
	return {title: 'Distribution (calls per duration, cumulative %)', rows, empty: 'no calls in this window'};
}

/** §2e: failures grouped by error text, largest first. */
export function failuresSection(r: OperationDetailResult, width: number, now: number): Section {
	const timeWidth = r.errors.some((e) => now - e.first_seen >= 86_400) ? 11 : 8;
	const messageWidth = Math.max(10, width - 2 - 7 - 1 - 6 - 1 - timeWidth - 1 - timeWidth - 1);
	const rows = r.errors.map((e) => {
		const share = formatPercent(r.failures === 0 ? undefined : (e.count / r.failures) * 100);
		const message = e.message === '' ? '(no error text)' : fitMiddle(e.message, messageWidth).trimEnd();
		return (
			`  ${fit(formatCount(e.count), 7, 'right')} ${fit(share, 6, 'right')} ${fit(callTime(e.first_seen, now), timeWidth)}` +
			` ${fit(callTime(e.last_seen, now), timeWidth)} ${paint(message, {color: 'red'})}`
		);
	});
	const head = `  ${fit('COUNT', 7, 'right')} ${fit('SHARE', 6, 'right')} ${fit('FIRST', timeWidth)} ${fit('LAST', timeWidth)} ERROR`;
	return {
		title: `Failures by error (${formatCount(r.failures)} of ${formatCount(r.calls)})`,
		rows: rows.length === 0 ? [] : [paint(head, {dim: true}), ...rows],
		empty: 'no failures in this window',
	};
}

/** §2g: the newest calls first. */
export function recentSection(r: OperationDetailResult, width: number, now: number): Section {
	const timeWidth = r.recent.some((c) => now - c.end_time >= 86_400) ? 11 : 8;
	const hasContainer = r.recent.some((c) => c.container !== null);
	const containerWidth = hasContainer ? Math.min(20, Math.max(9, ...r.recent.map((c) => Array.from(c.container ?? '').length))) : 0;
	const errorWidth = Math.max(8, width - 2 - timeWidth - 1 - 8 - 1 - 6 - 1 - (hasContainer ? containerWidth + 1 : 0));
	const rows = r.recent.map((c) => {
		const container = hasContainer ? ` ${fitMiddle(c.container ?? '-', containerWidth)}` : '';
		const error = c.error === null ? '' : ` ${paint(fitMiddle(c.error, errorWidth).trimEnd(), {color: 'red'})}`;
		const status = c.success ? fit('ok', 6) : paint(fit('failed', 6), {color: 'red'});
		return `  ${fit(callTime(c.end_time, now), timeWidth)} ${fit(seconds(c.duration), 8, 'right')} ${status}${container}${error}`;
	});
	const head =
		`  ${fit('TIME', timeWidth)} ${fit('DURATION', 8, 'right')} ${fit('RESULT', 6)}` +
		`${hasContainer ? ` ${fit('CONTAINER', containerWidth)}` : ''} ERROR`;
	return {
		title: 'Recent calls (newest first)',
		rows: rows.length === 0 ? [] : [paint(head, {dim: true}), ...rows],
		empty: 'no calls in this window',
	};
}

/** §2f: one row per container named in the calls' metadata; no section when none is. */
export function containersSection(r: OperationDetailResult, width: number): Section | undefined {
	if (r.containers.length === 0) return undefined;
	const nameWidth = Math.max(9, Math.min(width - 2 - 4 * 9, Math.max(...r.containers.map((c) => Array.from(c.name).length))));
	const head =
		`  ${fit('CONTAINER', nameWidth)} ${fit('CALLS', 8, 'right')} ${fit('FAIL', 8, 'right')}` +
		` ${fit('P50', 8, 'right')} ${fit('P95', 8, 'right')}`;
	const rows = r.containers.map(
		(c) =>
			`  ${fitMiddle(c.name, nameWidth)} ${fit(formatCount(c.calls), 8, 'right')} ${fit(formatCount(c.failures), 8, 'right')}` +
			` ${fit(seconds(c.p50), 8, 'right')} ${fit(seconds(c.p95), 8, 'right')}`,
	);
	return {title: 'By container', rows: [paint(head, {dim: true}), ...rows]};
}
