/**
 * The screenshot renderer (scripts/ansi-to-svg.mjs): ANSI SGR parsing into cells, colours (16, 256,
 * truecolor), bold/dim/inverse, and SVG output that stays well-formed whatever the terminal showed.
 */

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ansiToSvg, cellColors, DEFAULT_THEME, escapeXml, parseAnsi, xterm256} from '../../scripts/ansi-to-svg.mjs';

const E = '\u001B[';
const theme = DEFAULT_THEME;

/** Tags must nest and close; text between tags must hold no markup characters. */
function assertWellFormed(svg: string): void {
	const stack: string[] = [];
	const text = svg.replace(
		/<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g,
		(_m, close: string, name: string, _attrs: string, self: string) => {
			if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
			else if (!self) stack.push(name);
			return '';
		},
	);
	assert.deepEqual(stack, [], 'unclosed elements');
	assert.doesNotMatch(text, /[<>]/, 'markup characters left in text');
}

/** The <text> elements' contents, unescaped. */
function texts(svg: string): Array<{attrs: string; body: string}> {
	return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
		attrs: m[1],
		body: m[2]
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&#39;/g, "'")
			.replace(/&amp;/g, '&'),
	}));
}

test('16-colour, 256-colour and truecolor foregrounds and backgrounds', () => {
	const grid = parseAnsi(`${E}31mA${E}42mB${E}91;103mC${E}38;5;208mD${E}48;2;1;2;3mE${E}38:2::10:20:30mF${E}39;49mG`, {cols: 8, rows: 1});
	const [a, b, c, d, e, f, g, blank] = grid.cells[0];
	assert.deepEqual([a.ch, a.fg, a.bg], ['A', 1, undefined]);
	assert.deepEqual([b.fg, b.bg], [1, 2]);
	assert.deepEqual([c.fg, c.bg], [9, 11], 'bright colours are palette 8-15');
	assert.equal(d.fg, 208);
	assert.equal(e.bg, '#010203');
	assert.equal(f.fg, '#0a141e', 'colon form with an empty colour-space id');
	assert.deepEqual([g.fg, g.bg], [undefined, undefined], '39/49 restore the defaults');
	assert.deepEqual([blank.ch, blank.fg], [' ', undefined], 'rows are padded to cols with blank cells');
});

test('xterm-256 table: cube and greys', () => {
	assert.equal(xterm256(1), theme.palette[1]);
	assert.equal(xterm256(16), '#000000');
	assert.equal(xterm256(196), '#ff0000');
	assert.equal(xterm256(208), '#ff8700');
	assert.equal(xterm256(231), '#ffffff');
	assert.equal(xterm256(232), '#080808');
	assert.equal(xterm256(255), '#eeeeee');
});

test('bold, dim, inverse and their resets; the pen carries over to the next row', () => {
	const grid = parseAnsi(`${E}1;2;7ma${E}22mb${E}27mc${E}0md\n${E}1;34mx\ny${E}0mz`, {cols: 4, rows: 3});
	const [a, b, c, d] = grid.cells[0];
	assert.deepEqual([a.bold, a.dim, a.inverse], [true, true, true]);
	assert.deepEqual([b.bold, b.dim, b.inverse], [false, false, true], '22 ends bold and dim');
	assert.equal(c.inverse, false);
	assert.deepEqual([d.bold, d.inverse, d.fg], [false, false, undefined]);
	assert.deepEqual([grid.cells[2][0].ch, grid.cells[2][0].bold, grid.cells[2][0].fg], ['y', true, 4]);
	assert.equal(grid.cells[2][1].bold, false);
});

test('inverse swaps the resolved colours; dim fades toward the background', () => {
	const [plain] = parseAnsi(`${E}7mX`, {cols: 1, rows: 1}).cells[0];
	assert.deepEqual(cellColors(plain, theme), {fg: theme.background, bg: theme.foreground, hasBg: true});
	const [coloured] = parseAnsi(`${E}31;44;7mX`, {cols: 1, rows: 1}).cells[0];
	assert.deepEqual(cellColors(coloured, theme), {fg: theme.palette[4], bg: theme.palette[1], hasBg: true});
	const [dim] = parseAnsi(`${E}2;38;2;200;200;200mX`, {cols: 1, rows: 1}).cells[0];
	const {fg} = cellColors(dim, {...theme, background: '#000000'});
	assert.equal(fg, '#6e6e6e', '45 % of the way from #c8c8c8 to black');
});

test('non-SGR escapes (cursor moves, OSC titles and links) take no cells', () => {
	const row = parseAnsi(`${E}2K${E}?25la\u001B]0;title\u0007b\u001B]8;;https://x\u001B\\c\u001B]8;;\u001B\\${E}>4md`, {cols: 5, rows: 1})
		.cells[0];
	assert.equal(row.map((cell) => cell.ch).join(''), 'abcd ');
	assert.equal(row[3].underline, false, 'CSI > 4 m is a key-modifier setting, not underline');
});

