// Terminal text with ANSI SGR escapes (what `tmux capture-pane -e -p` prints) -> a grid of styled cells ->
// an SVG picture of the terminal. Dependency-free so the screenshot script needs nothing but Node and a
// Debian SVG rasterizer (rsvg-convert).
//
// Every glyph is placed at its own cell (x list on <text>), so the grid stays aligned even when a glyph
// comes from a fallback font with other metrics. Block elements (▁▂▃▄▅▆▇█ ...) and box-drawing lines are
// drawn as shapes, the way terminal emulators do, because font glyphs leave gaps between rows at any
// line height taller than the font's own.

/** A dark theme. Index 0-7 normal, 8-15 bright, as SGR 30-37 / 90-97 select them. */
export const DEFAULT_THEME = Object.freeze({
	foreground: '#d7dae0',
	background: '#16191f',
	palette: Object.freeze([
		'#2c313a',
		'#e06c75',
		'#98c379',
		'#e5c07b',
		'#61afef',
		'#c678dd',
		'#56b6c2',
		'#d7dae0',
		'#5c6370',
		'#ff7b86',
		'#b5e890',
		'#ffd68a',
		'#8cc8ff',
		'#de9bf0',
		'#7fd6e0',
		'#ffffff',
	]),
});

const hex2 = (n) => n.toString(16).padStart(2, '0');
const rgbHex = (r, g, b) => `#${hex2(r)}${hex2(g)}${hex2(b)}`;

/** The xterm 256-colour table above 15: a 6x6x6 cube, then 24 greys. */
export function xterm256(index, palette = DEFAULT_THEME.palette) {
	if (index < 16) return palette[index];
	if (index < 232) {
		const levels = [0, 95, 135, 175, 215, 255];
		const i = index - 16;
		return rgbHex(levels[Math.floor(i / 36)], levels[Math.floor(i / 6) % 6], levels[i % 6]);
	}
	const grey = 8 + (index - 232) * 10;
	return rgbHex(grey, grey, grey);
}

/** A fresh pen: colours are undefined (the theme default), a number (palette index 0-255) or '#rrggbb'. */
const plainPen = () => ({
	fg: undefined,
	bg: undefined,
	bold: false,
	dim: false,
	italic: false,
	underline: false,
	inverse: false,
	hidden: false,
	strike: false,
});

/**
 * `38;5;N` / `38;2;R;G;B` and their colon forms (`38:5:N`, `38:2::R:G:B`). `params` holds the parameters as
 * given (strings, possibly with colons); returns the colour and how many extra parameters it used.
 */
function extendedColor(params, i) {
	const head = params[i];
	if (head.includes(':')) {
		const parts = head.split(':').map((p) => (p === '' ? undefined : Number(p)));
		if (parts[1] === 5 && parts[2] !== undefined) return {color: clampByte(parts[2]), used: 0};
		if (parts[1] === 2) {
			// 38:2:R:G:B or 38:2:CS:R:G:B (with a colour-space id, usually empty).
			const rgb = parts.length >= 6 ? parts.slice(3, 6) : parts.slice(2, 5);
			return {color: rgbHex(...rgb.map((v) => clampByte(v ?? 0))), used: 0};
		}
		return {color: undefined, used: 0};
	}
	const mode = Number(params[i + 1]);
	if (mode === 5) return {color: clampByte(Number(params[i + 2] ?? 0)), used: 2};
	if (mode === 2) return {color: rgbHex(...[2, 3, 4].map((k) => clampByte(Number(params[i + k] ?? 0)))), used: 4};
	return {color: undefined, used: 1};
}

function clampByte(n) {
	return Number.isFinite(n) ? Math.max(0, Math.min(255, Math.trunc(n))) : 0;
}

