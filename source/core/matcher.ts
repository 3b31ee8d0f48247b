export type Matcher = (buf: Uint8Array, view: DataView, pos: number, end: number) => boolean;

/** A DataView over exactly the bytes of `buf`, for reading several bytes at once. */
export function viewOf(buf: Uint8Array): DataView {
	return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

const bytesOf = (text: string, from: number, length: number) => Buffer.from(text.slice(from, from + length), 'latin1');

/**
 * `buf[pos..end)` starts with `text`, as one unrolled expression reading eight or four bytes at a time
 * through `view` (a DataView over `buf`, see viewOf): the fixed separator bytes of every line are checked
 * this way, and a byte at a time measured about three times slower. Eight bytes compare as one double:
 * two doubles that are neither NaN nor zero are equal only when their bits are. `digit` marks places
 * where any ASCII digit fits: a four-byte word is checked with masks (the literal bytes equal, the digit
 * bytes 0x30-0x39: high nibble 3, and still 3 after adding 6). The generated code only ever holds byte
 * values of constant strings in this repository; the bounds check comes first, so reads stay inside `end`.
 */
export function matcher(text: string, digit?: string): Matcher {
	for (const ch of text) if (ch.charCodeAt(0) > 0x7f) throw new Error('matcher: ASCII text only');
	const checks: string[] = [];
	let at = 0;
	const hasDigit = (from: number, length: number) => digit !== undefined && text.slice(from, from + length).includes(digit);
	while (at < text.length) {
		const left = text.length - at;
		if (left >= 8 && !hasDigit(at, 8)) {
			const value = bytesOf(text, at, 8).readDoubleLE(0);
			if (!Number.isNaN(value) && value !== 0) {
				checks.push(`view.getFloat64(pos + ${at}, true) === ${String(value)}`);
				at += 8;
				continue;
			}
		}
		if (left >= 4) {
			const bytes = bytesOf(text, at, 4);
			let mask = 0;
			let want = 0;
			let digits = 0;
			let add = 0;
			for (let j = 0; j < 4; j++) {
				const isDigit = text[at + j] === digit;
				mask |= (isDigit ? 0xf0 : 0xff) << (8 * j);
				want |= (isDigit ? 0x30 : bytes[j]) << (8 * j);
				if (isDigit) {
					digits |= 0xf0 << (8 * j);
					add += 6 * 2 ** (8 * j);
				}
			}
			// ASCII only, so `want` is a positive int32, and a word that passed the first test has no byte
			// of 0x80 or more: adding 6 per digit byte cannot carry out of it or overflow.
			checks.push(`(view.getInt32(pos + ${at}, true) & ${mask | 0}) === ${want}`);
			if (digits !== 0) checks.push(`((view.getInt32(pos + ${at}, true) + ${add}) & ${digits | 0}) === ${(want & digits) | 0}`);
			at += 4;
			continue;
		}
		const ch = text[at];
		checks.push(ch === digit ? `(buf[pos + ${at}] - 48) >>> 0 < 10` : `buf[pos + ${at}] === ${ch.charCodeAt(0)}`);
		at++;
	}
	return new Function('buf', 'view', 'pos', 'end', `return pos + ${text.length} <= end && ${checks.join(' && ')};`) as Matcher;
}
