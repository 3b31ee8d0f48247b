import chalk from 'chalk';

const COLORS = ['red', 'yellow', 'cyan'] as const;
export type Color = (typeof COLORS)[number];

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
	// A number, not a string: this runs for every styled cell of every frame.
	const color = look.color ? COLORS.indexOf(look.color) + 1 : 0;
	const key = color * 8 + (look.bold ? 1 : 0) + (look.dim ? 2 : 0) + (look.inverse ? 4 : 0);
	let c = painters.get(key);
	if (c === undefined) {
		c = chalk;
		if (look.color) c = c[look.color];
		if (look.bold) c = c.bold;
		if (look.dim) c = c.dim;
		if (look.inverse) c = c.inverse;
		painters.set(key, c);
	}
	return c === chalk ? text : c(text);
}

/**
 * The selected row, as one bar (its cells' own looks dropped, as htop draws its cursor): black on cyan with
 * colors, so it is not taken for the column header (reverse video) above it; reverse video without them.
 * Reverse is not a color: NO_COLOR / --no-color take colors away, not the cursor, which nothing else shows.
 */
export function paintSelected(plainText: string): string {
	if (chalk.level > 0) return selectedBar(plainText);
	return `\u001B[7m${plainText}\u001B[27m`;
}

const selectedBar = chalk.black.bgCyan;

/**
 * One chalk chain per look, built once. Each of chalk's style getters makes a new function and sets its
 * prototype; done per cell, that was garbage on every frame, with short-lived shapes: see plainStyle in sgr.ts.
 */
const painters = new Map<number, typeof chalk>();
