/**
 * Untrusted text (operation names, container names, metadata, error texts, paths typed on the command line)
 * -> text safe to print. Every character that a terminal would act on instead of drawing, or that draws
 * nothing, is replaced by a visible mark of its own, one character at a time:
 * - C0 controls and DEL become their Unicode control pictures (NUL -> ␀, ESC -> ␛, DEL -> ␡), one column
 *   wide each, so `ESC[2J` shows as `␛[2J` and clears nothing;
 * - C1 controls (which some terminals obey as 8-bit escape introducers, U+009B being a CSI), invisible
 *   format characters (bidi overrides and isolates that reorder what the operator reads, zero-width spaces
 *   and joiners, line/paragraph separators, the BOM, the soft hyphen), blanks that look like a space but are
 *   another character (no-break, en, em, thin, ideographic spaces, Hangul fillers) and lone surrogates become
 *   JSON-style escapes: `\u009b`, `\u202e`, `\u00a0`;
 * - spaces at either end, which draw nothing a reader can count, become `\u0020`.
 * The mapping is one-to-one: nothing is dropped, and text that merely looks like a mark is escaped too (a
 * literal control picture `␀` becomes `\u2400`; a backslash that starts `\uXXXX` becomes `\u005c`), so a
 * mark always means the character it stands for and two names that differ always look different ("web",
 * "web" + NUL, "web␀" and "web " are `web`, `web␀`, `web\u2400` and `web\u0020`). Every mark is plain
 * printable text, so widths stay what the text shows.
 */

/**
 * One alternative per kind: C0, DEL and C1; blanks and invisible characters that pass for a space or for
 * nothing (U+00A0, U+00AD, U+034F, U+061C, Hangul and Khmer fillers, U+180E, U+2000-U+200F, U+2028-U+202F,
 * U+205F-U+206F, U+3000, U+FEFF, U+FFF9-U+FFFB); the whole control pictures block (the marks themselves and
 * their look-alikes ␤ and ␣); a backslash that would read as the start of an escape mark; lone surrogates.
 */
const UNSAFE =
	// Built from raw pieces (byte for byte the pattern a literal would hold) only to keep lines short.
	new RegExp(
		String.raw`[\u0000-\u001F\u007F-\u009F\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E` +
			String.raw`\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u2400-\u243F]` +
			String.raw`|\\(?=u[0-9A-Fa-f]{4})` +
			// Lone surrogate halves are matched on purpose (they are unsafe alone).
			String.raw`|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`,
		'g',
	);
/**
 * Text that sanitize returns unchanged without looking further: printable ASCII without a backslash, not
 * starting or ending with a space. Most names are this, and the render path asks for every name on every
 * frame.
 */
const SIMPLE = /^(?! )[\u0020-\u005B\u005D-\u007E]*$(?<! )/;

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

/** The visible stand-in for one unsafe character. */
export function controlMark(char: string): string {
	const code = char.charCodeAt(0);
	if (code < 0x20) return String.fromCharCode(0x2400 + code);
	if (code === 0x7f) return '\u2421';
	return `\\u${hex(code, 4)}`;
}

const SPACE_MARK = '\\u0020';

export function sanitize(text: string): string {
	if (SIMPLE.test(text)) return text;
	// Spaces at the ends are found by hand: a `/ +$/` pattern would rescan every run of inner spaces.
	let from = 0;
	while (text.charCodeAt(from) === 0x20) from++;
	let to = text.length;
	while (to > from && text.charCodeAt(to - 1) === 0x20) to--;
	const inner = from === 0 && to === text.length ? text : text.slice(from, to);
	return SPACE_MARK.repeat(from) + inner.replace(UNSAFE, controlMark) + SPACE_MARK.repeat(text.length - to);
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
