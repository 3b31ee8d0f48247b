import {formatDdcLine, type DdcEntry} from '../../source/core/ddc-line-writer.js';
import {seededRandom} from '../../source/core/random.js';

/**
 * Lines exactly as DDC's writer produces them: Python's `json.dumps(entry)` (", " and ": " separators,
 * keys in DDC's order), so the tests exercise the fast parse path the real file takes.
 */

export type LineSpec = DdcEntry;

/** One line as DDC writes it, newline included. */
export const ddcLine = (spec: LineSpec): string => formatDdcLine(spec);

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
