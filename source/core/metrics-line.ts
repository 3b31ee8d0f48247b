/**
 * One line of DDC's performance_metrics.jsonl -> a record or a counted rejection. Never throws.
 *
 * DDC writes every line with `json.dumps(entry)`, so keys come in a fixed order with ", " and ": "
 * separators. The fast path reads exactly that shape without building an object (this is the hot path:
 * JSON.parse alone caps us near 700k lines/s); anything else falls back to JSON.parse, so hand-edited or
 * re-serialized lines still count.
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

/** The parse result is reused to avoid an allocation per line; copy what you keep. */
export type ParseResult = {ok: true; record: MetricRecord} | {ok: false; reason: RejectReason};

const PREFIX = '{"operation": "';
const START = '", "start_time": ';
const END = ', "end_time": ';
const DURATION = ', "duration": ';
const SUCCESS = ', "success": ';

const CHAR_BRACE_CLOSE = 125;

/**
 * Parses a plain JSON number (as Python prints floats: `12.5`, `1e-05`, `-3.0`) that ends at the next
 * `,`. Returns NaN for anything else, including Python's bare `NaN`/`Infinity`, which callers treat as
 * "take the slow path" so the slow path can give the precise reason.
 */
function numberUntilComma(line: string, from: number): {value: number; end: number} | undefined {
	const end = line.indexOf(',', from);
	if (end === -1) return undefined;
	return {value: Number(line.slice(from, end)), end};
}

function fastParse(line: string): MetricRecord | undefined {
	if (!line.startsWith(PREFIX)) return undefined;
	const opStart = PREFIX.length;
	const opEnd = line.indexOf('"', opStart);
	if (opEnd <= opStart) return undefined;
	// An escaped character means the name needs JSON unescaping: leave it to JSON.parse.
	const backslash = line.indexOf('\\', opStart);
	if (backslash !== -1 && backslash < opEnd) return undefined;
	if (!line.startsWith(START, opEnd)) return undefined;
	const start = numberUntilComma(line, opEnd + START.length);
	if (!start || !line.startsWith(END, start.end)) return undefined;
	const end = numberUntilComma(line, start.end + END.length);
	if (!end || !Number.isFinite(end.value) || !line.startsWith(DURATION, end.end)) return undefined;
	const duration = numberUntilComma(line, end.end + DURATION.length);
	if (!duration || !Number.isFinite(duration.value) || duration.value < 0) return undefined;
	if (!line.startsWith(SUCCESS, duration.end)) return undefined;
	const s = duration.end + SUCCESS.length;
	let success: boolean;
	let after: number;
	if (line.startsWith('true', s)) {
		success = true;
		after = s + 4;
	} else if (line.startsWith('false', s)) {
		success = false;
		after = s + 5;
	} else {
		return undefined;
	}
	// The rest (timestamp, metadata) is not needed for statistics; a well-formed line still ends with `}`.
	const last = line.charCodeAt(line.length - 1);
	if (last !== CHAR_BRACE_CLOSE) return undefined;
	const next = line.charCodeAt(after);
	if (next !== 44 /* , */ && next !== CHAR_BRACE_CLOSE) return undefined;
	return {operation: line.slice(opStart, opEnd), endTime: end.value, duration: duration.value, success};
}

function slowParse(line: string): ParseResult {
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
	const fast = fastParse(line);
	if (fast) return {ok: true, record: fast};
	return slowParse(line);
}

/** True for lines that are only whitespace: skipped, neither read nor rejected. */
export function isBlankLine(line: string): boolean {
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}
