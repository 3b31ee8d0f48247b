import type {OperationDetailResult} from '../../core/detail/detail-result.js';
import {fit, formatCount, formatDuration, formatPercent, formatRate} from '../../core/format.js';
import {formatClockTime} from '../../core/local-time.js';
import {sanitize} from '../../core/sanitize.js';
import type {TimeSelection} from '../../state/reducer.js';
import type {DetailSnapshot, Snapshot} from '../../state/store.js';
import {paint} from '../../terminal-output/paint.js';
import type {Layout} from '../dashboard/dashboard.js';
import {titleBar} from '../dashboard/header.js';
import {statusLine} from '../dashboard/status-line.js';
import {footerHints} from '../key-hints.js';
import {heatmapSection, overTimeSection} from './detail-charts.js';
import {callTime, containersSection, distributionSection, failuresSection, recentSection, type Section} from './detail-sections.js';
import {operationJudgeLine} from './judge-lines.js';

// The operation detail (issue #14 §2), drawn like the dashboard: a pure function of the snapshot and the
// size, one string per line. The sections come in the order of importance; each gets a few rows
// first, then the room left goes to them in that order, and what does not fit says how much it hides.

const seconds = (value: number | null | undefined) => formatDuration(value ?? undefined);

function phaseText(d: DetailSnapshot | undefined): string {
	if (d === undefined) return 'opening…';
	switch (d.phase.kind) {
		case 'reading':
			return `reading… ${d.phase.total === 0 ? 0 : Math.floor((d.phase.done / d.phase.total) * 100)}%`;
		case 'error':
			return `only new calls: ${sanitize(d.phase.message)}`;
		default:
			return '';
	}
}

function rangeText(range: {from: number; to: number}, now: number): string {
	return `${callTime(range.from, now)}-${callTime(range.to, now)}`;
}

function titleLine(snap: Snapshot, operation: string, d: DetailSnapshot | undefined, version: string, width: number): string {
	const phase = phaseText(d);
	const parts = [`ddc-top ${version}`, `operation ${sanitize(operation)}`, `window ${snap.ui.window}`];
	const {view} = snap.ui;
	// The figures below are the range's when one is marked: said first thing, so no one takes them for the window's.
	if (view.kind === 'operation' && view.range !== undefined) parts.push(`range ${rangeText(view.range, snap.now / 1000)}`);
	else if (view.kind === 'operation' && view.mark !== undefined) parts.push('range start marked (v marks its end)');
	if (phase) parts.push(phase);
	return titleBar(parts.join(' · '), snap.ui.paused, formatClockTime(snap.now), width);
}

/** §2a: calls, ok %, failures, rates; min / avg / max; the percentile spectrum. Joined where they fit. */
function figureLines(r: OperationDetailResult, width: number): string[] {
	const counts =
		`calls ${formatCount(r.calls)} · ok ${formatPercent(r.ok_percent ?? undefined)} · failures ${formatCount(r.failures)}` +
		` · rate ${formatRate(r.rate_per_minute)}/m · window average ${formatRate(r.avg_per_minute)}/m`;
	const range = `min ${seconds(r.min)} · avg ${seconds(r.avg)} · max ${seconds(r.max)}`;
	const s = r.spectrum;
	// Two spaces between the percentiles where they fit, one where they do not (80 columns).
	const spectrumWith = (gap: string) =>
		s === null
			? ''
			: [
					`p50 ${seconds(s.p50)}`,
					`p75 ${seconds(s.p75)}`,
					`p90 ${seconds(s.p90)}`,
					`p95 ${seconds(s.p95)}`,
					`p99 ${seconds(s.p99)}`,
					`p99.9 ${seconds(s.p999)}`,
					`p99.99 ${seconds(s.p9999)}`,
				].join(gap);
	const spectrum = Array.from(spectrumWith('  ')).length <= width ? spectrumWith('  ') : spectrumWith(' ');
	const lines = [counts];
	const joined = `${range} │ ${spectrum}`;
	if (s !== null && Array.from(joined).length <= width) lines.push(joined);
	else lines.push(range, ...(s === null ? [] : [spectrum]));
	const fitted = lines.map((l) => fit(l, width));
	// Failures in red once the line is cut to the width (codes would count as columns before).
	const failures = `failures ${formatCount(r.failures)}`;
	if (r.failures > 0) fitted[0] = fitted[0].replace(failures, paint(failures, {color: 'red'}));
	// A busy operation's older calls are counted in time slots: say so rather than pass estimates as exact.
	if (!r.exact) fitted.push(paint(fit('some figures estimated: the window holds more calls than are kept one by one', width), {dim: true}));
	return fitted;
}

