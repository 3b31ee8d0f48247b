import {fit} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {Mode} from '../../state/reducer.js';
import {paint} from '../../terminal-output/paint.js';
import {footerHints} from '../key-hints.js';

/**
 * What the operator is typing, safe to print: spaces at its ends are shown as spaces (sanitize marks them
 * in names, where a trailing space would make two names look alike; here the cursor shows where they end).
 */
function draftText(draft: string): string {
	let lead = 0;
	while (lead < draft.length && draft[lead] === ' ') lead++;
	let end = draft.length;
	while (end > lead && draft[end - 1] === ' ') end--;
	return ' '.repeat(lead) + sanitize(draft.slice(lead, end)) + ' '.repeat(draft.length - end);
}

/** Key hints (fewer as the terminal narrows, `? help` and `q quit` always), or the filter prompt while one is typed. */
export function footerLine(mode: Mode, focus: string, filterError: string | undefined, width: number): string {
	if (mode.kind === 'filter') {
		const typed = `filter ${focus}: ${draftText(mode.draft)}▏`;
		const prompt = Array.from(typed).length > width ? fit(typed, width) : typed;
		// Enter does not apply an invalid /regex/: say what is wrong and the way out.
		const help = filterError ? `  ${sanitize(filterError)} · Esc clears` : '  Enter apply · Esc clear · text or /regex/';
		const rest = fit(help, Math.max(0, width - Array.from(prompt).length));
		return paint(prompt, {color: 'cyan'}) + paint(rest, filterError ? {color: 'red'} : {dim: true});
	}
	return paint(fit(filterError ? `${filterError} (press / to fix)` : footerHints(width), width), {dim: true});
}
