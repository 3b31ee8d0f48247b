/**
 * The judge's verdicts in words for the detail views (issue #16): an operation's SLO state and baseline
 * comparison, a container's memory growth. One line each, fitted to the width, coloured by the verdict.
 */
import {fit, formatDuration} from '../../core/format.js';
import type {OperationJudgement} from '../../core/judge/live-judge.js';
import type {MemoryGrowth} from '../../core/judge/memory-growth.js';
import type {SloCheck} from '../../core/judge/thresholds.js';
import type {ContainerGrowth} from '../../core/memory-trend.js';
import {sanitize} from '../../core/sanitize.js';
import {type Look, paint} from '../../terminal-output/paint.js';
import {formatChange, SLO_TEXT, VERDICT_MARK} from '../dashboard/judge-cells.js';

const LOOK: Record<string, Look | undefined> = {
	breach: {color: 'red'},
	near: {color: 'yellow'},
	slower: {color: 'red'},
	faster: {color: 'cyan'},
	leak: {color: 'red'},
	watch: {color: 'yellow'},
};

function figure(check: SloCheck, value: number | undefined): string {
	if (value === undefined) return '-';
	return check.rule.statistic === 'success_rate' ? `${(value * 100).toFixed(1)}%` : formatDuration(value);
}

function sloText(j: OperationJudgement): string {
	const w = j.slo.worst;
	if (w === undefined) return 'SLO: no threshold names this operation';
	const floor = w.rule.statistic === 'success_rate';
	return (
		`SLO ${SLO_TEXT[j.slo.state]}: ${w.rule.statistic} ${figure(w, w.value)}, ${floor ? 'floor' : 'limit'} ${figure(w, w.rule.limit)}` +
		` (${sanitize(w.rule.source)})`
	);
}

function baselineText(j: OperationJudgement): string | undefined {
	const r = j.regression;
	if (r === undefined) return undefined;
	const changes = (['p50', 'p95', 'p99'] as const).map((p) => `${p} ${formatChange(r.changes[p])}`).join(', ');
	const points = r.successChangePoints;
	const success = points !== undefined && Math.abs(points) >= 0.05 ? `; success ${points > 0 ? '+' : ''}${points.toFixed(1)} pts` : '';
	const p = r.p === undefined ? '' : `; ${r.test} p ${r.p < 0.001 ? '< 0.001' : `= ${r.p.toFixed(3)}`}`;
	return `baseline: ${VERDICT_MARK[r.verdict]} ${r.verdict} (${changes}${success}${p})`;
}

/** "SLO ✗ breach: max 1.20s, limit 1.00s (pytest.ini:3) · baseline: ↑ slower (...)"; nothing without calls. */
export function operationJudgeLine(j: OperationJudgement | undefined, width: number): string | undefined {
	if (j === undefined) return undefined;
	const parts = [sloText(j)];
	const base = baselineText(j);
	if (base) parts.push(base);
	// The most serious verdict colours the line: a breach or a regression red, near yellow, faster cyan.
	const r = j.regression?.verdict;
	const look =
		j.slo.state === 'breach' || r === 'slower'
			? LOOK.breach
			: j.slo.state === 'near'
				? LOOK.near
				: r === 'faster'
					? LOOK.faster
					: undefined;
	return paint(fit(parts.join(' · '), width), look);
}

const rate = (g: MemoryGrowth, withInterval: boolean): string => {
	if (g.mbPerMin === undefined) return 'not judged yet';
	const ci = withInterval && g.low !== undefined && g.high !== undefined ? ` [${g.low.toFixed(1)}, ${g.high.toFixed(1)}]` : '';
	return `${g.mbPerMin >= 0 ? '+' : ''}${g.mbPerMin.toFixed(1)} MB/min${ci}`;
};

function minutesText(minutes: number): string {
	if (minutes < 1) return 'under a minute';
	if (minutes < 120) return `${Math.round(minutes)} min`;
	return minutes < 2880 ? `${(minutes / 60).toFixed(1)} h` : `${Math.round(minutes / 1440)} days`;
}

/**
 * "memory growth ~ watch: +6.2 MB/min [5.1, 7.0] over the last 10 min · +4.0 MB/min since start (25 min) ·
 * limit in 43 min · why", flowed into as many lines of `width` as it takes (two at most at 80 columns).
 */
export function growthLines(g: ContainerGrowth | undefined, width: number): string[] {
	if (g === undefined) return [];
	const mark = g.state === 'leak' ? '✗ leak' : g.state === 'watch' ? '~ watch' : '✓ ok';
	const parts = [`memory growth ${mark}: ${rate(g.recent, true)} over the last ${Math.max(1, Math.round(g.recent.spanMinutes))} min`];
	parts.push(`${rate(g.sinceStart, false)} since start (${Math.round(g.sinceStart.spanMinutes)} min)`);
	const eta = g.recent.minutesToLimit ?? g.sinceStart.minutesToLimit;
	if (eta !== undefined) parts.push(`limit in ${minutesText(eta)}`);
	// Why, when it is not ok: the band or DDC's 50 MB since start.
	if (g.state !== 'ok') parts.push(g.sinceStart.state === g.state ? g.sinceStart.reason : g.recent.reason);
	const lines: string[] = [];
	for (const part of parts) {
		const last = lines.length - 1;
		if (last >= 0 && Array.from(lines[last]).length + 3 + Array.from(part).length <= width) lines[last] += ` · ${part}`;
		else lines.push(part);
	}
	return lines.map((l) => paint(fit(l, width), LOOK[g.state]));
}