/** Applies one SGR sequence's parameters (`1;38;5;208`) to a pen, in place. */
export function applySgr(pen, paramText) {
	const params = paramText === '' ? ['0'] : paramText.split(';');
	for (let i = 0; i < params.length; i++) {
		const raw = params[i];
		const code = Number(raw.split(':')[0] || 0);
		if (code === 38 || code === 48) {
			const {color, used} = extendedColor(params, i);
			i += used;
			if (color !== undefined) pen[code === 38 ? 'fg' : 'bg'] = color;
			continue;
		}
		if (code === 0) Object.assign(pen, plainPen());
		else if (code === 1) pen.bold = true;
		else if (code === 2) pen.dim = true;
		else if (code === 3) pen.italic = true;
		else if (code === 4) pen.underline = raw !== '4:0';
		else if (code === 7) pen.inverse = true;
		else if (code === 8) pen.hidden = true;
		else if (code === 9) pen.strike = true;
		else if (code === 21) pen.underline = true;
		else if (code === 22) pen.bold = pen.dim = false;
		else if (code === 23) pen.italic = false;
		else if (code === 24) pen.underline = false;
		else if (code === 27) pen.inverse = false;
		else if (code === 28) pen.hidden = false;
		else if (code === 29) pen.strike = false;
		else if (code >= 30 && code <= 37) pen.fg = code - 30;
		else if (code === 39) pen.fg = undefined;
		else if (code >= 40 && code <= 47) pen.bg = code - 40;
		else if (code === 49) pen.bg = undefined;
		else if (code >= 90 && code <= 97) pen.fg = code - 90 + 8;
		else if (code >= 100 && code <= 107) pen.bg = code - 100 + 8;
		// Anything else (blink, overline, fonts...) does not change a still picture.
	}
	return pen;
}

/** East Asian Wide/Fullwidth code points take two cells (the ranges terminals agree on). */
export function isWide(cp) {
	return (
		(cp >= 0x1100 && cp <= 0x115f) ||
		(cp >= 0x2e80 && cp <= 0x303e) ||
		(cp >= 0x3041 && cp <= 0x33ff) ||
		(cp >= 0x3400 && cp <= 0x4dbf) ||
		(cp >= 0x4e00 && cp <= 0x9fff) ||
		(cp >= 0xa000 && cp <= 0xa4cf) ||
		(cp >= 0xac00 && cp <= 0xd7a3) ||
		(cp >= 0xf900 && cp <= 0xfaff) ||
		(cp >= 0xfe30 && cp <= 0xfe4f) ||
		(cp >= 0xff00 && cp <= 0xff60) ||
		(cp >= 0xffe0 && cp <= 0xffe6) ||
		(cp >= 0x1f300 && cp <= 0x1f64f) ||
		(cp >= 0x1f900 && cp <= 0x1f9ff) ||
		(cp >= 0x20000 && cp <= 0x3fffd)
	);
}

// biome-ignore lint/suspicious/noMisleadingCharacterClass: each combining mark and variation selector is matched alone, on purpose
const ZERO_WIDTH = /^[\p{M}\u200b-\u200f\u2060\ufe00-\ufe0f]$/u;

/**
 * Parses terminal output into rows of cells `{ch, fg, bg, bold, dim, italic, underline, inverse, hidden,
 * strike, wide?, continuation?}`. Rows are split at '\n'; each row is padded with blank cells to `cols`
 * and cut there. Escape sequences other than SGR (cursor moves, OSC titles and links) are skipped.
 * The pen carries over from one row to the next, as it does in a terminal.
 */
export function parseAnsi(text, options = {}) {
	const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
	const cols = options.cols ?? Math.max(1, ...lines.map((l) => visibleWidth(l)));
	const rows = options.rows ?? lines.length;
	const pen = plainPen();
	const blank = () => ({ch: ' ', ...plainPen()});
	const grid = [];
	for (let r = 0; r < rows; r++) {
		const row = Array.from({length: cols}, blank);
		const line = lines[r] ?? '';
		let col = 0;
		let i = 0;
		while (i < line.length) {
			const c = line[i];
			if (c === '\u001b') {
				i = skipEscape(line, i, pen);
				continue;
			}
			const cp = line.codePointAt(i);
			const ch = String.fromCodePoint(cp);
			i += ch.length;
			if (c === '\t') {
				col = Math.min(cols, (Math.floor(col / 8) + 1) * 8);
				continue;
			}
			if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
			if (ZERO_WIDTH.test(ch)) {
				// Combining marks and variation selectors join the previous cell's character.
				const prev = row[col - 1]?.continuation ? row[col - 2] : row[col - 1];
				if (prev) prev.ch += ch;
				continue;
			}
			const width = isWide(cp) ? 2 : 1;
			if (col + width > cols) {
				col = cols;
				continue;
			}
			row[col] = {ch, ...pen, ...(width === 2 ? {wide: true} : {})};
			if (width === 2) row[col + 1] = {ch: '', ...pen, continuation: true};
			col += width;
		}
		grid.push(row);
	}
	return {cols, rows, cells: grid};
}

