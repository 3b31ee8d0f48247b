/**
 * One line of DDC's performance_metrics.jsonl -> a record or a counted rejection, with the reason. Never
 * throws. Any valid JSON object with the right fields counts, whatever its key order or spacing; the file's
 * hot path (line-scanner.ts) handles DDC's exact shape from bytes and hands everything else to this parser.
 */

export interface MetricRecord {
	operation: string;
	/** Epoch seconds (float): the time we use. `timestamp` is local time without a zone, so it is ignored. */
	endTime: number;
	/** Seconds. */
	duration: number;
	success: boolean;
}

export type RejectReason =
	| 'not-json'
	| 'not-object'
	| 'missing-operation'
	| 'bad-operation'
	| 'missing-end-time'
	| 'bad-end-time'
	| 'missing-duration'
	| 'bad-duration'
	| 'non-finite-duration'
	| 'negative-duration'
	| 'missing-success'
	| 'bad-success';

export const rejectReasonText: Record<RejectReason, string> = {
	'not-json': 'not JSON',
	'not-object': 'not a JSON object',
	'missing-operation': 'operation missing',
	'bad-operation': 'operation not a non-empty string',
	'missing-end-time': 'end_time missing',
	'bad-end-time': 'end_time not a finite number',
	'missing-duration': 'duration missing',
	'bad-duration': 'duration not a number',
	'non-finite-duration': 'duration NaN or Infinity',
	'negative-duration': 'duration negative',
	'missing-success': 'success missing',
	'bad-success': 'success not true/false',
};

export type ParseResult = {ok: true; record: MetricRecord} | {ok: false; reason: RejectReason};

function parseJsonLine(line: string): ParseResult {
	let value: unknown;
	try {
		// Python writes bare NaN/Infinity; make them parseable so the reason can be precise.
		value = JSON.parse(line.replace(/(:\s*)(-?Infinity|NaN)(?=\s*[,}])/g, '$1"__$2__"'));
	} catch {
		return {ok: false, reason: 'not-json'};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return {ok: false, reason: 'not-object'};
	const o = value as Record<string, unknown>;
	if (!('operation' in o)) return {ok: false, reason: 'missing-operation'};
	if (typeof o.operation !== 'string' || o.operation.length === 0) return {ok: false, reason: 'bad-operation'};
	if (!('end_time' in o) || o.end_time === null) return {ok: false, reason: 'missing-end-time'};
	if (typeof o.end_time !== 'number' || !Number.isFinite(o.end_time)) return {ok: false, reason: 'bad-end-time'};
	if (!('duration' in o)) return {ok: false, reason: 'missing-duration'};
	if (typeof o.duration === 'string' && /^__-?(Infinity|NaN)__$/.test(o.duration)) {
		return {ok: false, reason: 'non-finite-duration'};
	}
	if (typeof o.duration !== 'number') return {ok: false, reason: 'bad-duration'};
	if (o.duration < 0) return {ok: false, reason: 'negative-duration'};
	if (!('success' in o)) return {ok: false, reason: 'missing-success'};
	if (typeof o.success !== 'boolean') return {ok: false, reason: 'bad-success'};
	return {ok: true, record: {operation: o.operation, endTime: o.end_time, duration: o.duration, success: o.success}};
}

/** Parses one line (without its newline; a trailing CR is ignored). Blank lines are the caller's to skip. */
export function parseMetricsLine(line: string): ParseResult {
	if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
	return parseJsonLine(line);
}

/** True for lines that are only whitespace: skipped, neither read nor rejected. */
export function isBlankLine(line: string): boolean {
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}
