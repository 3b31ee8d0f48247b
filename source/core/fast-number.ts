/**
 * JSON numbers read straight from bytes, to the same double `JSON.parse` gives, or NaN when this cannot be
 * proven cheaply (the caller then takes the string parser). Python writes floats with up to 17 significant
 * digits (`1763000000.0123456`, `0.36016110610961914`), beyond what a double holds as an integer, so the
 * common case needs more than one division: the quotient is checked against the exact remainder, computed
 * with error-free products of doubles, and moved to its neighbour when it is not the nearest double.
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

/** Digits kept exactly: 15 in one integer-valued double, up to 4 more beside it (19 in all, below 2^64). */
const HIGH_LIMIT = 1e14;
const MAX_LOW_DIGITS = 4;
/** How close to a halfway point a quotient may be before the string parser decides instead. */
const HALF = 0.5 - 2 ** -24;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
// The word holding sign and exponent: the second on little-endian machines (every platform Node ships on).
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW_WORD = 1 - HIGH_WORD;

/** Where the last number scanned ended (module state keeps the hot path allocation-free). */
export let numberEnd = 0;

/**
 * The end of the JSON number at `pos` (grammar only, no value), or -1 when there is none.
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
 */
export function skipNumber(buf: Uint8Array, pos: number, end: number): number {
	let i = pos;
	if (i < end && buf[i] === 45 /* - */) i++;
	if (i >= end) return -1;
	let c = buf[i];
	if (c === 48) {
		c = ++i < end ? buf[i] : -1;
	} else if (c >= 49 && c <= 57) {
		do c = ++i < end ? buf[i] : -1;
		while (c >= 48 && c <= 57);
	} else {
		return -1;
	}
	if (c === 46 /* . */) {
		const from = ++i;
		for (c = i < end ? buf[i] : -1; c >= 48 && c <= 57; c = ++i < end ? buf[i] : -1);
		if (i === from) return -1;
	}
	if (c === 101 /* e */ || c === 69 /* E */) {
		c = ++i < end ? buf[i] : -1;
		if (c === 45 || c === 43) c = ++i < end ? buf[i] : -1;
		const from = i;
		for (; c >= 48 && c <= 57; c = ++i < end ? buf[i] : -1);
		if (i === from) return -1;
	}
	return i;
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
	let high = 0;
	let low = 0;
	let lowDigits = 0;
	if (c === 48) {
		c = buf[++i];
		if (c >= 48 && c <= 57) return Number.NaN;
	} else if (c >= 49 && c <= 57) {
		do {
			if (high < HIGH_LIMIT) high = high * 10 + (c - 48);
			else if (lowDigits < MAX_LOW_DIGITS) {
				low = low * 10 + (c - 48);
				lowDigits++;
			} else return Number.NaN;
			c = buf[++i];
		} while (c >= 48 && c <= 57);
	} else {
		return Number.NaN;
	}
	let exponent = 0;
	if (c === 46) {
		c = buf[++i];
		const from = i;
		while (c >= 48 && c <= 57) {
			if (high < HIGH_LIMIT) high = high * 10 + (c - 48);
			else if (lowDigits < MAX_LOW_DIGITS) {
				low = low * 10 + (c - 48);
				lowDigits++;
			} else return Number.NaN;
			c = buf[++i];
		}
		if (i === from) return Number.NaN;
		exponent = from - i;
	}
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
		value = quotient(high, low, lowDigits, -exponent);
	}
	return negative ? -value : value;
}

/** ulp of a positive normal double, from its exponent bits. */
function ulp(x: number): number {
	bits[0] = x;
	const e = (words[HIGH_WORD] >>> 20) & 0x7ff;
	words[HIGH_WORD] = (e - 52) << 20;
	words[LOW_WORD] = 0;
	return bits[0];
}

/** True when x's significand bits are all zero (a power of two: the gap below it is half the gap above). */
function isPowerOfTwo(x: number): boolean {
	bits[0] = x;
	return (words[HIGH_WORD] & 0xf_ffff) === 0 && words[LOW_WORD] === 0;
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
	let q = mHigh / p;
	// r = m - q * p, with q * p as an exact sum of two doubles (Dekker's product).
	const c = SPLITTER * q;
	const qHigh = c - (c - q);
	const qLow = q - qHigh;
	const pHigh = POW10_HIGH[k];
	const pLow = POW10_LOW[k];
	const product = q * p;
	const productError = qHigh * pHigh - product + qHigh * pLow + qLow * pHigh + qLow * pLow;
	let r = mHigh - product + (mLow - productError);
	// q is the nearest double when m / p lies within half a gap of it; otherwise try the neighbour once.
	for (let attempt = 0; attempt < 2; attempt++) {
		const up = ulp(q);
		const down = isPowerOfTwo(q) ? up / 2 : up;
		if (r < p * up * HALF && r > -p * down * HALF) return q;
		if (r > 0) {
			r -= up * p;
			q += up;
		} else {
			r += down * p;
			q -= down;
		}
	}
	return Number.NaN;
}
