/**
 * The operation filter as the operator types it, shared by the live view and export so both select the
 * same operations: plain text is a case-insensitive substring; text wrapped in slashes (`/^docker_/`) is a
 * case-insensitive regular expression. A bad expression is a value the caller shows, never a throw.
 */
export type ParsedFilter =
	| {ok: true; test: (name: string) => boolean; text: string}
	| {ok: false; error: string; text: string};

export function parseFilter(text: string): ParsedFilter {
	if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) {
		let re: RegExp;
		try {
			re = new RegExp(text.slice(1, -1), 'i');
		} catch (error) {
			return {ok: false, error: `invalid regular expression: ${(error as Error).message}`, text};
		}
		return {ok: true, test: (name) => re.test(name), text};
	}
	const needle = text.toLowerCase();
	return {ok: true, test: (name) => name.toLowerCase().includes(needle), text};
}
