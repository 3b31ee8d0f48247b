/**
 * Checks, from bytes, that the rest of a JSON object is valid: what follows its members already read,
 * up to and including its closing brace, with nothing but whitespace after it up to the line's end: a
 * newline byte, or `end` when the caller says that is where the line ends. Finding the newline here
 * spares the caller a search for it on every line. The scanner reads the five
 * fields it needs itself and hands the rest here (`timestamp`, `metadata`, anything else), so a line it
 * accepts is one `JSON.parse` accepts too. No recursion: nesting is counted on a fixed stack, and deeper
 * nesting than it holds is refused, so no input can exhaust the call stack; the string parser then decides.
 * `view` is a DataView over `buf` (matcher.ts): fixed text is compared several bytes at a time.
 */
import {skipNumber} from './fast-number.js';
import {matcher} from './matcher.js';

const MAX_DEPTH = 64;
const stack = new Uint8Array(MAX_DEPTH);
const OBJECT = 1;
const ARRAY = 2;

const QUOTE = 34;
const BACKSLASH = 92;

/** Bytes that stand for themselves inside a JSON string: everything but controls, '"' and '\'. */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 256; c++) PLAIN[c] = c === QUOTE || c === BACKSLASH ? 0 : 1;
/** Bytes allowed after a backslash (\u is checked apart). */
const ESCAPE = new Uint8Array(256);
for (const ch of '"\\/bfnrt') ESCAPE[ch.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const ch of '0123456789abcdefABCDEF') HEX[ch.charCodeAt(0)] = 1;

/** JSON whitespace but the newline, which ends the line. */
function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 13;
}

/** Where the line ends if only whitespace is left from `i`: its newline, `end` when that ends it, or -1. */
function lineEnd(buf: Uint8Array, i: number, end: number, endIsLineEnd: boolean): number {
	while (i < end && isSpace(buf[i])) i++;
	if (i < end) return buf[i] === 10 ? i : -1;
	return endIsLineEnd ? end : -1;
}

/** DDC's timestamp (`datetime.isoformat()` with microseconds) and the metadata key, checked in one go. */
const DDC_TAIL = ', "timestamp": "####-##-##T##:##:##.######", "metadata": ';
const atDdcTail = matcher(DDC_TAIL, '#');
/** The metadata DDC writes for container operations: `{"container": "<name>"}`. */
const CONTAINER = '{"container": "';
const atContainer = matcher(CONTAINER);
const TIMESTAMP = ', "timestamp": "';
const atTimestamp = matcher(TIMESTAMP);
const METADATA = '", "metadata": ';
const atMetadata = matcher(METADATA);
const atTrue = matcher('true');
const atFalse = matcher('false');
const atNull = matcher('null');

/** Where the string whose opening quote is at `pos` ends (just past its closing quote), or -1. */
function skipString(buf: Uint8Array, pos: number, end: number): number {
	let i = pos + 1;
	for (;;) {
		while (i < end && PLAIN[buf[i]] === 1) i++;
		if (i >= end) return -1;
		const c = buf[i];
		if (c === QUOTE) return i + 1;
		if (c !== BACKSLASH) return -1;
		const e = i + 1 < end ? buf[i + 1] : 0;
		if (ESCAPE[e] === 1) {
			i += 2;
		} else if (e === 117 /* u */ && i + 5 < end && HEX[buf[i + 2]] & HEX[buf[i + 3]] & HEX[buf[i + 4]] & HEX[buf[i + 5]]) {
			i += 6;
		} else {
			return -1;
		}
	}
}

/**
 * True when a top-level key (bytes [start, end) between its quotes) may be one of the fields already
 * read: `JSON.parse` keeps the last of duplicate keys, so the scanner's values would not be the ones that
 * count. Compared by first byte and length (operation, start_time, end_time, duration, success), which
 * also refuses a few harmless keys; a key with an escape may spell any of them.
 */
function mayRepeatField(buf: Uint8Array, start: number, end: number): boolean {
	const length = end - start;
	const first = buf[start];
	for (let i = start; i < end; i++) if (buf[i] === BACKSLASH) return true;
	return (
		(length === 9 && first === 111) /* operation */ ||
		(length === 10 && first === 115) /* start_time */ ||
		(length === 8 && (first === 101 || first === 100)) /* end_time, duration */ ||
		(length === 7 && first === 115) /* success */
	);
}

/**
 * `buf[pos, ...)` continues an object just after one of its values: more members, the closing brace and
 * only whitespace up to the line's end, all valid JSON, and no top-level key that may repeat a field
 * already read. Returns the index of the line's end (its newline, or `end`), or -1.
 */
