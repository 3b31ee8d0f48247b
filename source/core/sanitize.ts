/**
 * Untrusted text (operation names, container names, metadata, error texts, paths typed on the command line)
 * -> text safe to print. Every character that a terminal would act on instead of drawing, or that draws
 * nothing, is replaced by a visible mark of its own, one character at a time:
 * - C0 controls and DEL become their Unicode control pictures (NUL -> ␀, ESC -> ␛, DEL -> ␡), one column
 *   wide each, so `ESC[2J` shows as `␛[2J` and clears nothing;
 * - C1 controls (which some terminals obey as 8-bit escape introducers, U+009B being a CSI), invisible
 *   format characters (bidi overrides and isolates that reorder what the operator reads, zero-width spaces
 *   and joiners, line/paragraph separators, the BOM) and lone surrogates become JSON-style escapes:
 *   `\u009b`, `\u202e`.
 * Nothing is dropped, so two names that differ still look different ("web" and "web" + NUL are `web` and
 * `web␀`), and every mark is plain printable text, so widths stay what the text shows.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SIMPLE = /^[\u0020-\u007E]*$/;

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

/** The visible stand-in for one unsafe character. */
export function controlMark(char: string): string {
	const code = char.charCodeAt(0);
	if (code < 0x20) return String.fromCharCode(0x2400 + code);
	if (code === 0x7f) return '\u2421';
	return `\\u${hex(code, 4)}`;
}

export function sanitize(text: string): string {
	// Most names are plain ASCII: skip the regex work on the render path.
	if (SIMPLE.test(text)) return text;
	return text.replace(UNSAFE, controlMark);
}

/**
 * A message for one line (an error's text, a warning someone printed): line breaks and tabs become single
 * spaces, as prose reads the same either way, then the rest is sanitized.
 */
export function sanitizeLine(text: string): string {
	return sanitize(text.replace(/[\t\n\r\v\f]+/g, ' ').trim());
}

// Inside JSON text these characters occur only in strings (the syntax is ASCII), so escaping them keeps the
// same document. JSON.stringify already escapes C0 and lone surrogates.
const UNSAFE_IN_JSON = /[\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/**
 * JSON text -> the same JSON with C1 controls, DEL and invisible format characters written as `\u009b`:
 * JSON.stringify leaves them raw, and a terminal `cat`-ing the file or the output of `--once --json`
 * would obey U+009B as a CSI and reorder text at U+202E.
 */
export function escapeJsonUnsafe(json: string): string {
	return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
