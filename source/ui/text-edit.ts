import type {Key} from 'ink';

export type EditResult = {kind: 'edit'; text: string} | {kind: 'submit'} | {kind: 'cancel'} | {kind: 'ignore'};

/**
 * One key applied to a one-line text field. Backspace arrives as `key.delete` in many terminals with
 * Ink 6, so both erase the last character.
 */
export function editText(text: string, input: string, key: Key): EditResult {
	if (key.return) return {kind: 'submit'};
	if (key.escape) return {kind: 'cancel'};
	if (key.backspace || key.delete) return {kind: 'edit', text: Array.from(text).slice(0, -1).join('')};
	if (key.ctrl && input === 'u') return {kind: 'edit', text: ''};
	if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) {
		return {kind: 'ignore'};
	}
	// Pasted text arrives as one input; drop its control characters rather than the whole paste.
	const printable = input.replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
	return printable ? {kind: 'edit', text: text + printable} : {kind: 'ignore'};
}
