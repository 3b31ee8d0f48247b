import type {DetailDocument} from '../core/detail/detail-json.js';
import {fit, fitMiddle, formatCount, formatDuration, formatPercent, formatRate} from '../core/format.js';
import {localTime} from '../core/local-time.js';
import {sanitize} from '../core/sanitize.js';

/**
 * `--once --op NAME` without `--json`: the operation's detail (issue #14 §4) as plain text for a terminal, a
 * pipe or a chat, the same parts as `ddc_top.detail` in the same order. Lines stay within `width`; times
 * are local, as DDC writes them. Error texts and container names come sanitized from the detail
 * (metadataText); sanitizing them again would escape the marks themselves (␛ -> \u241b).
 */
export function renderDetailText(d: DetailDocument, title: string, width = 120): string {
	const lines = [title, ...headLines(d), ''];
	lines.push(...distributionLines(d, width), '');
	lines.push(...timelineLines(d), '');
	lines.push(...errorLines(d, width), '');
	lines.push(...containerLines(d, width), '');
	lines.push(...recentLines(d, width));
	return `${lines.join('\n')}\n`;
}

const SPECTRUM_LABELS: ReadonlyArray<[keyof NonNullable<DetailDocument['spectrum']>, string]> = [
	['p50', 'p50'],
	['p75', 'p75'],
	['p90', 'p90'],
	['p95', 'p95'],
	['p99', 'p99'],
	['p999', 'p99.9'],
	['p9999', 'p99.99'],
];

const time = (epochSeconds: number) => localTime(epochSeconds);
const seconds = (value: number | null) => formatDuration(value ?? undefined);

function rangeText(d: DetailDocument): string {
	const {window, from, to} = d.range;
	if (window !== null) return from === null ? `window ${window}` : `window ${window} (since ${time(from)})`;
	return `from ${from === null ? 'the first call' : time(from)} to ${to === null ? 'now' : time(to)}`;
}

function stepText(step: number): string {
	if (step === 60) return 'per minute';
	if (step === 86_400) return 'per day';
	return step % 60 === 0 ? `per ${step / 60} minutes` : `per ${step} s`;
}

function headLines(d: DetailDocument): string[] {
	const lines = [
		`${sanitize(d.operation)} · ${rangeText(d)}`,
		`calls ${formatCount(d.total_calls)} · ok ${formatPercent(d.ok_percent ?? undefined)} · failures ${formatCount(d.failed_calls)}` +
			` · min ${seconds(d.min_duration)} · avg ${seconds(d.avg_duration)} · max ${seconds(d.max_duration)}` +
			` · rate ${formatRate(d.rate_per_min)}/m · window average ${formatRate(d.avg_per_min)}/m`,
	];
	const s = d.spectrum;
	lines.push(s === null ? 'no calls in this range' : SPECTRUM_LABELS.map(([key, label]) => `${label} ${seconds(s[key])}`).join(' · '));
	// A busy operation's older parts come from time slots and sketches (the JSON's `exact`).
	if (!d.exact) lines.push('(some figures estimated: the range holds more calls than are kept one by one)');
	return lines;
}

/** The bucket holding each of p50, p95 and p99: marked on its bar. */
function marksOf(d: DetailDocument): Map<number, string[]> {
	const marks = new Map<number, string[]>();
	if (d.spectrum === null) return marks;
	for (const [key, label] of [
		['p50', 'p50'],
		['p95', 'p95'],
		['p99', 'p99'],
	] as const) {
		const value = d.spectrum[key];
		const at = d.histogram.findIndex((row) => row.le_seconds === null || value <= row.le_seconds);
		if (at !== -1) marks.set(at, [...(marks.get(at) ?? []), label]);
	}
	return marks;
}

function distributionLines(d: DetailDocument, width: number): string[] {
	const lines = ['Distribution (calls per duration bucket, cumulative %)'];
	if (d.histogram.length === 0) return [...lines, '  (no calls)'];
	const most = Math.max(...d.histogram.map((row) => row.count));
	const marks = marksOf(d);
	const barWidth = Math.max(10, width - 2 - 10 - 1 - 8 - 1 - 7 - 2 - 16);
	let cumulative = 0;
	d.histogram.forEach((row, i) => {
		cumulative += row.count;
		const label = row.le_seconds === null ? `> ${formatDuration(1e6)}` : `≤ ${formatDuration(row.le_seconds)}`;
		const bar = '█'.repeat(row.count === 0 ? 0 : Math.max(1, Math.round((row.count / most) * barWidth)));
		const mark = marks.has(i) ? `  ← ${marks.get(i)!.join(' ')}` : '';
		const share = formatPercent((cumulative / d.total_calls) * 100);
		lines.push(
			`  ${fit(label, 10)} ${fit(formatCount(row.count), 8, 'right')} ${fit(share, 7, 'right')}  ${fit(bar, barWidth)}${mark}`.trimEnd(),
		);
	});
	return lines;
}

