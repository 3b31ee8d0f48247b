/**
 * The judge's cells (issue #16): an operation's SLO state, its change against the baseline, a container's
 * memory growth. Each reads without colour (a mark and a word or a sign), and is coloured where colours are on.
 */
import type {OperationJudgement} from '../../core/judge/live-judge.js';
import type {MemoryState} from '../../core/judge/memory-growth.js';
import type {PercentileName, RegressionVerdict} from '../../core/judge/regression.js';
import type {SloState} from '../../core/judge/thresholds.js';
import type {ContainerGrowth} from '../../core/memory-trend.js';
import type {Look} from '../../terminal-output/paint.js';

export const SLO_TEXT: Readonly<Record<SloState, string>> = {ok: '✓ ok', near: '~ near', breach: '✗ breach', none: ''};
const SLO_LOOK: Readonly<Record<SloState, Look | undefined>> = {
	ok: undefined,
	near: {color: 'yellow'},
	breach: {color: 'red'},
	none: undefined,
};

/** The mark after a Δ: which way the baseline comparison came out. */
export const VERDICT_MARK: Readonly<Record<RegressionVerdict, string>> = {
	slower: '↑',
	faster: '↓',
	'no significant change': '=',
	'too few calls': '?',
};
const VERDICT_LOOK: Readonly<Record<RegressionVerdict, Look | undefined>> = {
	slower: {color: 'red'},
	faster: {color: 'cyan'},
	'no significant change': undefined,
	'too few calls': {dim: true},
};

/** The state's mark and word, or (`markOnly`, for a narrow column) its mark alone. */
export function sloCell(j: OperationJudgement | undefined, markOnly = false): string {
	if (j === undefined) return '';
	const text = SLO_TEXT[j.slo.state];
	return markOnly ? text.slice(0, 1) : text;
}

export function sloLook(j: OperationJudgement | undefined): Look | undefined {
	return j === undefined ? undefined : SLO_LOOK[j.slo.state];
}

/** A signed percentage in at most 6 characters: "+4.2%", "-23%", "+999%", ">+999%". */
export function formatChange(pct: number | undefined): string {
	if (pct === undefined || !Number.isFinite(pct)) return '-';
	const sign = pct >= 0 ? '+' : '-';
	const a = Math.abs(pct);
	if (a >= 999.5) return `>${sign}999%`;
	return `${sign}${a < 9.95 ? a.toFixed(1) : Math.round(a)}%`;
}

/** A percentile's change against the baseline; the p95 cell carries the verdict's mark. */
export function deltaCell(j: OperationJudgement | undefined, p: PercentileName, withVerdict: boolean): string {
	const r = j?.regression;
	if (r === undefined) return '';
	return formatChange(r.changes[p]) + (withVerdict ? VERDICT_MARK[r.verdict] : '');
}

export function deltaLook(j: OperationJudgement | undefined): Look | undefined {
	const r = j?.regression;
	return r === undefined ? undefined : VERDICT_LOOK[r.verdict];
}

const GROWTH_MARK: Readonly<Record<MemoryState, string>> = {ok: '', watch: '~', leak: '✗'};
const GROWTH_LOOK: Readonly<Record<MemoryState, Look | undefined>> = {ok: undefined, watch: {color: 'yellow'}, leak: {color: 'red'}};

/** MB/min signed, one decimal under 10: "+1.2M/m", "-0.3M/m", "+14M/m"; a mark after it for watch (~) and leak (✗). */
export function growthCell(g: ContainerGrowth | undefined): string {
	if (g?.mbPerMin === undefined) return '';
	const v = g.mbPerMin;
	const a = Math.abs(v);
	const shown = a < 9.95 ? a.toFixed(1) : a < 9999.5 ? String(Math.round(a)) : '9999+';
	const sign = shown === '0.0' ? '±' : v > 0 ? '+' : '-';
	return `${sign}${shown}M/m${GROWTH_MARK[g.state]}`;
}

export function growthLook(g: ContainerGrowth | undefined): Look | undefined {
	return g === undefined ? undefined : GROWTH_LOOK[g.state];
}
