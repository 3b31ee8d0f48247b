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
	| 'bad-success'
	| 'too-long';

export const rejectReasonText: Record<RejectReason, string> = {
	'not-json': 'not JSON',
	'not-object': 'not a JSON object',
	'missing-operation': 'operation missing',
	'bad-operation': 'operation not a non-empty string',
	'missing-end-time': 'end_time missing',
	'bad-end-time': 'end_time not a finite number',
	'missing-duration': 'duration missing',
	'bad-duration': 'duration not a number',
	'non-finite-duration': 'duration NaN or Infinity (or too large, like 1e309)',
	'negative-duration': 'duration negative',
	'missing-success': 'success missing',
	'bad-success': 'success not true/false',
	'too-long': `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB (skipped unread)`,
};

import {MAX_LINE_BYTES} from './line-limit.js';

export type ParseResult = {ok: true; record: MetricRecord} | {ok: false; reason: RejectReason};

/** Python's bare NaN/Infinity/-Infinity, outside strings, as marker strings: found in one linear pass. */
function quoteNonFinite(line: string): string | undefined {
	let out: string | undefined;
	let from = 0;
	let inString = false;
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (inString) {
			if (c === 92)
				i++; // a backslash: the next character is escaped
			else if (c === 34) inString = false;
			continue;
		}
		if (c === 34) {
			inString = true;
			continue;
		}
		const word = line.startsWith('NaN', i)
			? 'NaN'
			: line.startsWith('Infinity', i)
				? 'Infinity'
				: line.startsWith('-Infinity', i)
					? '-Infinity'
					: '';
		if (word === '') continue;
		out = `${(out ?? '') + line.slice(from, i)}"__${word}__"`;
		i += word.length - 1;
		from = i + 1;
	}
	return out === undefined ? undefined : out + line.slice(from);
}

const NON_FINITE_MARK = /^__-?(Infinity|NaN)__$/;

function parseJsonLine(line: string): ParseResult {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		// Not JSON. Python writes bare NaN/Infinity for a non-finite float: when those are all that is wrong,
		// name the field; the line is rejected either way.
		const quoted = quoteNonFinite(line);
		if (quoted === undefined) return {ok: false, reason: 'not-json'};
		try {
			value = JSON.parse(quoted);
		} catch {
			return {ok: false, reason: 'not-json'};
		}
		const verdict = checkEntry(value);
		return verdict.ok ? {ok: false, reason: 'not-json'} : verdict;
	}
	return checkEntry(value);
}

function checkEntry(value: unknown): ParseResult {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return {ok: false, reason: 'not-object'};
	const o = value as Record<string, unknown>;
	if (!('operation' in o)) return {ok: false, reason: 'missing-operation'};
	if (typeof o.operation !== 'string' || o.operation.length === 0) return {ok: false, reason: 'bad-operation'};
	if (!('end_time' in o) || o.end_time === null) return {ok: false, reason: 'missing-end-time'};
	if (typeof o.end_time !== 'number' || !Number.isFinite(o.end_time)) return {ok: false, reason: 'bad-end-time'};
	if (!('duration' in o)) return {ok: false, reason: 'missing-duration'};
	// A marker (bare NaN/Infinity) or a number too large for a double (1e309 parses as Infinity).
	if (typeof o.duration === 'string' && NON_FINITE_MARK.test(o.duration)) return {ok: false, reason: 'non-finite-duration'};
	if (typeof o.duration !== 'number') return {ok: false, reason: 'bad-duration'};
	if (!Number.isFinite(o.duration)) return {ok: false, reason: 'non-finite-duration'};
	if (o.duration < 0) return {ok: false, reason: 'negative-duration'};
	if (!('success' in o)) return {ok: false, reason: 'missing-success'};
	if (typeof o.success !== 'boolean') return {ok: false, reason: 'bad-success'};
	return {ok: true, record: {operation: o.operation, endTime: o.end_time, duration: o.duration, success: o.success}};
}

/**
 * Parses one line (without its newline; a trailing CR is ignored): a record exactly when `JSON.parse`
 * reads the line and the entry rules hold. Blank lines are the caller's to skip (isBlankLine), and so are
 * lines over MAX_LINE_BYTES, which are never built into a string.
 */
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
