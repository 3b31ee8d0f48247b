import type {Key} from 'ink';

export const NO_KEY: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
} as Key;

export function keyFor(ch: string): [string, Key] {
	const code = ch.charCodeAt(0);
	if (ch === '\r' || ch === '\n') return ['', {...NO_KEY, return: true}];
	if (ch === '\t') return ['', {...NO_KEY, tab: true}];
	if (code === 0x7f || code === 0x08) return ['', {...NO_KEY, backspace: true}];
	// Ctrl-A..Ctrl-Z arrive as 0x01..0x1a; Ink reports them as the letter with ctrl set.
	if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), {...NO_KEY, ctrl: true}];
	return [ch, {...NO_KEY, shift: /[A-Z]/.test(ch)}];
}

/**
 * Ink hands a run of characters that arrive in one read to useInput as one "paste". Keys typed faster
 * than a read (an SSH session batches them into one packet; so does tmux send-keys) would then be lost:
 * "j" + Enter becomes the input "j\r", neither a move nor Enter. We replay such runs key by key, with
 * the Key each would have had alone. Escape sequences (arrows) are already split by Ink.
 */
export function splitInput(input: string, key: Key): Array<[string, Key]> {
	if (Array.from(input).length <= 1 || key.escape || key.meta) return [[input, key]];
	return Array.from(input, keyFor);
}
