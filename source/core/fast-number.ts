/**
 * JSON numbers read straight from bytes, to the same double `JSON.parse` gives, or refused when that cannot
 * be proven cheaply (the caller then takes the string parser). All the digits form one integer m, held as a
 * double (exact below 2^53) and, exactly, modulo 2^32 in an int32; the value is m / 10^k (or m * 10^k).
 * - m < 2^53 and k <= 22 (up to 15 digits always, most 16-digit numbers): m and 10^k are exact doubles, so
 *   one division (or multiplication) is the one correctly rounded result (Clinger's fast path).
 * - 2^53 <= m < 2^62 (Python's 17-digit floats, `0.36016110610961914`, `1763000000.0123456`): the two
 *   halves give m exactly as a sum of two doubles; the quotient is then checked against the exact remainder,
 *   computed with error-free products of doubles, and moved to its neighbour when it is not the nearest
 *   double. Ties and near-ties are left to JSON.parse.
 * Nothing is allocated: the value is written to `numberValue[0]` and the functions return positions.
 * `view` is a DataView over `buf` (matcher.ts): digits are read four at a time.
 */

/** Exact powers of ten: 10^0..10^22 are exact doubles. */
const POW10 = Array.from({length: 23}, (_, i) => 10 ** i);
/** Each power split in two halves of at most 26 significant bits (Veltkamp), for exact products. */
const SPLITTER = 134_217_729; // 2^27 + 1
const POW10_HIGH = POW10.map((p) => {
	const c = SPLITTER * p;
	return c - (c - p);
});
const POW10_LOW = POW10.map((p, i) => p - POW10_HIGH[i]);
/** 10^-k, rounded: a multiplication is cheaper than a division, and the result is only a first guess. */
const POW10_INVERSE = POW10.map((p) => 1 / p);

const TWO_32 = 2 ** 32;
const TWO_MINUS_32 = 2 ** -32;
const TWO_53 = 2 ** 53;
/**
 * Below this the double m is within 2^13 of the true integer: a step of m * 10 + d (or m * 10^4 + x) is
 * inexact only past 2^53, at most three steps lie between 2^53 and 2^62, and each is off by at most an ulp
 * of its result, about 2^-52 of the final m once grown with it. That is far inside the 2^31 that
 * recovering m from its low 32 bits allows.
 */
const TWO_62 = 2 ** 62;

/**
 * How much a correction is enlarged before the nearest-double test: far more than the error of the
 * computed remainder (about 2^-50 of it), far less than anything that matters, so only values within a
 * millionth of a unit of a halfway point are left to the string parser.
 */
const ENLARGE = 1 + 2 ** -20;

/** The value of the last number `scanNumber` accepted (a typed array: a returned double would be boxed). */
export const numberValue = new Float64Array(1);

/**
 * The end of the JSON number at `pos` (grammar only, no value), or -1 when there is none.
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. Like scanNumber, one pass that relies on the byte at
 * `end` not being a digit, and refuses a number that runs past `end`.
 */
export function skipNumber(buf: Uint8Array, view: DataView, pos: number, end: number): number {
	let i = pos;
	let c = buf[i];
	if (c === 45 /* - */) c = buf[++i];
	if (c === 48) {
		i++;
	} else if (c >= 49 && c <= 57) {
		i = skipDigits(buf, view, i + 1, end);
	} else {
		return -1;
	}
	c = buf[i];
	if (c === 46 /* . */) {
		c = buf[++i];
		if (!(c >= 48 && c <= 57)) return -1;
		i = skipDigits(buf, view, i + 1, end);
		c = buf[i];
	}
	if (c === 101 /* e */ || c === 69 /* E */) {
		c = buf[++i];
		if (c === 45 || c === 43) c = buf[++i];
		if (!(c >= 48 && c <= 57)) return -1;
		do c = buf[++i];
		while (c >= 48 && c <= 57);
	}
	return i > end ? -1 : i;
}

/** Four ASCII digits in a little-endian word: every high nibble 3, and still 3 after adding 6 to each byte. */
function fourDigits(w: number): boolean {
	// A word that passes the first test is below 2^31: the addition cannot carry out of a byte or overflow.
	return (w & 0xf0f0f0f0) === 0x30303030 && ((w + 0x06060606) & 0xf0f0f0f0) === 0x30303030;
}

/** Past the digits from `i`, four at a time while they are inside `end`. */
function skipDigits(buf: Uint8Array, view: DataView, i: number, end: number): number {
	while (i + 4 <= end && fourDigits(view.getInt32(i, true))) i += 4;
	let c = buf[i];
	while (c >= 48 && c <= 57) c = buf[++i];
	return i;
}

/**
 * Reads the JSON number at `pos` into `numberValue[0]`, exactly as `JSON.parse` gives it, and returns the
 * index just past it; -1 when the bytes are not a JSON number or the value is outside what this proves
 * exact (m of 2^62 or more, a decimal exponent beyond ±22, an integer of 2^53 or more, a tie between two
 * doubles). The result is never infinite. One pass: the byte at `end` (a newline, a CR or past the
 * buffer) is never a digit, and a number that still runs past `end` is refused.
 */
