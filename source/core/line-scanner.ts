/**
 * The hot path: one line of DDC's file read straight from bytes, with no string, object or decode per
 * line. It accepts only the exact shape `json.dumps` writes (fixed key order, ", " and ": " separators,
 * plain numbers, an operation name without escapes), and only when the whole line is valid JSON whose
 * values are the ones `JSON.parse` would give: the rest of the line is validated too (json-rest.ts), and a
 * later key that may repeat one of the five fields read defers, as `JSON.parse` keeps the last. Anything
 * else returns false and the caller takes the precise string parser (metrics-line.ts), which decides and
 * names the reason for a rejection. Returning false is always safe; accepting is only for what is proven.
 */
import {numberValue, scanNumber, skipNumber} from './fast-number.js';
import {validObjectRest} from './json-rest.js';
import {matcher, viewOf} from './matcher.js';

/** Filled in place by `scanLine`; byte offsets refer to the buffer passed in. */
export interface ScannedLine {
	opStart: number;
	opEnd: number;
	/** A hash (FNV-1a) of all the operation's bytes, for a lookup without decoding them. */
	opHash: number;
	endTime: number;
	duration: number;
	success: boolean;
	/** Where the line ends: the index of its newline, or `end` when the caller said that ends it. */
	lineEnd: number;
}

export function scratchLine(): ScannedLine {
	return {opStart: 0, opEnd: 0, opHash: 0, endTime: 0, duration: 0, success: false, lineEnd: 0};
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

/** The DataView of the last buffer scanned: a file is scanned a chunk of many lines at a time. */
let viewed: Uint8Array | undefined;
let view = viewOf(new Uint8Array(0));

/**
 * Scans the line that starts at `start`, within buf[start, end): it ends at the first newline, or at `end`
 * when `endIsLineEnd` (a line already cut out; a trailing CR is whitespace either way). Without it, a line
 * that reaches `end` is unfinished and returns false. Returns false whenever the string parser must decide;
 * the caller then finds the newline itself. The byte at `end`, if any, is a newline or beyond the line.
 */
export function scanLine(buf: Uint8Array, start: number, end: number, out: ScannedLine, endIsLineEnd = true): boolean {
	if (buf !== viewed) {
		view = viewOf(buf);
		viewed = buf;
	}
	if (!atPrefix(buf, view, start, end)) return false;
	let i = start + PREFIX.length;
	const opStart = i;
	// FNV-1a over every byte of the name, in the pass that finds its closing quote.
	let hash = 0x811c9dc5;
	for (;;) {
		if (i >= end) return false;
		const c = buf[i];
		if (c === QUOTE) break;
		// An escape is the string parser's to decode; a raw control character is not JSON.
		if (c === BACKSLASH || c < 0x20) return false;
		hash = Math.imul(hash ^ c, 0x01000193);
		i++;
	}
	const opEnd = i;
	if (opEnd === opStart || !atStart(buf, view, i, end)) return false;
	// start_time is not used: only its grammar is checked (end_time and duration are what we need).
	i = skipNumber(buf, view, i + START.length, end);
	if (i === -1 || !atEnd(buf, view, i, end)) return false;
	// A number this cannot prove exact (or NaN, Infinity) defers; scanNumber never gives an infinity.
	i = scanNumber(buf, view, i + END.length, end);
	if (i === -1 || !atDuration(buf, view, i, end)) return false;
	const endTime = numberValue[0];
	i = scanNumber(buf, view, i + DURATION.length, end);
	// Negative durations go to the string parser for their reason.
	if (i === -1 || !(numberValue[0] >= 0) || !atSuccess(buf, view, i, end)) return false;
	const duration = numberValue[0];
	i += SUCCESS.length;
	let success: boolean;
	if (atTrue(buf, view, i, end)) {
		success = true;
		i += 4;
	} else if (atFalse(buf, view, i, end)) {
		success = false;
		i += 5;
	} else {
		return false;
	}
	// The rest (timestamp, metadata) is not needed for statistics, but the line counts only if it is JSON.
	const lineEnd = validObjectRest(buf, view, i, end, endIsLineEnd);
	if (lineEnd === -1) return false;
	out.lineEnd = lineEnd;
	out.opStart = opStart;
	out.opEnd = opEnd;
	// Folded to 30 bits: a small integer, and its low bits (a cache slot) depend on all 32.
	out.opHash = (hash ^ (hash >>> 16)) & 0x3fffffff;
	out.endTime = endTime;
	out.duration = duration;
	out.success = success;
	return true;
}