function timelineLines(d: DetailDocument): string[] {
	const lines = [`Over time (${stepText(d.range.step)})`];
	if (d.timeline.length === 0) return [...lines, '  (no calls)'];
	lines.push(
		`  ${fit('START', 19)} ${fit('CALLS', 7, 'right')} ${fit('FAIL', 6, 'right')}` +
			` ${fit('P50', 8, 'right')} ${fit('P95', 8, 'right')} ${fit('P99', 8, 'right')}`,
	);
	for (const row of d.timeline) {
		lines.push(
			`  ${fit(time(row.start), 19)} ${fit(formatCount(row.calls), 7, 'right')} ${fit(formatCount(row.failures), 6, 'right')}` +
				` ${fit(seconds(row.p50), 8, 'right')} ${fit(seconds(row.p95), 8, 'right')} ${fit(seconds(row.p99), 8, 'right')}`,
		);
	}
	return lines;
}

function errorLines(d: DetailDocument, width: number): string[] {
	const lines = [`Failures by error (${formatCount(d.failed_calls)})`];
	if (d.errors.length === 0) return [...lines, '  (no failures)'];
	const messageWidth = Math.max(20, width - 2 - 7 - 1 - 7 - 1 - 19 - 1 - 19 - 1);
	lines.push(`  ${fit('COUNT', 7, 'right')} ${fit('SHARE', 7, 'right')} ${fit('FIRST SEEN', 19)} ${fit('LAST SEEN', 19)} MESSAGE`);
	for (const e of d.errors) {
		const share = formatPercent((e.count / d.failed_calls) * 100);
		const message = e.message === '' ? '(no error text)' : fitMiddle(e.message, messageWidth).trimEnd();
		lines.push(
			`  ${fit(formatCount(e.count), 7, 'right')} ${fit(share, 7, 'right')}` +
				` ${fit(time(e.first_seen), 19)} ${fit(time(e.last_seen), 19)} ${message}`,
		);
	}
	return lines;
}

function containerLines(d: DetailDocument, width: number): string[] {
	const lines = ['By container'];
	if (d.containers.length === 0) return [...lines, '  (no calls name a container)'];
	const nameWidth = Math.min(width - 2 - 4 * 9, Math.max(9, ...d.containers.map((c) => Array.from(c.name).length)));
	lines.push(
		`  ${fit('CONTAINER', nameWidth)} ${fit('CALLS', 8, 'right')} ${fit('FAIL', 8, 'right')}` +
			` ${fit('P50', 8, 'right')} ${fit('P95', 8, 'right')}`,
	);
	for (const c of d.containers) {
		lines.push(
			`  ${fitMiddle(c.name, nameWidth)} ${fit(formatCount(c.calls), 8, 'right')} ${fit(formatCount(c.failures), 8, 'right')}` +
				` ${fit(seconds(c.p50), 8, 'right')} ${fit(seconds(c.p95), 8, 'right')}`,
		);
	}
	return lines;
}

function recentLines(d: DetailDocument, width: number): string[] {
	const lines = [`Recent calls (newest first, ${d.recent.length})`];
	if (d.recent.length === 0) return [...lines, '  (no calls)'];
	const containerWidth = 20;
	const errorWidth = Math.max(20, width - 2 - 19 - 1 - 8 - 1 - 6 - 1 - containerWidth - 1);
	lines.push(`  ${fit('TIME', 19)} ${fit('DURATION', 8, 'right')} ${fit('STATUS', 6)} ${fit('CONTAINER', containerWidth)} ERROR`);
	for (const c of d.recent) {
		const error = c.error === null ? '' : fitMiddle(c.error, errorWidth).trimEnd();
		lines.push(
			`  ${fit(time(c.end_time), 19)} ${fit(seconds(c.duration), 8, 'right')} ${fit(c.success ? 'ok' : 'failed', 6)}` +
				` ${fitMiddle(c.container ?? '-', containerWidth)} ${error}`.trimEnd(),
		);
	}
	return lines;
}