export function scanNumber(buf: Uint8Array, view: DataView, pos: number, end: number): number {
	let i = pos;
	let c = buf[i];
	const negative = c === 45;
	if (negative) c = buf[++i];
	let m = 0;
	let low = 0;
	// The digits, four at a time while they are inside `end`: the chain of dependent multiplications, not
	// the reading, is what a digit costs, and a word of four takes one step.
	if (c === 48) {
		c = buf[++i];
		if (c >= 48 && c <= 57) return -1;
	} else if (c >= 49 && c <= 57) {
		for (;;) {
			if (i + 4 <= end) {
				const w = view.getInt32(i, true);
				if (fourDigits(w)) {
					const x = (w & 15) * 1000 + ((w >> 8) & 15) * 100 + ((w >> 16) & 15) * 10 + ((w >> 24) & 15);
					m = m * 10_000 + x;
					low = (Math.imul(low, 10_000) + x) | 0;
					i += 4;
					continue;
				}
			}
			c = buf[i];
			if (!(c >= 48 && c <= 57)) break;
			m = m * 10 + (c - 48);
			low = (Math.imul(low, 10) + (c - 48)) | 0;
			i++;
		}
	} else {
		return -1;
	}
	let exponent = 0;
	if (c === 46) {
		const from = ++i;
		for (;;) {
			if (i + 4 <= end) {
				const w = view.getInt32(i, true);
				if (fourDigits(w)) {
					const x = (w & 15) * 1000 + ((w >> 8) & 15) * 100 + ((w >> 16) & 15) * 10 + ((w >> 24) & 15);
					m = m * 10_000 + x;
					low = (Math.imul(low, 10_000) + x) | 0;
					i += 4;
					continue;
				}
			}
			c = buf[i];
			if (!(c >= 48 && c <= 57)) break;
			m = m * 10 + (c - 48);
			low = (Math.imul(low, 10) + (c - 48)) | 0;
			i++;
		}
		if (i === from) return -1;
		exponent = from - i;
	}
	if (c === 101 || c === 69) {
		c = buf[++i];
		const expNegative = c === 45;
		if (expNegative || c === 43) c = buf[++i];
		const from = i;
		let e = 0;
		while (c >= 48 && c <= 57) {
			if (e < 100_000) e = e * 10 + (c - 48);
			c = buf[++i];
		}
		if (i === from) return -1;
		exponent += expNegative ? -e : e;
	}
	if (i > end) return -1;
	let value: number;
	if (m < TWO_53) {
		if (exponent === 0 || m === 0) value = m;
		else if (exponent < 0 && exponent >= -22) value = m / POW10[-exponent];
		else if (exponent > 0 && exponent <= 22) value = m * POW10[exponent];
		else return -1;
	} else {
		if (!(m < TWO_62) || exponent >= 0 || exponent < -22) return -1;
		// m exactly: its multiple of 2^32 from the double (off by far less than 2^31), its low bits from `low`.
		const lowBits = low >>> 0;
		const top = Math.round((m - lowBits) * TWO_MINUS_32) * TWO_32;
		const mHigh = top + lowBits;
		const mLow = lowBits - (mHigh - top);
		value = quotient(mHigh, mLow, -exponent);
		if (Number.isNaN(value)) return -1;
	}
	numberValue[0] = negative ? -value : value;
	return i;
}

/**
 * The double nearest to m / 10^k, where m = mHigh + mLow exactly (|mLow| at most half an ulp of mHigh),
 * or NaN when that is too close to call.
 */
function quotient(mHigh: number, mLow: number, k: number): number {
	const p = POW10[k];
	const pHigh = POW10_HIGH[k];
	const pLow = POW10_LOW[k];
	const inverse = POW10_INVERSE[k];
	let q = mHigh * inverse;
	// Twice at most: the first guess is within about two units in the last place.
	for (let attempt = 0; attempt < 2; attempt++) {
		// r = m - q * p exactly but for the last additions, with q * p as a sum of two doubles (Dekker).
		const c = SPLITTER * q;
		const qHigh = c - (c - q);
		const qLow = q - qHigh;
		const product = q * p;
		const productError = qHigh * pHigh - product + qHigh * pLow + qLow * pHigh + qLow * pLow;
		// Only a correction: its relative error (a few 2^-53) is far inside the margin below.
		const correction = (mHigh - product + (mLow - productError)) * inverse;
		// Rounding q + correction, a little enlarged, gives back q only when the exact value lies strictly
		// within half a gap of q (the gap on the correction's side, as the rounding itself measures it):
		// then q is the nearest double. Ties and near-ties fail this and go to the string parser.
		if (q + correction * ENLARGE === q) return q;
		q += correction;
	}
	return Number.NaN;
}
