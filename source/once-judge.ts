/**
 * `--once`'s judgement (issue #16): the operations shown, judged as `ddc-top check` judges them, against the
 * thresholds (--slo, ./pytest.ini or DDC's values) and, with --baseline, the baseline. Text: check's lines
 * under the table; JSON: `ddc_top.judgement`. `--once` still exits 0: gating is `check`'s job.
 */

import type {MetricsIngest} from './core/ingest.js';
import {bucketsOf} from './core/judge/buckets.js';
import {judgeOperations} from './core/judge/evaluate.js';
import {checkReport, type Finding} from './core/judge/findings.js';
import type {JudgeSetup} from './core/judge/live-judge.js';
import {renderText} from './core/judge/report.js';
import type {OperationSummary} from './core/latency-windows.js';
import type {WindowName} from './core/windows.js';

export function onceFindings(rows: readonly OperationSummary[], ingest: MetricsIngest, window: WindowName, setup: JudgeSetup): Finding[] {
	const operations = rows.map((s) => {
		// Histograms only for a baseline comparison: the thresholds need the summary alone.
		const h = setup.baseline ? ingest.stats.histogram(s.operation, window) : undefined;
		return {...s, ...(h && {buckets: bucketsOf(h)})};
	});
	return judgeOperations(operations, {rules: setup.rules, baseline: setup.baseline, minEffectPct: setup.minEffectPct});
}

/** What the judgement read, in one line. */
function sourcesText(setup: JudgeSetup): string {
	const baseline = setup.baselineLabel ? `; baseline ${setup.baselineLabel}, min effect ${setup.minEffectPct} %` : '';
	return `thresholds: ${setup.origin}${baseline}`;
}

export function judgementText(findings: Finding[], setup: JudgeSetup): string {
	return `\nJudgement (as ddc-top check)\n${renderText(checkReport(findings), [sourcesText(setup)])}`;
}

/** `ddc_top.judgement`: check's report, with what it was judged against. */
export function judgementJson(findings: Finding[], setup: JudgeSetup): Record<string, unknown> {
	const report = checkReport(findings);
	return {
		thresholds: setup.origin,
		baseline: setup.baselineLabel ?? null,
		min_effect_pct: setup.minEffectPct,
		passed: report.passed,
		findings: report.findings,
	};
}
