import {applySgr, plainStyle, styleKey} from './sgr.js';

/** One screen line as cells: a character and the canonical style it is drawn in. */
interface Row {
	chars: string[];
	styles: string[];
	/** false when the line holds characters that may not take exactly one column (CJK, emoji, combining). */
	simple: boolean;
}

const ESC = '\u001B';
// SGR sequences are kept as styles; any other escape sequence in a frame is dropped.
const SEQUENCE = /\u001B\[([?0-9;:]*)([A-Za-z])|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B./y;

/** Characters that certainly take one column: Latin, punctuation, arrows, box drawing, blocks, shapes. */
function singleWidth(code: number): boolean {
	return (
		(code >= 0x20 && code < 0x7f) ||
		(code >= 0xa0 && code < 0x300) ||
		(code >= 0x2010 && code < 0x2070) ||
		(code >= 0x2190 && code < 0x2200) ||
		(code >= 0x2500 && code < 0x2600)
	);
}

export function parseRow(line: string): Row {
	const chars: string[] = [];
	const styles: string[] = [];
	const style = plainStyle();
	let key = '';
	let simple = true;
	let i = 0;
	while (i < line.length) {
		if (line.charCodeAt(i) === 0x1b) {
			SEQUENCE.lastIndex = i;
			const m = SEQUENCE.exec(line);
			if (m) {
				if (m[2] === 'm' && !m[1].startsWith('?')) {
					applySgr(style, m[1]);
					key = styleKey(style);
				}
				i = SEQUENCE.lastIndex;
				continue;
			}
			i++;
			continue;
		}
		const code = line.codePointAt(i)!;
		const ch = String.fromCodePoint(code);
		if (!singleWidth(code)) simple = false;
		chars.push(ch);
		styles.push(key);
		i += ch.length;
	}
	return {chars, styles, simple};
}

const moveTo = (row: number, col: number) => `${ESC}[${row + 1};${col + 1}H`;

/** Unchanged cells shorter than this between two changes are rewritten rather than jumped over. */
const GAP = 6;

/** Output with the terminal's current style tracked, so a style is only sent when it changes. */
class Emitter {
	private readonly parts: string[] = [];
	private style = '';

	/** Ready for the next frame. One emitter is reused: see FrameDiffer.out. */
	reset(): void {
		this.parts.length = 0;
		this.style = '';
	}

	move(row: number, col: number): void {
		this.parts.push(moveTo(row, col));
	}

	cells(row: Row, from: number, to: number): void {
		for (let i = from; i < to; i++) {
			const key = row.styles[i];
			if (key !== this.style) {
				this.parts.push(`${ESC}[0${key ? `;${key}` : ''}m`);
				this.style = key;
			}
			this.parts.push(row.chars[i]);
		}
	}

	/** Erase to the end of the line, in the plain style (erasing uses the current background). */
	eraseRest(): void {
		this.plain();
		this.parts.push(`${ESC}[K`);
	}

	plain(): void {
		if (this.style !== '') this.parts.push(`${ESC}[0m`);
		this.style = '';
	}

	finish(): string {
		this.plain();
		return this.parts.join('');
	}
}

/**
 * Full frames in, the fewest bytes that turn the previous frame on screen into the next one out: only
 * changed cells are written, at absolute positions (the frame fills the alternate screen from its top-left
 * corner). Lines with characters of uncertain width are rewritten whole, so a column is never misplaced.
 * The output leaves the terminal in the plain style.
 */
export class FrameDiffer {
	private previous: Row[] = [];
	/** The lines `previous` was parsed from: an unchanged line is skipped without being parsed again. */
	private previousLines: string[] = [];
	private width = 0;
	/** Kept, not made per frame, so its shape outlives every frame: see plainStyle in sgr.ts. */
	private readonly out = new Emitter();

	/** Forget the screen (after a resize or a clear): the next frame is drawn in full. */
	reset(): void {
		this.previous = [];
		this.previousLines = [];
	}

	/**
	 * `width` x `height` is the screen: nothing is ever written outside it, so a frame laid out for another
	 * size (Ink draws once more with the old layout right after a resize) can never wrap or scroll the
	 * screen away from what this differ believes is on it.
	 */
	diff(frame: string | readonly string[], width: number, height = Number.POSITIVE_INFINITY): string {
		if (width !== this.width) {
			this.width = width;
			this.reset();
		}
		const lines = (typeof frame === 'string' ? splitLines(frame) : frame).slice(0, height);
		const rows: Row[] = [];
		const out = this.out;
		out.reset();
		const count = Math.max(lines.length, this.previous.length);
		for (let r = 0; r < count; r++) {
			const prev = this.previous[r];
			if (r < lines.length && prev !== undefined && lines[r] === this.previousLines[r]) {
				rows.push(prev);
				continue;
			}
			const next = r < lines.length ? clip(parseRow(lines[r]), width) : {chars: [], styles: [], simple: true};
			if (r < lines.length) rows.push(next);
			if (prev === undefined || !prev.simple || !next.simple) {
				if (prev && sameRow(prev, next)) continue;
				out.move(r, 0);
				out.cells(next, 0, next.chars.length);
				// After the last column the cursor waits on it, and erasing there would take that character too.
				if (next.chars.length < width) out.eraseRest();
				else out.plain();
				continue;
			}
			diffRow(r, prev, next, out);
		}
		this.previous = rows;
		this.previousLines = lines;
		return out.finish();
	}
}

function splitLines(frame: string): string[] {
	return frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
}

/** A row back to text: each style change as one full SGR (reset first), plain at the end. */
function rowText(row: Row): string {
	let out = '';
	let style = '';
	for (let i = 0; i < row.chars.length; i++) {
		const key = row.styles[i];
		if (key !== style) {
			out += `${ESC}[0${key ? `;${key}` : ''}m`;
			style = key;
		}
		out += row.chars[i];
	}
	return style === '' ? out : `${out}${ESC}[0m`;
}

export interface Point {
	x: number;
	y: number;
}

/**
 * The screen as the terminal shows it: the base lines with the overlay's frame laid at `origin`. Without
 * an origin (nothing is open) or with a blank frame (Ink drew nothing), the base alone.
 */
export function composeScreen(base: readonly string[], overlay: string, origin: Point | undefined): readonly string[] {
	return origin && overlay.trim() !== '' ? composeOverlay(base, overlay, origin) : base;
}

/**
 * Lays `overlay` (a frame of its own, e.g. Ink's rendering of a dialog) over `base` with its top-left
 * corner at (x, y). Every cell of the overlay's box covers the base, spaces included, so nothing behind
 * shows through; the base's lines outside the box are kept as they are.
 */
export function composeOverlay(base: readonly string[], overlay: string, origin: Point): string[] {
	const boxRows = splitLines(overlay).map((line) => parseRow(line));
	const boxWidth = Math.max(0, ...boxRows.map((row) => row.chars.length));
	const out = [...base];
	boxRows.forEach((box, i) => {
		const r = origin.y + i;
		while (out.length <= r) out.push('');
		const under = parseRow(out[r]);
		const pad = (row: Row, to: number) => {
			while (row.chars.length < to) {
				row.chars.push(' ');
				row.styles.push('');
			}
		};
		pad(under, origin.x);
		pad(box, boxWidth);
		const end = origin.x + boxWidth;
		out[r] = rowText({
			chars: [...under.chars.slice(0, origin.x), ...box.chars, ...under.chars.slice(end)],
			styles: [...under.styles.slice(0, origin.x), ...box.styles, ...under.styles.slice(end)],
			simple: under.simple && box.simple,
		});
	});
	return out;
}

function diffRow(r: number, prev: Row, next: Row, out: Emitter): void {
	const len = Math.max(prev.chars.length, next.chars.length);
	let c = 0;
	while (c < len) {
		if (sameCell(prev, next, c)) {
			c++;
			continue;
		}
		// A run of changes, extended over short unchanged gaps (a jump costs ~8 bytes).
		let end = c + 1;
		let gap = 0;
		for (let k = c + 1; k < len && gap < GAP; k++) {
			if (sameCell(prev, next, k)) gap++;
			else {
				end = k + 1;
				gap = 0;
			}
		}
		out.move(r, c);
		out.cells(next, c, Math.min(end, next.chars.length));
		// The new line is shorter than the old one there: clear what is left of the old.
		if (end > next.chars.length) {
			out.eraseRest();
			return;
		}
		c = end;
	}
}

function clip(row: Row, width: number): Row {
	if (row.chars.length <= width) return row;
	return {chars: row.chars.slice(0, width), styles: row.styles.slice(0, width), simple: row.simple};
}

function sameCell(a: Row, b: Row, i: number): boolean {
	return a.chars[i] === b.chars[i] && a.styles[i] === b.styles[i];
}

function sameRow(a: Row, b: Row): boolean {
	if (a.chars.length !== b.chars.length) return false;
	for (let i = 0; i < a.chars.length; i++) if (!sameCell(a, b, i)) return false;
	return true;
}