/** Index after the escape sequence starting at `i`; applies it to `pen` if it is SGR. */
function skipEscape(line, i, pen) {
	const next = line[i + 1];
	if (next === '[') {
		let j = i + 2;
		while (j < line.length && !(line.charCodeAt(j) >= 0x40 && line.charCodeAt(j) <= 0x7e)) j++;
		if (line[j] === 'm') {
			const params = line.slice(i + 2, j);
			// Private-parameter SGR-like sequences (e.g. `CSI > 4 m`) are not colours.
			if (!/^[<=>?]/.test(params)) applySgr(pen, params);
		}
		return j + 1;
	}
	if (next === ']' || next === 'P' || next === '_' || next === '^') {
		// OSC / DCS / APC / PM: up to BEL or ST (ESC \).
		let j = i + 2;
		while (j < line.length && line[j] !== '\u0007' && !(line[j] === '\u001b' && line[j + 1] === '\\')) j++;
		return line[j] === '\u0007' ? j + 1 : j + 2;
	}
	return i + 2;
}

function visibleWidth(line) {
	const grid = parseAnsi(line, {cols: 100_000, rows: 1}).cells[0];
	let last = 0;
	grid.forEach((cell, k) => {
		if (cell.ch !== ' ' && cell.ch !== '') last = k + 1;
	});
	return last;
}

