/**
 * The judge in the live view and `--once` (issue #16 §1-§2): each operation's threshold state and, with a
 * baseline, its comparison, computed once per publish from the window's summaries. Thresholds are a few
 * comparisons; a comparison reads the operation's histogram, so it is kept until the operation's figures
 * change (a quiet operation costs nothing per refresh).
 */

import type {Histogram} from '../histogram.js';
import type {OperationSummary} from '../latency-windows.js';
import type {Baseline} from './baseline.js';
import {type Buckets, bucketsOf} from './buckets.js';
import {compareToBaseline, DEFAULT_MIN_EFFECT_PCT, type RegressionResult} from './regression.js';
import {DEFAULT_LEAK_THRESHOLD_MB, DEFAULT_SLO_RULES, judgeOperation, type SloRule, type SloState, type SloVerdict} from './thresholds.js';

/** What the operator asked the live view to judge with (--slo / ./pytest.ini, --baseline, --regression). */
export interface JudgeSetup {
	rules: readonly SloRule[];
	/** Where the rules came from ("./pytest.ini", the --slo path, "built-in (...)"). */
	origin: string;
	/** The file the rules came from, as the header names it ("pytest.ini"); undefined for the built-in values. */
	sloLabel?: string;
	baseline?: Baseline;
	/** The --baseline file as given, for the header. */
	baselineLabel?: string;
	minEffectPct: number;
	leakThresholdMb: number;
}

export const BUILT_IN_SETUP: JudgeSetup = {
	rules: DEFAULT_SLO_RULES,
	origin: "built-in (DDC's pytest.ini values)",
	minEffectPct: DEFAULT_MIN_EFFECT_PCT,
	leakThresholdMb: DEFAULT_LEAK_THRESHOLD_MB,
};

export interface OperationJudgement {
	slo: SloVerdict;
	/** Only with a baseline that has the operation. */
	regression?: RegressionResult;
}

export type Judgements = ReadonlyMap<string, OperationJudgement>;

/** Sort and filter order of the SLO states: breaches first when sorted largest first. */
export const SLO_SEVERITY: Readonly<Record<SloState, number>> = {none: 0, ok: 1, near: 2, breach: 3};

/** What `f`'s last step keeps: what would fail `ddc-top check` (a breach, or slower than the baseline). */
export function isBreach(j: OperationJudgement | undefined): boolean {
	return j !== undefined && (j.slo.state === 'breach' || j.regression?.verdict === 'slower');
}

/**
 * A number that sorts operations by their SLO state and, within it, by how close they are to the limit
 * (the load of the deciding check, capped so it never reaches the next state's range).
 */
export function sloSortValue(j: OperationJudgement | undefined): number {
	if (j === undefined) return 0;
	const load = j.slo.worst?.load ?? 0;
	return SLO_SEVERITY[j.slo.state] * 1000 + Math.min(999, Number.isFinite(load) ? load : 999);
}

/** One operation's histogram over a window; undefined when it has none. */
export type HistogramOf = (operation: string) => Histogram | undefined;

/** Judges summaries as they are published; holds the comparisons between publishes. */
export class LiveJudge {
	private readonly compared = new Map<string, {key: string; result: RegressionResult}>();

	constructor(readonly setup: JudgeSetup) {}

	/** Every operation with calls: its state (and comparison). `histogramOf` is asked only for a comparison to recompute. */
	judge(summaries: readonly OperationSummary[], window: string, histogramOf: HistogramOf): Judgements {
		const out = new Map<string, OperationJudgement>();
		const {baseline} = this.setup;
		for (const s of summaries) {
			if (s.calls <= 0) continue;
			const slo = judgeOperation(s.operation, s, this.setup.rules);
			const before = baseline?.operations.get(s.operation);
			out.set(s.operation, before ? {slo, regression: this.compare(s, window, before, histogramOf)} : {slo});
		}
		return out;
	}

	private compare(s: OperationSummary, window: string, before: Parameters<typeof compareToBaseline>[1], histogramOf: HistogramOf) {
		// The figures that decide the comparison: unchanged figures, unchanged histogram (to the display's eye).
		const key = `${window} ${s.calls} ${s.ok} ${s.p50} ${s.p95} ${s.p99} ${s.max}`;
		const held = this.compared.get(s.operation);
		if (held?.key === key) return held.result;
		const h = before.buckets ? histogramOf(s.operation) : undefined;
		const buckets: Buckets | undefined = h ? bucketsOf(h) : undefined;
		const result = compareToBaseline({...s, ...(buckets && {buckets})}, before, {minEffectPct: this.setup.minEffectPct});
		this.compared.set(s.operation, {key, result});
		return result;
	}
}
