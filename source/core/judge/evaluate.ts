/**
 * The judge over a set of operations: thresholds, then the baseline, one finding each. The entry point the
 * live view can call with a snapshot's summaries as well as `check` does.
 */
import type {Baseline} from './baseline.js';
import type {Buckets} from './buckets.js';
import {type Finding, regressionFinding, sloFinding} from './findings.js';
import {compareToBaseline} from './regression.js';
import {judgeOperation, type SloFigures, type SloRule} from './thresholds.js';

/** An operation's figures (an OperationSummary fits) and, for a baseline comparison, its distribution. */
export interface JudgedOperation extends SloFigures {
	operation: string;
	buckets?: Buckets;
}

export interface JudgeOptions {
	rules: readonly SloRule[];
	baseline?: Baseline;
	minEffectPct?: number;
}

/**
 * Per operation with calls: its threshold finding (when a rule binds it), then its regression finding
 * (when the baseline has it). Operations in the given order.
 */
export function judgeOperations(operations: readonly JudgedOperation[], options: JudgeOptions): Finding[] {
	const findings: Finding[] = [];
	for (const op of operations) {
		if (op.calls <= 0) continue;
		const slo = sloFinding(judgeOperation(op.operation, op, options.rules));
		if (slo) findings.push(slo);
		const before = options.baseline?.operations.get(op.operation);
		if (before) findings.push(regressionFinding(op.operation, compareToBaseline(op, before, {minEffectPct: options.minEffectPct})));
	}
	return findings;
}
