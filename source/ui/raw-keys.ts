import type {Key} from 'ink';
import {keyFor, NO_KEY} from './split-input.js';

/** One key read from a terminal in raw mode: what it means (as Ink would report it) and the text it came from. */
export interface RawKey {
	input: string;
	key: Key;
	raw: string;
}

const ESC = '\u001B';

// The final characters of the CSI and SS3 sequences terminals send for the keys that have a name.
const FINAL: Record<string, Partial<Key>> = {
	A: {upArrow: true},
	B: {downArrow: true},
	C: {rightArrow: true},
	D: {leftArrow: true},
	H: {home: true},
	F: {end: true},
	Z: {tab: true, shift: true},
};
const TILDE: Record<string, Partial<Key>> = {
	'1': {home: true},
	'3': {delete: true},
	'4': {end: true},
	'5': {pageUp: true},
	'6': {pageDown: true},
	'7': {home: true},
	'8': {end: true},
};

function named(raw: string, flags: Partial<Key>): RawKey {
	return {input: '', key: {...NO_KEY, ...flags}, raw};
}

/**
 * Splits what one read of a raw-mode terminal returned into keys. A read may hold several keys (a paste,
 * keys typed faster than a read, an SSH packet) and escape sequences of several bytes (arrows): each
 * sequence is one key, whatever it is, so its bytes are never taken for typed characters. A sequence
 * this does not name becomes a key with no input, which no binding matches. Ctrl-C is 0x03 (the letter
 * with ctrl set); a lone Esc is the escape key; Esc followed by a character is that character with meta,
 * as Ink reports them.
 */
export function rawKeys(chunk: string): RawKey[] {
	const keys: RawKey[] = [];
	const chars = Array.from(chunk);
	let i = 0;
	while (i < chars.length) {
		const ch = chars[i]!;
		if (ch !== ESC) {
			const [input, key] = keyFor(ch);
			keys.push({input, key, raw: ch});
			i++;
			continue;
		}
		const next = chars[i + 1];
		if (next === undefined || next === ESC) {
			keys.push(named(ESC, {escape: true, meta: true}));
			i++;
		} else if (next === '[') {
			// CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, one final character 0x40-0x7E.
			let j = i + 2;
			while (j < chars.length && /[\u0030-\u003F]/.test(chars[j]!)) j++;
			const params = chars.slice(i + 2, j).join('');
			while (j < chars.length && /[\u0020-\u002F]/.test(chars[j]!)) j++;
			const final = j < chars.length && /[\u0040-\u007E]/.test(chars[j]!) ? chars[j]! : '';
			const end = final ? j + 1 : j;
			const raw = chars.slice(i, end).join('');
			const flags = final === '~' ? TILDE[params.split(';')[0]!] : FINAL[final];
			keys.push(named(raw, flags ?? {}));
			i = end;
		} else if (next === 'O' && i + 2 < chars.length) {
			// SS3 (application cursor keys): Esc O and one character.
			keys.push(named(chars.slice(i, i + 3).join(''), FINAL[chars[i + 2]!] ?? {}));
			i += 3;
		} else {
			const [input, key] = keyFor(next);
			keys.push({input, key: {...key, meta: true}, raw: ESC + next});
			i += 2;
		}
	}
	return keys;
}