interface Placed {
	section: Section;
	fill: boolean;
	/** Lines given: its title and this many rows. */
	rows: number;
	/** Charts are shown whole or not at all. */
	whole: boolean;
}

const natural = (p: Placed) => Math.max(1, p.section.rows.length);

interface SectionSpec {
	section: Section;
	/** Shown whole or not at all (a chart). */
	whole?: boolean;
	/** Rows it gets before the sections after it get any (default 3). */
	first?: number;
	/** Gets more rows only once every other section shows all of its own (a long list: recent calls). */
	fill?: boolean;
}

/**
 * Lines for each section within `room`: first each in turn gets its title and its `first` rows (charts all
 * theirs), with a blank line between sections, while they fit; then the room left goes to the first ones
 * until they show every row, the long lists last. A section that does not get its title and a row is left out.
 */
function place(sections: SectionSpec[], room: number): Placed[] {
	const placed: Placed[] = [];
	let left = room;
	for (const {section, whole = false, first = 3, fill = false} of sections) {
		const gap = placed.length === 0 ? 0 : 1;
		const want = whole ? Math.max(1, section.rows.length) : Math.min(first, Math.max(1, section.rows.length));
		const rows = whole ? want : Math.min(want, left - gap - 1);
		if (rows < 1 || gap + 1 + rows > left) continue;
		placed.push({section, rows, whole, fill});
		left -= gap + 1 + rows;
	}
	for (const pass of [false, true]) {
		for (const p of placed) {
			if (p.whole || p.fill !== pass) continue;
			const more = Math.min(left, natural(p) - p.rows);
			p.rows += more;
			left -= more;
		}
	}
	return placed;
}

function sectionLines(p: Placed, width: number): string[] {
	const {section, rows} = p;
	const lines = [paint(fit(section.title, width), {bold: true})];
	if (section.rows.length === 0) return [...lines, paint(fit(`  ${section.empty ?? ''}`, width), {dim: true})];
	const hidden = section.rows.length - rows;
	// Two lines say more as two rows than as a column header and "… n more".
	const counted = hidden > 0 && rows > 2;
	// Rows are laid out within the width by their section (fitting them here would count colour codes).
	lines.push(...section.rows.slice(0, counted ? rows - 1 : rows));
	if (counted) lines.push(paint(fit(`  … ${formatCount(hidden + 1)} more`, width), {dim: true}));
	return lines;
}

/** The body's sections in order of importance (§2 b, e, g, f, c). */
function sections(d: DetailSnapshot, now: number, width: number, sel: TimeSelection): SectionSpec[] {
	const r = d.result;
	const out: SectionSpec[] = [
		// The distribution whole where it can be: a bar cut off would hide where the slow calls are.
		{section: distributionSection(r, width), first: 12},
		{section: failuresSection(r, width, now)},
		{section: recentSection(r, width, now), fill: true},
	];
	const containers = containersSection(r, width);
	if (containers) out.push({section: containers});
	// The charts show the whole window, the range marked on it.
	out.push(
		{section: overTimeSection(d.window, now, width, sel), whole: true},
		{section: heatmapSection(d.heatmap, d.window, now, width), whole: true},
	);
	return out;
}

/** The operation detail screen, exactly `l.height` lines (the status line and the footer at the bottom). */
export function renderOperationDetail(snap: Snapshot, operation: string, version: string, l: Layout): string[] {
	const {width, height} = l;
	const d = snap.detail;
	const lines = [titleLine(snap, operation, d, version, width)];
	if (d !== undefined) {
		lines.push(...figureLines(d.result, width));
		const now = snap.now / 1000;
		const room = height - lines.length - 3;
		const body: string[] = [];
		const sel = snap.ui.view.kind === 'operation' ? snap.ui.view : {};
		for (const p of place(sections(d, now, width, sel), room)) {
			if (body.length > 0) body.push('');
			body.push(...sectionLines(p, width));
		}
		// The judgement (issue #16, of the window's figures as the table's SLO and Δ columns) takes the blank
		// line above the sections: the sections keep their room.
		lines.push(operationJudgeLine(snap.operations.judged.get(operation), width) ?? '', ...body);
	}
	while (lines.length < height - 2) lines.push('');
	lines.length = Math.max(0, height - 2);
	lines.push(
		statusLine(snap.file, snap.now, width),
		paint(fit(`Esc back  ←/→ time  v range  ${footerHints(width - 28, undefined, 'operation')}`, width), {dim: true}),
	);
	return lines;
}
