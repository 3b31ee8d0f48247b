/**
 * `check`'s files besides the metrics: the thresholds (--slo, or DDC's pytest.ini in the current folder)
 * and the baseline. Each problem is one line for stderr; the command exits 2 with it.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Baseline} from '../core/judge/baseline.js';
import {DDC_SECTION, parseSloFile, sloProblemText} from '../core/judge/slo-file.js';
import {DEFAULT_LEAK_THRESHOLD_MB, DEFAULT_SLO_RULES, type SloRule} from '../core/judge/thresholds.js';
import {sanitize} from '../core/sanitize.js';
import {nonRegularFileProblem} from '../sources/regular-file.js';
import {describeError} from './describe-error.js';

export interface Thresholds {
	rules: readonly SloRule[];
	leakThresholdMb: number;
	/** Where they came from, for the header: "built-in (DDC's documented values)", "./pytest.ini"... */
	origin: string;
	skipped: string[];
}

export type Loaded<T> = {ok: true; value: T} | {ok: false; problem: string};

const BUILT_IN: Thresholds = {
	rules: DEFAULT_SLO_RULES,
	leakThresholdMb: DEFAULT_LEAK_THRESHOLD_MB,
	origin: "built-in (DDC's pytest.ini values)",
	skipped: [],
};

/**
 * --slo FILE; else ./pytest.ini when it has DDC's `[performance:thresholds]` section (a pytest.ini of
 * another project is left alone, and one that does not parse is named in the origin and not used); else the
 * built-in values.
 */
export async function loadThresholds(slo: string | undefined, cwd: string): Promise<Loaded<Thresholds>> {
	const file = slo === undefined ? path.join(cwd, 'pytest.ini') : path.resolve(cwd, slo);
	let text: string;
	try {
		// A FIFO or a device would block the read or never end.
		const notRegular = await nonRegularFileProblem(file);
		if (notRegular) return slo === undefined ? {ok: true, value: BUILT_IN} : {ok: false, problem: `--slo: ${notRegular}`};
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (slo === undefined) return {ok: true, value: BUILT_IN};
		return {ok: false, problem: `--slo: ${describeError(error, file)}`};
	}
	if (slo === undefined && !new RegExp(`^\\s*\\[${DDC_SECTION}\\]`, 'm').test(text)) return {ok: true, value: BUILT_IN};
	const shown = slo ?? './pytest.ini';
	const parsed = parseSloFile(text, shown);
	if (!parsed.ok) {
		// A file nobody named (DDC's checkout may gain keys this version does not know) must not stop the view:
		// the built-in values are used and the reason is said where the thresholds' origin is shown.
		if (slo === undefined)
			return {ok: true, value: {...BUILT_IN, origin: sanitize(`${BUILT_IN.origin}; ${sloProblemText(shown, parsed)}`)}};
		return {ok: false, problem: sanitize(sloProblemText(shown, parsed))};
	}
	return {
		ok: true,
		value: {
			rules: parsed.file.rules,
			leakThresholdMb: parsed.file.leakThresholdMb ?? DEFAULT_LEAK_THRESHOLD_MB,
			origin: shown,
			skipped: parsed.file.skipped,
		},
	};
}

export async function loadBaseline(file: string, cwd: string): Promise<Loaded<Baseline>> {
	let text: string;
	try {
		const notRegular = await nonRegularFileProblem(path.resolve(cwd, file));
		if (notRegular) return {ok: false, problem: `--baseline: ${notRegular}`};
		text = await readFile(path.resolve(cwd, file), 'utf8');
	} catch (error) {
		return {ok: false, problem: `--baseline: ${describeError(error, file)}`};
	}
	// Loaded here: its histogram decoder is needed only with a baseline, and the live view and --once read
	// their thresholds through this module before anything else loads (a missing file must answer at once).
	const {parseBaseline} = await import('../core/judge/baseline.js');
	const parsed = parseBaseline(text);
	if (!parsed.ok) return {ok: false, problem: sanitize(`--baseline ${file}: ${parsed.problem}`)};
	return {ok: true, value: parsed.baseline};
}