export function validObjectRest(buf: Uint8Array, view: DataView, pos: number, end: number, endIsLineEnd: boolean): number {
	// DDC's own tail, `, "timestamp": "…", "metadata": {…}}`, skips the key checks; `{}}` ends most lines.
	if (atDdcTail(buf, view, pos, end)) {
		const value = pos + DDC_TAIL.length;
		if (value + 3 <= end && buf[value] === 123 && buf[value + 1] === 125 && buf[value + 2] === 125) {
			return lineEnd(buf, value + 3, end, endIsLineEnd);
		}
		if (atContainer(buf, view, value, end)) {
			const after = skipString(buf, value + CONTAINER.length - 1, end);
			if (after !== -1 && after + 2 <= end && buf[after] === 125 && buf[after + 1] === 125) {
				return lineEnd(buf, after + 2, end, endIsLineEnd);
			}
		}
		return validFrom(buf, view, value, end, true, endIsLineEnd);
	}
	if (atTimestamp(buf, view, pos, end)) {
		const afterTimestamp = skipString(buf, pos + TIMESTAMP.length - 1, end);
		if (afterTimestamp !== -1 && atMetadata(buf, view, afterTimestamp - 1, end)) {
			const value = afterTimestamp - 1 + METADATA.length;
			return validFrom(buf, view, value, end, true, endIsLineEnd);
		}
	}
	return validFrom(buf, view, pos, end, false, endIsLineEnd);
}

/** The general check, from just after a value in the top-level object, or at a member's value. */
function validFrom(buf: Uint8Array, view: DataView, pos: number, end: number, atValue: boolean, endIsLineEnd: boolean): number {
	let depth = 0;
	stack[0] = OBJECT;
	let i = pos;
	let c = 0;
	// After a value: a comma, or the end of the container the value is in.
	for (;;) {
		if (atValue) {
			atValue = false;
		} else {
			while (i < end && isSpace(buf[i])) i++;
			if (i >= end) return -1;
			c = buf[i];
			if (c === 125 /* } */ || c === 93 /* ] */) {
				if (stack[depth] !== (c === 125 ? OBJECT : ARRAY)) return -1;
				i++;
				if (depth === 0) return lineEnd(buf, i, end, endIsLineEnd);
				depth--;
				continue;
			}
			if (c !== 44 /* , */) return -1;
			i++;
			if (stack[depth] === OBJECT) {
				// A key, then a colon.
				while (i < end && isSpace(buf[i])) i++;
				if (i >= end || buf[i] !== QUOTE) return -1;
				const keyEnd = skipString(buf, i, end);
				if (keyEnd === -1 || (depth === 0 && mayRepeatField(buf, i + 1, keyEnd - 1))) return -1;
				i = keyEnd;
				while (i < end && isSpace(buf[i])) i++;
				if (i >= end || buf[i] !== 58 /* : */) return -1;
				i++;
			}
		}
		// A value; an opened container goes straight to its first member (or its end).
		for (;;) {
			while (i < end && isSpace(buf[i])) i++;
			if (i >= end) return -1;
			c = buf[i];
			if (c === QUOTE) {
				i = skipString(buf, i, end);
				if (i === -1) return -1;
			} else if (c === 123 /* { */ || c === 91 /* [ */) {
				if (++depth >= MAX_DEPTH) return -1;
				stack[depth] = c === 123 ? OBJECT : ARRAY;
				i++;
				while (i < end && isSpace(buf[i])) i++;
				if (i < end && buf[i] === (c === 123 ? 125 : 93)) {
					i++;
					depth--;
				} else if (c === 123) {
					if (i >= end || buf[i] !== QUOTE) return -1;
					const keyEnd = skipString(buf, i, end);
					if (keyEnd === -1) return -1;
					i = keyEnd;
					while (i < end && isSpace(buf[i])) i++;
					if (i >= end || buf[i] !== 58) return -1;
					i++;
					continue;
				} else {
					continue;
				}
			} else if (c === 116 /* t */ && atTrue(buf, view, i, end)) {
				i += 4;
			} else if (c === 102 /* f */ && atFalse(buf, view, i, end)) {
				i += 5;
			} else if (c === 110 /* n */ && atNull(buf, view, i, end)) {
				i += 4;
			} else {
				i = skipNumber(buf, view, i, end);
				if (i === -1) return -1;
			}
			break;
		}
	}
}
