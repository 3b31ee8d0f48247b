import chalk from 'chalk';

export type Color = 'red' | 'yellow' | 'cyan';

export interface Look {
	color?: Color;
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
}

/**
 * Text in a look, as SGR codes. chalk decides whether colors are on (TTY, FORCE_COLOR / NO_COLOR /
 * --no-color, settled in the bin before anything imports it), exactly as it does for Ink's overlays.
 */
export function paint(text: string, look: Look | undefined): string {
	if (!look || text === '') return text;
	let c = chalk;
	if (look.color) c = c[look.color];
	if (look.bold) c = c.bold;
	if (look.dim) c = c.dim;
	if (look.inverse) c = c.inverse;
	return c === chalk ? text : c(text);
}

/** Word-wraps plain text to `width` columns (a word longer than a line is cut), as Ink's wrap="wrap". */
export function wrapWords(text: string, width: number): string[] {
	if (width <= 0) return [];
	const out: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (Array.from(candidate).length <= width) {
			line = candidate;
			continue;
		}
		if (line !== '') out.push(line);
		let rest = Array.from(word);
		while (rest.length > width) {
			out.push(rest.slice(0, width).join(''));
			rest = rest.slice(width);
		}
		line = rest.join('');
	}
	if (line !== '') out.push(line);
	return out;
}
