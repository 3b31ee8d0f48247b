// Types for ansi-to-svg.mjs, so the TypeScript tests can import the plain-JS module the scripts run.

/** undefined: the theme's default; 0-255: palette / xterm-256 index; '#rrggbb': truecolor. */
export type Color = number | string | undefined;

export interface Pen {
	fg: Color;
	bg: Color;
	bold: boolean;
	dim: boolean;
	italic: boolean;
	underline: boolean;
	inverse: boolean;
	hidden: boolean;
	strike: boolean;
}

export interface Cell extends Pen {
	ch: string;
	wide?: true;
	continuation?: true;
}

export interface Theme {
	foreground: string;
	background: string;
	palette: readonly string[];
}

export interface Grid {
	cols: number;
	rows: number;
	cells: Cell[][];
}

export interface SvgOptions {
	cols?: number;
	rows?: number;
	fontSize?: number;
	fontFamily?: string;
	theme?: Partial<Theme>;
	padding?: number;
	title?: string;
}

export const DEFAULT_THEME: Readonly<Theme>;
export function xterm256(index: number, palette?: readonly string[]): string;
export function applySgr(pen: Pen, paramText: string): Pen;
export function isWide(codePoint: number): boolean;
export function parseAnsi(text: string, options?: {cols?: number; rows?: number}): Grid;
export function escapeXml(text: string): string;
export function cellColors(cell: Cell, theme?: Theme): {fg: string; bg: string; hasBg: boolean};
export function ansiToSvg(text: string, options?: SvgOptions): string;