/** Text for an XML text node or attribute: markup characters escaped, characters XML forbids dropped. */
export function escapeXml(text) {
	return text
		.replace(
			/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
			'',
		)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

function resolveColor(color, fallback, theme) {
	if (color === undefined) return fallback;
	if (typeof color === 'number') return xterm256(color, theme.palette);
	return color;
}

function mix(a, b, t) {
	const p = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
	const [x, y] = [p(a), p(b)];
	return rgbHex(...x.map((v, k) => Math.round(v * (1 - t) + y[k] * t)));
}

/** Final colours of a cell: inverse swaps (after defaults are resolved), dim fades toward the background. */
export function cellColors(cell, theme = DEFAULT_THEME) {
	let fg = resolveColor(cell.fg, theme.foreground, theme);
	let bg = resolveColor(cell.bg, theme.background, theme);
	const hasBg = cell.bg !== undefined || cell.inverse;
	if (cell.inverse) [fg, bg] = [bg, fg];
	if (cell.dim) fg = mix(fg, bg, 0.45);
	return {fg, bg, hasBg};
}

// Box drawing: each character as the arms it has from the cell centre: [up, right, down, left], with
// 1 light, 2 heavy, 3 double; `round` for the arc corners. Others fall back to the font.
const BOX = new Map(
	Object.entries({
		'─': [0, 1, 0, 1],
		'│': [1, 0, 1, 0],
		'┌': [0, 1, 1, 0],
		'┐': [0, 0, 1, 1],
		'└': [1, 1, 0, 0],
		'┘': [1, 0, 0, 1],
		'├': [1, 1, 1, 0],
		'┤': [1, 0, 1, 1],
		'┬': [0, 1, 1, 1],
		'┴': [1, 1, 0, 1],
		'┼': [1, 1, 1, 1],
		'━': [0, 2, 0, 2],
		'┃': [2, 0, 2, 0],
		'┏': [0, 2, 2, 0],
		'┓': [0, 0, 2, 2],
		'┗': [2, 2, 0, 0],
		'┛': [2, 0, 0, 2],
		'┣': [2, 2, 2, 0],
		'┫': [2, 0, 2, 2],
		'┳': [0, 2, 2, 2],
		'┻': [2, 2, 0, 2],
		'╋': [2, 2, 2, 2],
		'╴': [0, 0, 0, 1],
		'╵': [1, 0, 0, 0],
		'╶': [0, 1, 0, 0],
		'╷': [0, 0, 1, 0],
		'═': [0, 3, 0, 3],
		'║': [3, 0, 3, 0],
		'╔': [0, 3, 3, 0],
		'╗': [0, 0, 3, 3],
		'╚': [3, 3, 0, 0],
		'╝': [3, 0, 0, 3],
	}),
);
const ROUND = new Map(Object.entries({'╭': [0, 1, 1, 0], '╮': [0, 0, 1, 1], '╯': [1, 0, 0, 1], '╰': [1, 1, 0, 0]}));

const f = (n) => String(Math.round(n * 100) / 100);
const rect = (x, y, w, h, fill, extra = '') => `<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" fill="${fill}"${extra}/>`;

/** Shapes for block elements U+2580-U+2595, or undefined. */
function blockShapes(ch, x, y, w, h, fill) {
	const cp = ch.codePointAt(0);
	if (ch.length !== 1 && ch.length !== 2) return undefined;
	if (cp >= 0x2581 && cp <= 0x2588) {
		const part = (h * (cp - 0x2580)) / 8;
		return rect(x, y + h - part, w, part, fill);
	}
	if (cp >= 0x2589 && cp <= 0x258f) return rect(x, y, (w * (0x2590 - cp)) / 8, h, fill);
	if (cp === 0x2580) return rect(x, y, w, h / 2, fill);
	if (cp === 0x2590) return rect(x + w / 2, y, w / 2, h, fill);
	if (cp >= 0x2591 && cp <= 0x2593) return rect(x, y, w, h, fill, ` fill-opacity="${(cp - 0x2590) * 0.25}"`);
	if (cp === 0x2594) return rect(x, y, w, h / 8, fill);
	if (cp === 0x2595) return rect(x + (w * 7) / 8, y, w / 8, h, fill);
	return undefined;
}

/** Shapes for the box-drawing characters in BOX/ROUND, or undefined. */
function boxShapes(ch, x, y, w, h, fill, light) {
	const cx = x + Math.floor(w / 2);
	const cy = y + Math.floor(h / 2);
	const round = ROUND.get(ch);
	if (round) {
		const t = light;
		const r = Math.min(w, h) / 2;
		const [up, right] = round;
		// From the horizontal arm's edge of the cell, along the centre line, an arc, to the vertical edge.
		const hx = right ? x + w : x;
		const vy = up ? y : y + h;
		const sx = right ? 1 : -1;
		const sy = up ? -1 : 1;
		const ox = cx + t / 2;
		const oy = cy + t / 2;
		const d = `M${f(hx)} ${f(oy)} L${f(ox + sx * r)} ${f(oy)} Q${f(ox)} ${f(oy)} ${f(ox)} ${f(oy + sy * r)} L${f(ox)} ${f(vy)}`;
		// Smooth arcs: this path opts out of the crispEdges group it is drawn in.
		return `<path d="${d}" fill="none" stroke="${fill}" stroke-width="${t}" shape-rendering="geometricPrecision"/>`;
	}
	const arms = BOX.get(ch);
	if (!arms) return undefined;
	const out = [];
	const [up, right, down, left] = arms;
	if (arms.includes(3)) {
		// Double lines: two strokes a gap apart; corners join the outer and the inner pair.
		const g = Math.max(2, Math.round(light * 1.5));
		const t = light;
		const H = (x1, x2, yy) => out.push(rect(Math.min(x1, x2), yy, Math.abs(x2 - x1), t, fill));
		const V = (xx, y1, y2) => out.push(rect(xx, Math.min(y1, y2), t, Math.abs(y2 - y1), fill));
		if (left && right) {
			H(x, x + w, cy - g);
			H(x, x + w, cy + g);
		}
		if (up && down) {
			V(cx - g, y, y + h);
			V(cx + g, y, y + h);
		}
		if ((up || down) && (left || right) && !(left && right) && !(up && down)) {
			const sx = right ? 1 : -1;
			const sy = down ? 1 : -1;
			const edgeX = right ? x + w : x;
			const edgeY = down ? y + h : y;
			// Outer pair (away from the open side) and inner pair, each a horizontal and a vertical stroke;
			// the squares fill the joints the half-open rects leave when the corner points up or left.
			H(cx - sx * g, edgeX, cy - sy * g);
			V(cx - sx * g, cy - sy * g, edgeY);
			H(cx + sx * g, edgeX, cy + sy * g);
			V(cx + sx * g, cy + sy * g, edgeY);
			out.push(rect(cx - sx * g, cy - sy * g, t, t, fill), rect(cx + sx * g, cy + sy * g, t, t, fill));
		}
		return out.join('');
	}
	const th = (weight) => (weight === 2 ? light * 2 : light);
	const widest = Math.max(th(up), th(down), th(left), th(right));
	if (left) out.push(rect(x, cy - Math.floor(th(left) / 2), cx - x + Math.ceil(widest / 2), th(left), fill));
	if (right)
		out.push(rect(cx - Math.floor(widest / 2), cy - Math.floor(th(right) / 2), x + w - (cx - Math.floor(widest / 2)), th(right), fill));
	if (up) out.push(rect(cx - Math.floor(th(up) / 2), y, th(up), cy - y + Math.ceil(widest / 2), fill));
	if (down)
		out.push(rect(cx - Math.floor(th(down) / 2), cy - Math.floor(widest / 2), th(down), y + h - (cy - Math.floor(widest / 2)), fill));
	return out.join('');
}

/**
 * An SVG of the terminal. Options: cols, rows (else inferred), fontSize (15), fontFamily, theme
 * ({foreground, background, palette[16]}), padding (px around the grid), title (an accessible <title>).
 */
export function ansiToSvg(text, options = {}) {
	const theme = {...DEFAULT_THEME, ...(options.theme ?? {})};
	const grid = parseAnsi(text, {cols: options.cols, rows: options.rows});
	const fontSize = options.fontSize ?? 15;
	const fontFamily = options.fontFamily ?? "'DejaVu Sans Mono', 'Liberation Mono', monospace";
	// DejaVu Sans Mono advances 0.602 em; whole pixels keep neighbouring backgrounds seamless.
	const cw = Math.round(fontSize * 0.6);
	const ch = Math.round(fontSize * 1.25);
	const pad = options.padding ?? 10;
	const light = Math.max(1, Math.round(fontSize / 14));
	// Baseline centres the font's ascent+descent (0.928 + 0.236 em for DejaVu) in the cell.
	const baseline = Math.round((ch + fontSize * (0.928 - 0.236)) / 2);
	const width = grid.cols * cw + 2 * pad;
	const height = grid.rows * ch + 2 * pad;

	const backgrounds = [];
	const shapes = [];
	const texts = [];
	grid.cells.forEach((row, r) => {
		const y = pad + r * ch;
		// Backgrounds: runs of one colour per row.
		let run;
		const flush = () => {
			if (run) backgrounds.push(rect(pad + run.start * cw, y, (run.end - run.start) * cw, ch, run.bg));
			run = undefined;
		};
		row.forEach((cell, c) => {
			const {bg, hasBg} = cellColors(cell, theme);
			if (!hasBg) flush();
			else if (run && run.bg === bg && run.end === c) run.end = c + 1;
			else {
				flush();
				run = {start: c, end: c + 1, bg};
			}
		});
		flush();

		// Glyphs: shapes for blocks and box lines, <text> runs of one style for the rest.
		let textRun;
		const flushText = () => {
			if (textRun) {
				const chars = textRun.chars;
				if (chars.length) {
					const xs = chars.map((k) => f(pad + k.col * cw)).join(' ');
					const attrs = [`x="${xs}"`, `y="${y + baseline}"`, `fill="${textRun.fg}"`];
					if (textRun.bold) attrs.push('font-weight="bold"');
					if (textRun.italic) attrs.push('font-style="italic"');
					texts.push(`<text ${attrs.join(' ')}>${escapeXml(chars.map((k) => k.ch).join(''))}</text>`);
				}
			}
			textRun = undefined;
		};
		row.forEach((cell, c) => {
			if (cell.continuation) return;
			const {fg} = cellColors(cell, theme);
			const x = pad + c * cw;
			const w = cell.wide ? 2 * cw : cw;
			if (cell.underline && !cell.hidden) shapes.push(rect(x, y + baseline + 2, w, light, fg));
			if (cell.strike && !cell.hidden) shapes.push(rect(x, y + Math.round(ch / 2), w, light, fg));
			if (cell.hidden || cell.ch === ' ' || cell.ch === '') {
				// Runs end at blanks: librsvg maps an x list onto runs of spaces unreliably (glyphs after
				// them drift by a few pixels), and a blank needs no glyph anyway.
				flushText();
				return;
			}
			const shape = blockShapes(cell.ch, x, y, w, ch, fg) ?? boxShapes(cell.ch, x, y, w, ch, fg, light);
			if (shape) {
				flushText();
				shapes.push(shape);
				return;
			}
			const style = {fg, bold: cell.bold, italic: cell.italic};
			if (!textRun || textRun.fg !== style.fg || textRun.bold !== style.bold || textRun.italic !== style.italic) {
				flushText();
				textRun = {...style, chars: []};
			}
			textRun.chars.push({ch: cell.ch, col: c});
		});
		flushText();
	});

	const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
		title +
		`<style>text{font-family:${fontFamily.replace(/"/g, "'")};font-size:${fontSize}px;white-space:pre}</style>` +
		rect(0, 0, width, height, theme.background) +
		`<g shape-rendering="crispEdges">${backgrounds.join('')}${shapes.join('')}</g>` +
		`<g xml:space="preserve">${texts.join('')}</g>` +
		'</svg>\n'
	);
}
