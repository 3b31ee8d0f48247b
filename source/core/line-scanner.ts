/**
 * The hot path: one line of DDC's file read straight from bytes, with no string, object or decode per
 * line. It accepts only the exact shape `json.dumps` writes (fixed key order, ", " and ": " separators,
 * plain numbers, an operation name without escapes); anything else returns false and the caller takes
 * the precise string parser, which accepts any valid JSON and names the reason for a rejection.
 */

/** Filled in place by `scanLine`; byte offsets refer to the buffer passed in. */
export interface ScannedLine {
	opStart: number;
	opEnd: number;
	/** A hash of the operation's bytes, for a lookup without decoding them. */
	opHash: number;
	endTime: number;
	duration: number;
	success: boolean;
}

export function scratchLine(): ScannedLine {
	return {opStart: 0, opEnd: 0, opHash: 0, endTime: 0, duration: 0, success: false};
}

type Matcher = (buf: Uint8Array, pos: number, end: number) => boolean;

/**
 * `buf[pos..]` starts with `text`, as one unrolled expression. A loop over the expected bytes measured
 * ~60 ns a line slower (a quarter of the scan): the 73 separator bytes of every line are checked this
 * way. The generated code only ever holds the byte values of the constant strings below.
 */
function matcher(text: string): Matcher {
	const checks = Array.from(text, (ch, i) => `buf[pos + ${i}] === ${ch.charCodeAt(0)}`).join(' && ');
	// eslint-disable-next-line no-new-func
	return new Function('buf', 'pos', 'end', `return pos + ${text.length} <= end && ${checks};`) as Matcher;
}

const PREFIX = '{"operation": "';
const atPrefix = matcher(PREFIX);
const START = '", "start_time": ';
const atStart = matcher(START);
const END = ', "end_time": ';
const atEnd = matcher(END);
const DURATION = ', "duration": ';
const atDuration = matcher(DURATION);
const SUCCESS = ', "success": ';
const atSuccess = matcher(SUCCESS);
const atTrue = matcher('true');
const atFalse = matcher('false');

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const BRACE_CLOSE = 125;

// Exact powers of ten (10^0..10^22 are exact doubles).
const POW10 = Array.from({length: 23}, (_, i) => 10 ** i);

/** Where the last number ended; module state instead of a returned object keeps this allocation-free. */
let numberEnd = 0;

/**
 * A JSON number as Python writes a float (`12.5`, `1e-05`, `1699999999.1234567`), ending at `,`.
 * Digits are accumulated as integers and scaled once by an exact power of ten: exact for up to 15
 * significant digits, within a few units in the last place beyond (far below anything shown or exported
 * to 3 significant digits). NaN, Infinity and anything unusual return NaN: the string parser decides.
 */
function scanNumber(buf: Uint8Array, pos: number, end: number): number {
	let i = pos;
	let negative = false;
	if (buf[i] === 45 /* - */) {
		negative = true;
		i++;
	}
	let mantissa = 0;
	let digits = 0;
	let c = buf[i];
	while (c >= 48 && c <= 57) {
		mantissa = mantissa * 10 + (c - 48);
		digits++;
		c = buf[++i];
	}
	if (digits === 0) return Number.NaN;
	let scale = 0;
	if (c === 46 /* . */) {
		c = buf[++i];
		const fracStart = i;
		while (c >= 48 && c <= 57) {
			mantissa = mantissa * 10 + (c - 48);
			c = buf[++i];
		}
		scale = i - fracStart;
		if (scale === 0) return Number.NaN;
	}
	if (c === 101 /* e */ || c === 69 /* E */) {
		c = buf[++i];
		let expNegative = false;
		if (c === 45 || c === 43) {
			expNegative = c === 45;
			c = buf[++i];
		}
		let exp = 0;
		let expDigits = 0;
		while (c >= 48 && c <= 57) {
			exp = exp * 10 + (c - 48);
			expDigits++;
			c = buf[++i];
		}
		if (expDigits === 0) return Number.NaN;
		scale += expNegative ? exp : -exp;
	}
	if (c !== COMMA || i >= end) return Number.NaN;
	numberEnd = i;
	let value: number;
	if (scale >= 0) value = scale <= 22 ? mantissa / POW10[scale] : mantissa / 10 ** scale;
	else value = -scale <= 22 ? mantissa * POW10[-scale] : mantissa * 10 ** -scale;
	return negative ? -value : value;
}

/** Scans buf[start, end) (no newline, no CR). Returns false when the string parser must decide. */
export function scanLine(buf: Uint8Array, start: number, end: number, out: ScannedLine): boolean {
	if (!atPrefix(buf, start, end)) return false;
	let i = start + PREFIX.length;
	const opStart = i;
	for (;;) {
		if (i >= end) return false;
		const c = buf[i];
		if (c === QUOTE) break;
		if (c === BACKSLASH) return false;
		i++;
	}
	const opEnd = i;
	const length = opEnd - opStart;
	if (length === 0) return false;
	// A cheap hash from the length and a few bytes: the caller compares the whole name anyway.
	const hash =
		Math.imul(length, 0x01000193) ^ (buf[opStart] << 8) ^ (buf[opEnd - 1] << 16) ^ (buf[opStart + (length >> 1)] << 24);
	if (!atStart(buf, i, end)) return false;
	// start_time is not used: skip its characters (end_time and duration are what we need).
	i += START.length;
	for (let c = buf[i]; (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69; c = buf[++i]);
	if (!atEnd(buf, i, end)) return false;
	numberEnd = i;
	const endTime = scanNumber(buf, numberEnd + END.length, end);
	if (!(endTime === endTime) || !atDuration(buf, numberEnd, end)) return false;
	const duration = scanNumber(buf, numberEnd + DURATION.length, end);
	// NaN fails `>= 0` too, so negative and non-finite durations go to the string parser for their reason.
	if (!(duration >= 0) || duration === Number.POSITIVE_INFINITY || !atSuccess(buf, numberEnd, end)) return false;
	i = numberEnd + SUCCESS.length;
	let success: boolean;
	if (atTrue(buf, i, end)) {
		success = true;
		i += 4;
	} else if (atFalse(buf, i, end)) {
		success = false;
		i += 5;
	} else {
		return false;
	}
	// The rest (timestamp, metadata) is not needed for statistics; a whole line still ends with `}`.
	if ((buf[i] !== COMMA && buf[i] !== BRACE_CLOSE) || buf[end - 1] !== BRACE_CLOSE) return false;
	out.opStart = opStart;
	out.opEnd = opEnd;
	out.opHash = hash >>> 0;
	out.endTime = endTime;
	out.duration = duration;
	out.success = success;
	return true;
}
