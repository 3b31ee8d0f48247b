/**
 * SGR ("select graphic rendition") state, so two cells can be compared by their look rather than by the
 * escape codes that produced it: chalk closes bold with 22 and color with 39, never with a full reset.
 */
export interface Style {
	bold: boolean;
	dim: boolean;
	italic: boolean;
	underline: boolean;
	inverse: boolean;
	strike: boolean;
	/** SGR parameters that set the colors (e.g. "31", "38;5;208"), or '' for the default. */
	fg: string;
	bg: string;
}

/**
 * A fresh, mutable plain style. A literal rather than `{...PLAIN}`: a spread copy of the frozen PLAIN gets a
 * hidden class of its own that only the copies keep alive, so once they are gone a full GC drops it and,
 * with it, the optimized code that was built for it (V8's "weak objects" deopt), which then compiles again.
 * Objects made afresh every frame elsewhere (chalk chains, the diff's emitter, widened columns) are kept or
 * built as literals for the same reason.
 */
export function plainStyle(): Style {
	return {bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false, fg: '', bg: ''};
}

export const PLAIN: Readonly<Style> = Object.freeze(plainStyle());

/** Applies the parameters of one `ESC[...m` to `s` (mutated). Unknown codes are ignored. */
export function applySgr(s: Style, params: string): void {
	const p = params === '' ? [0] : params.split(';').map((x) => (x === '' ? 0 : Number(x)));
	for (let i = 0; i < p.length; i++) {
		const n = p[i];
		if (n === 0) Object.assign(s, PLAIN);
		else if (n === 1) s.bold = true;
		else if (n === 2) s.dim = true;
		else if (n === 22) s.bold = s.dim = false;
		else if (n === 3) s.italic = true;
		else if (n === 23) s.italic = false;
		else if (n === 4) s.underline = true;
		else if (n === 24) s.underline = false;
		else if (n === 7) s.inverse = true;
		else if (n === 27) s.inverse = false;
		else if (n === 9) s.strike = true;
		else if (n === 29) s.strike = false;
		else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) s.fg = String(n);
		else if (n === 39) s.fg = '';
		else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) s.bg = String(n);
		else if (n === 49) s.bg = '';
		else if (n === 38 || n === 48) {
			// 38;5;n or 38;2;r;g;b (and the same with 48 for the background).
			const take = p[i + 1] === 5 ? 2 : p[i + 1] === 2 ? 4 : 0;
			const color = p.slice(i, i + 1 + take).join(';');
			if (n === 38) s.fg = color;
			else s.bg = color;
			i += take;
		}
	}
}

/** The parameters that recreate `s` from a reset: "" for plain, else e.g. "1;31". */
export function styleKey(s: Style): string {
	const parts: string[] = [];
	if (s.bold) parts.push('1');
	if (s.dim) parts.push('2');
	if (s.italic) parts.push('3');
	if (s.underline) parts.push('4');
	if (s.inverse) parts.push('7');
	if (s.strike) parts.push('9');
	if (s.fg) parts.push(s.fg);
	if (s.bg) parts.push(s.bg);
	return parts.join(';');
}
