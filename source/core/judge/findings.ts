/**
 * What `ddc-top check` reports (issue #16 §4): one finding per operation or container evaluated, passed or
 * not, in the JSON shape the issue fixes. Built from the judge's verdicts; rendered by report.ts.
 */
import {LEAK_MB_PER_MIN, type MemoryGrowth} from './memory-growth.js';
import type {RegressionResult} from './regression.js';
import type {SloVerdict} from './thresholds.js';

export type FindingKind = 'slo' | 'regression' | 'memory';
export type Verdict = 'ok' | 'near' | 'breach' | RegressionResult['verdict'] | MemoryGrowth['state'];

/** JSON keys are snake_case like DDC's. Durations in seconds, success rates as fractions, memory in MB. */
export interface Finding {
	kind: FindingKind;
	/** The operation or container name, as it came (untrusted: renderers sanitize it). */
	subject: string;
	statistic: string;
	value: number | null;
	limit?: number | null;
	baseline?: number | null;
	change_pct: number | null;
	verdict: Verdict;
	/** Plain words for the text line (why, where the limit came from). */
	note?: string;
	/** Regression only: each percentile's % change, and the success rate's change in percentage points. */
	changes?: {p50: number | null; p95: number | null; p99: number | null};
	success_rate?: number | null;
	baseline_success_rate?: number | null;
	success_change_points?: number | null;
	/** Memory only: Sen's 95 % interval of the rate, MB/min, and minutes to the limit at the current rate. */
	low?: number;
	high?: number;
	minutes_to_limit?: number;
}

/** Findings that fail the check (exit 1). */
export const FAILING: ReadonlySet<Verdict> = new Set<Verdict>(['breach', 'slower', 'leak']);
/** Findings worth a warning but not a failure. */
export const WARNING: ReadonlySet<Verdict> = new Set<Verdict>(['near', 'watch']);

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** An operation's threshold verdict; undefined when no rule binds it or it had no calls (not evaluated). */
export function sloFinding(v: SloVerdict): Finding | undefined {
	const w = v.worst;
	if (!w || v.state === 'none') return undefined;
	const change = w.value !== undefined && w.rule.limit > 0 ? ((w.value - w.rule.limit) / w.rule.limit) * 100 : undefined;
	return {
		kind: 'slo',
		subject: v.operation,
		statistic: w.rule.statistic,
		value: finite(w.value),
		limit: w.rule.limit,
		change_pct: finite(change),
		verdict: v.state,
		note: `limit from ${w.rule.source}`,
	};
}

export function regressionFinding(operation: string, r: RegressionResult): Finding {
	const p = r.p === undefined ? '' : `, p = ${r.p < 0.001 ? '< 0.001' : r.p.toFixed(3)}`;
	return {
		kind: 'regression',
		subject: operation,
		statistic: r.statistic,
		value: finite(r.value),
		baseline: finite(r.baseline),
		change_pct: finite(r.changePct),
		verdict: r.verdict,
		note: `${r.test}${p}`,
		changes: {p50: finite(r.changes.p50), p95: finite(r.changes.p95), p99: finite(r.changes.p99)},
		success_rate: finite(r.successRate),
		baseline_success_rate: finite(r.baselineSuccessRate),
		success_change_points: finite(r.successChangePoints),
	};
}

export function memoryFinding(container: string, g: MemoryGrowth): Finding {
	return {
		kind: 'memory',
		subject: container,
		statistic: 'growth_mb_per_min',
		value: finite(g.mbPerMin),
		// The rate above which growth is a leak (the interval's low end is what is compared).
		limit: LEAK_MB_PER_MIN,
		change_pct: null,
		verdict: g.state,
		note: g.reason,
		...(g.low !== undefined && {low: g.low}),
		...(g.high !== undefined && {high: g.high}),
		...(g.minutesToLimit !== undefined && {minutes_to_limit: g.minutesToLimit}),
	};
}

export interface CheckReport {
	passed: boolean;
	findings: Finding[];
}

export function checkReport(findings: Finding[]): CheckReport {
	return {passed: !findings.some((f) => FAILING.has(f.verdict)), findings};
}
