/**
 * JSON numbers read straight from bytes, to the same double `JSON.parse` gives, or NaN when this cannot be
 * proven cheaply (the caller then takes the string parser). Python writes floats with up to 17 significant
 * digits (`1763000000.0123456`, `0.36016110610961914`), beyond what a double holds as an integer, so the
 * common cases need more than Clinger's one division: an epoch time is its exact integer part plus its
 * exact fraction (one rounding, provably the nearest double but for exact ties), and any other value's
 * quotient is checked against the exact remainder, computed with error-free products of doubles, and moved
 * to its neighbour when it is not the nearest double. Ties and near-ties are left to JSON.parse.
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

/**
 * How much a correction is enlarged before the nearest-double test: far more than the error of the
 * computed remainder (about 2^-50 of it), far less than anything that matters, so only values within a
 * millionth of a unit of a halfway point are left to the string parser.
 */
const ENLARGE = 1 + 2 ** -20;

/** Where the last number scanned ended (module state keeps the hot path allocation-free). */
export let numberEnd = 0;

/**
 * The end of the JSON number at `pos` (grammar only, no value), or -1 when there is none.
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. Like scanNumber, one pass that relies on the byte at
 * `end` not being a digit, and refuses a number that runs past `end`.
 */
export function skipNumber(buf: Uint8Array, pos: number, end: number): number {
	let i = pos;
	let c = buf[i];
	if (c === 45 /* - */) c = buf[++i];
	if (c === 48) {
		c = buf[++i];
	} else if (c >= 49 && c <= 57) {
		do c = buf[++i];
		while (c >= 48 && c <= 57);
	} else {
		return -1;
	}
	if (c === 46 /* . */) {
		c = buf[++i];
		if (!(c >= 48 && c <= 57)) return -1;
		do c = buf[++i];
		while (c >= 48 && c <= 57);
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

/**
 * The value of the JSON number at `pos`, exactly as `JSON.parse` gives it, with `numberEnd` set past it;
 * NaN when the bytes are not a JSON number or the value is outside what this proves exact (more than 19
 * significant digits, a decimal exponent beyond ±22, a tie between two doubles, a non-finite result).
 * One pass: the byte at `end` (a newline, a CR or past the buffer) is never a digit, and a number that
 * still runs past `end` is refused.
 */
export function scanNumber(buf: Uint8Array, pos: number, end: number): number {
	let i = pos;
	let negative = false;
	let c = buf[i];
	if (c === 45) {
		negative = true;
		c = buf[++i];
	}
	// Significant digits (leading zeros skipped) in small integers, so each dependency chain is short and
	// stays in integer arithmetic: the first 9 in `a`, the next 6 in `b` (15 in all, exact), 4 more in `low`.
	let a = 0;
	let b = 0;
	let low = 0;
	let n = 0;
	// The integer part (up to 15 digits; more defers) and the fraction's first 9 digits, kept apart too.
	let integer = 0;
	if (c === 48) {
		c = buf[++i];
		if (c >= 48 && c <= 57) return Number.NaN;
	} else if (c >= 49 && c <= 57) {
		do {
			if (n < 9) a = a * 10 + (c - 48);
			else if (n < 15) b = b * 10 + (c - 48);
			else return Number.NaN;
			n++;
			c = buf[++i];
		} while (c >= 48 && c <= 57);
		integer = n <= 9 ? a : a * POW10[n - 9] + b;
	} else {
		return Number.NaN;
	}
	let exponent = 0;
	let fractionDigits = 0;
	let fraction = 0;
	let last = 0;
	if (c === 46) {
		c = buf[++i];
		const from = i;
		while (c >= 48 && c <= 57) {
			const d = c - 48;
			last = c;
			if (i - from < 9) fraction = fraction * 10 + d;
			if (n < 9) a = a * 10 + d;
			else if (n < 15) b = b * 10 + d;
			else if (n < 19) low = low * 10 + d;
			else return Number.NaN;
			if (n !== 0 || d !== 0) n++;
			c = buf[++i];
		}
		if (i === from) return Number.NaN;
		fractionDigits = i - from;
		exponent = -fractionDigits;
	}
	const lowDigits = n > 15 ? n - 15 : 0;
	const high = n <= 9 ? a : a * POW10[(n > 15 ? 15 : n) - 9] + b;
	if (c === 101 || c === 69) {
		c = buf[++i];
		let expNegative = false;
		if (c === 45 || c === 43) {
			expNegative = c === 45;
			c = buf[++i];
		}
		const from = i;
		let e = 0;
		while (c >= 48 && c <= 57) {
			if (e < 100_000) e = e * 10 + (c - 48);
			c = buf[++i];
		}
		if (i === from) return Number.NaN;
		exponent += expNegative ? -e : e;
	}
	if (i > end) return Number.NaN;
	numberEnd = i;
	let value: number;
	if (lowDigits === 0) {
		// Clinger's fast path: an integer below 2^53 and an exact power of ten, one rounding.
		if (high === 0) value = 0;
		else if (exponent === 0) value = high;
		else if (exponent < 0 && exponent >= -22) value = high / POW10[-exponent];
		else if (exponent > 0 && exponent <= 22) value = high * POW10[exponent];
		else return Number.NaN;
	} else {
		if (exponent >= 0 || exponent < -22) return Number.NaN;
		value = Number.NaN;
		// An epoch time like 1763000000.0123456: its integer part and its fraction, each exact, one sum.
		if (exponent === -fractionDigits && fractionDigits <= 9 && integer >= 4 * POW10[fractionDigits]) {
			value = integerPlusFraction(integer, fraction, fractionDigits, last);
		}
		if (value !== value) value = quotient(high, low, lowDigits, -exponent);
	}
	return negative ? -value : value;
}

/** 5^k for k <= 9: a fraction F / 10^k can only be halfway between two doubles when 5^k divides F. */
const POW5 = Array.from({length: 10}, (_, i) => 5 ** i);

/**
 * integer + F / 10^k, where F is the fraction's k digits as an integer (`last`: the byte of its last digit).
 * F / 10^k is one rounding off by at most 2^-53; with integer >= 4 * 10^k, the unit in the last place of
 * the sum is so coarse that a value this close to a halfway point must be exactly on it, which needs 5^k
 * to divide F: then the string parser decides. Otherwise the one rounding of the sum is the nearest double.
 */
function integerPlusFraction(integer: number, fraction: number, k: number, last: number): number {
	// 5^k divides F only if its last digit is 0 or 5: the division is left for those.
	if ((last === 48 || last === 53) && fraction % POW5[k] === 0) return Number.NaN;
	return integer + fraction / POW10[k];
}

/**
 * The double nearest to (high * 10^lowDigits + low) / 10^k, or NaN when that is too close to call.
 * m = high * 10^lowDigits + low is below 10^19: held exactly as the sum mHigh + mLow of two doubles.
 */
function quotient(high: number, low: number, lowDigits: number, k: number): number {
	const scale = POW10[lowDigits];
	// high < 2^50 splits into two halves of at most 26 significant bits: their products with scale
	// (< 2^14) are exact, and so is the sum of the small one with low.
	const split = SPLITTER * high;
	const highTop = split - (split - high);
	const x = highTop * scale;
	const y = (high - highTop) * scale + low;
	const mHigh = x + y;
	const back = mHigh - x;
	const mLow = x - (mHigh - back) + (y - back);
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
