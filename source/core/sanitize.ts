/**
 * Untrusted text (operation names, container names, metadata, error texts) -> text safe to print.
 * Escape sequences are removed whole (so `ESC[2J` cannot clear the operator's screen); any other C0/C1
 * control, DEL and Unicode bidi overrides (which can reorder what the operator reads) are dropped, except
 * tab and line breaks, which become a space so a row stays one row.
 */

// CSI, OSC (terminated by BEL or ST), and other ESC-introduced sequences (7-bit and 8-bit forms).
const ESCAPES =
	/(?:\u001B\][^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?)|(?:\u009D[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?)|(?:(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]?)|(?:\u001B[P^_X][^\u001B\u009C]*(?:\u001B\\|\u009C)?)|(?:\u001B[ -/]*[0-~]?)/g;
const WHITESPACE_CONTROLS = /[\t\n\r\v\f]/g;
// eslint-disable-next-line no-control-regex
const OTHER_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const SIMPLE = /^[\u0020-\u007E]*$/;

export function sanitize(text: string): string {
	// Most names are plain ASCII: skip the regex work on the render path.
	if (SIMPLE.test(text)) return text;
	return text.replace(ESCAPES, '').replace(WHITESPACE_CONTROLS, ' ').replace(OTHER_CONTROLS, '');
}