test('wide characters take two cells, combining marks join the previous cell, long rows are cut', () => {
	const row = parseAnsi('漢x\u0301yz', {cols: 4, rows: 1}).cells[0];
	assert.equal(row[0].ch, '漢');
	assert.equal(row[0].wide, true);
	assert.equal(row[1].continuation, true);
	assert.equal(row[2].ch, 'x\u0301');
	assert.equal(row[3].ch, 'y');
	assert.equal(row.length, 4);
});

test('SVG: coloured text, background runs and inverse', () => {
	const svg = ansiToSvg(`${E}31mred${E}0m ${E}42mgr${E}0m ${E}7minv`, {cols: 12, rows: 1, fontSize: 15, padding: 10});
	assertWellFormed(svg);
	const t = texts(svg);
	assert.ok(
		t.some((x) => x.body === 'red' && x.attrs.includes(`fill="${theme.palette[1]}"`)),
		'red text in palette red',
	);
	// cw = 9, ch = 19: "gr" starts at column 4, "inv" at column 7.
	assert.match(svg, new RegExp(`<rect x="46" y="10" width="18" height="19" fill="${theme.palette[2]}"/>`), 'one green rect under "gr"');
	assert.match(
		svg,
		new RegExp(`<rect x="73" y="10" width="27" height="19" fill="${theme.foreground}"/>`),
		'inverse: default fg as background',
	);
	assert.ok(
		t.some((x) => x.body === 'inv' && x.attrs.includes(`fill="${theme.background}"`)),
		'inverse: default bg as text colour',
	);
	assert.ok(
		t.some((x) => x.body.startsWith('red') && x.attrs.startsWith('x="10 19 28"')),
		'each glyph at its own cell',
	);
});

test('SVG: truecolor, 256 colours, bold and dim reach the output', () => {
	const svg = ansiToSvg(`${E}38;2;18;52;86mT${E}0m${E}38;5;196mX${E}0m${E}1mB${E}0m${E}2mD`, {cols: 4, rows: 1});
	const t = texts(svg);
	assert.ok(t.some((x) => x.body === 'T' && x.attrs.includes('fill="#123456"')));
	assert.ok(t.some((x) => x.body === 'X' && x.attrs.includes('fill="#ff0000"')));
	assert.ok(t.some((x) => x.body === 'B' && x.attrs.includes('font-weight="bold"')));
	const dim = t.find((x) => x.body === 'D');
	assert.ok(dim && !dim.attrs.includes(`fill="${theme.foreground}"`), 'dim text is not the full foreground');
});

test('SVG: <, >, & and quotes are escaped, characters XML forbids are dropped', () => {
	const svg = ansiToSvg(`<script>&amp;"'\u0001</script>`, {cols: 30, rows: 1, title: 'a <b> & "c"'});
	assertWellFormed(svg);
	assert.ok(!svg.includes('<script'), 'no element from the terminal text');
	assert.ok(svg.includes('&lt;script&gt;&amp;amp;&quot;&#39;&lt;/script&gt;'));
	assert.ok(svg.includes('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>'));
	assert.ok(!svg.includes('\u0001'));
	assert.equal(escapeXml('a\ud800b'), 'ab', 'a lone surrogate is not XML');
});

test('SVG: block elements and box lines are shapes, not font glyphs', () => {
	const svg = ansiToSvg(`${E}32m▁▄█${E}0m─│╭`, {cols: 6, rows: 1, fontSize: 15, padding: 0});
	assertWellFormed(svg);
	const t = texts(svg);
	assert.ok(!t.some((x) => /[▁▄█─│╭]/.test(x.body)), 'no block or box glyph left to the font');
	const green = theme.palette[2];
	// Cell 19 px tall: ▁ is its bottom eighth, ▄ the bottom half, █ all of it.
	assert.match(svg, new RegExp(`<rect x="0" y="16.63" width="9" height="2.38" fill="${green}"/>`));
	assert.match(svg, new RegExp(`<rect x="9" y="9.5" width="9" height="9.5" fill="${green}"/>`));
	assert.match(svg, new RegExp(`<rect x="18" y="0" width="9" height="19" fill="${green}"/>`));
	// ─ is its left and right arms: x 27..32 and 31..36, one pixel thick through the middle row.
	assert.match(svg, /<rect x="27" y="9" width="5" height="1" fill="#d7dae0"\/><rect x="31" y="9" width="5" height="1" fill="#d7dae0"\/>/);
	assert.match(
		svg,
		/<rect x="40" y="0" width="1" height="10" fill="#d7dae0"\/><rect x="40" y="9" width="1" height="10" fill="#d7dae0"\/>/,
		'│ top to bottom',
	);
	// ╭ in cell x 45..54: from the right edge along the middle, a quarter arc, then down to the bottom edge.
	assert.match(svg, /<path d="M54 9\.5 L54 9\.5 Q49\.5 9\.5 49\.5 14 L49\.5 19"/);
});
