import {sanitizeLine} from '../sanitize.js';

/** The longest error message or container name kept, in UTF-16 units before sanitizing. */
export const MAX_TEXT = 120;

/**
 * `text` cut to `max` units by taking out its middle ("connection ref…ed by peer"): both the start (what
 * failed) and the end (the reason, the errno) of an error usually matter. A surrogate pair is never split.
 */
export function shortenMiddle(text: string, max = MAX_TEXT): string {
	if (text.length <= max) return text;
	let head = Math.ceil((max - 1) / 2);
	let tail = text.length - Math.floor((max - 1) / 2);
	if (isHigh(text.charCodeAt(head - 1))) head--;
	if (isLow(text.charCodeAt(tail))) tail++;
	return `${text.slice(0, head)}…${text.slice(tail)}`;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * A metadata value (untrusted: anything JSON holds) -> one short printable line, or undefined when the
 * value is absent. A non-string is shown as its JSON. Shortened first, so a 1 MiB text costs a slice,
 * then sanitized, so the shortening cannot cut a mark in half.
 */
export function metadataText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	return sanitizeLine(shortenMiddle(text));
}
