/**
 * The live view's and `--once`'s judging (issue #16): --slo (or DDC's ./pytest.ini), --baseline and
 * --regression read as `ddc-top check` reads them, before anything is drawn, so a bad file is one line and
 * exit 2 rather than a view that judges with something else.
 */
import path from 'node:path';
import {loadBaseline, loadThresholds} from './commands/check-inputs.js';
import type {Config} from './config.js';
import type {JudgeSetup} from './core/judge/live-judge.js';

export type JudgeLoad = {ok: true; setup: JudgeSetup} | {ok: false; problem: string};

export async function loadJudgeSetup(flags: NonNullable<Config['judgeFlags']>, cwd: string): Promise<JudgeLoad> {
	const [thresholds, baseline] = await Promise.all([
		loadThresholds(flags.slo, cwd),
		flags.baseline === undefined ? undefined : loadBaseline(flags.baseline, cwd),
	]);
	if (!thresholds.ok) return thresholds;
	if (baseline && !baseline.ok) return baseline;
	const t = thresholds.value;
	// A file's name for the header: "pytest.ini" when it was found in the current folder, the path as given otherwise.
	const fromFile = flags.slo !== undefined || t.origin === './pytest.ini';
	return {
		ok: true,
		setup: {
			rules: t.rules,
			origin: t.origin,
			...(fromFile && {sloLabel: flags.slo ?? path.basename(t.origin)}),
			...(baseline?.ok && {baseline: baseline.value, baselineLabel: flags.baseline}),
			minEffectPct: flags.minEffectPct,
			leakThresholdMb: t.leakThresholdMb,
		},
	};
}
