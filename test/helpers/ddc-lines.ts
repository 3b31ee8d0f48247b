import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {type DdcEntry, formatDdcLine} from '../../source/core/ddc-line-writer.js';
import {seededRandom} from '../../source/core/random.js';

/**
 * Lines exactly as DDC's writer produces them: Python's `json.dumps(entry)` (", " and ": " separators,
 * keys in DDC's order), so the tests exercise the fast parse path the real file takes.
 */

export type LineSpec = DdcEntry;

/** One line as DDC writes it, newline included: what goes into a file. */
export const ddcLine = (spec: LineSpec): string => formatDdcLine(spec);

/** The same line without its newline: what a `metrics-lines` event carries after the splitter. */
export const ddcLineText = (spec: LineSpec): string => ddcLine(spec).slice(0, -1);

/**
 * `old` lines of `old_op` 40 days before `nowSeconds` and `kept` lines of `new_op` in its last minute:
 * what a cleanup keeping a day or more removes and what it keeps.
 */
export function agedLines(nowSeconds: number, old = 20, kept = 20): {old: string[]; kept: string[]} {
	return {
		old: Array.from({length: old}, (_, i) => ddcLine({operation: 'old_op', end: nowSeconds - 40 * 86_400 + i, duration: 0.1})),
		kept: Array.from({length: kept}, (_, i) => ddcLine({operation: 'new_op', end: nowSeconds - 60 + i, duration: 0.2})),
	};
}

export interface MetricsFile {
	file: string;
	body: string;
	/** The part a cleanup keeps. */
	kept: string;
}

/** DDC's metrics file, under its real name in `dir`: the `old` lines, then the `kept` ones. */
export function writeMetricsFile(dir: string, lines: {old?: string | readonly string[]; kept: string | readonly string[]}): MetricsFile {
	const text = (part: string | readonly string[] = '') => (typeof part === 'string' ? part : part.join(''));
	const kept = text(lines.kept);
	const body = text(lines.old) + kept;
	const file = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(file, body);
	return {file, body, kept};
}

/**
 * A metrics file body: `old` lines ending `oldAgeDays` before `nowSeconds`, `recent` lines in the last hour,
 * interleaved as a long-running DDC would have written them (old first), and `malformed` broken lines.
 */
export function metricsBody(options: {
	nowSeconds: number;
	old: number;
	recent: number;
	malformed?: number;
	oldAgeDays?: number;
	seed?: number;
}): string {
	const random = seededRandom(options.seed ?? 1);
	const ops = ['config_load', 'docker_list', 'docker_action', 'mech_state'];
	const parts: string[] = [];
	const age = (options.oldAgeDays ?? 10) * 86_400;
	for (let i = 0; i < options.old; i++) {
		parts.push(ddcLine({operation: ops[i % ops.length], end: options.nowSeconds - age - i, duration: 0.001 + random() * 0.5}));
	}
	for (let i = 0; i < (options.malformed ?? 0); i++) {
		parts.push(i % 2 === 0 ? `{"operation": "broken", "duration": NaN, "end_time": ${options.nowSeconds}}\n` : 'not json at all\n');
	}
	for (let i = 0; i < options.recent; i++) {
		parts.push(
			ddcLine({
				operation: ops[i % ops.length],
				end: options.nowSeconds - 3000 + (i % 3000),
				duration: 0.001 + random() * 0.5,
				success: i % 10 !== 0,
				metadata: i % 10 === 0 ? {container: 'ddc', error: 'boom'} : {},
			}),
		);
	}
	return parts.join('');
}
