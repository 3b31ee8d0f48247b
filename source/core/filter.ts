import {sanitizeLine} from './sanitize.js';

/**
 * The operation filter as the operator types it, shared by the live view and export so both select the
 * same operations: plain text is a case-insensitive substring; text wrapped in slashes (`/^docker_/`) is a
 * case-insensitive regular expression. A bad expression is a value the caller shows, never a throw.
 */
export type ParsedFilter = {ok: true; test: (name: string) => boolean; text: string} | {ok: false; error: string; text: string};

export function parseFilter(text: string): ParsedFilter {
	if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) {
		let re: RegExp;
		const source = text.slice(1, -1);
		try {
			re = new RegExp(source, 'i');
		} catch (error) {
			return {ok: false, error: `invalid regular expression: ${regexProblem((error as Error).message, source)}`, text};
		}
		return {ok: true, test: (name) => re.test(name), text};
	}
	const needle = text.toLowerCase();
	return {ok: true, test: (name) => name.toLowerCase().includes(needle), text};
}

/**
 * The engine's reason without its own prefix: V8 says "Invalid regular expression: /(/i: Unterminated group",
 * which after ours would say it twice and echo the pattern (the operator's own text, shown beside it anyway).
 * Sanitized, as the pattern may hold anything that was typed or pasted.
 */
function regexProblem(message: string, source: string): string {
	const prefix = `Invalid regular expression: /${source}/i: `;
	let reason = message.startsWith(prefix) ? message.slice(prefix.length) : message.replace(/^invalid regular expression:\s*/i, '');
	reason = reason.charAt(0).toLowerCase() + reason.slice(1);
	return sanitizeLine(reason);
}
