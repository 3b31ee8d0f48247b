import assert from 'node:assert/strict';
import {test} from 'node:test';
import {seededRandom} from '../../source/core/random.js';
import {composeOverlay, FrameDiffer, parseRow} from '../../source/terminal-output/frame-diff.js';
import {VirtualScreen} from '../helpers/virtual-screen.js';

const W = 40;
const H = 12;

/** The screen must show exactly the frame: every cell's character and style, blanks elsewhere. */
function assertShows(screen: VirtualScreen, frame: string, note: string): void {
	const lines = frame.split('\n');
	for (let r = 0; r < H; r++) {
		const row = parseRow(lines[r] ?? '');
		for (let c = 0; c < W; c++) {
			const ch = row.chars[c] ?? ' ';
			const style = row.chars[c] === undefined ? '' : row.styles[c];
			assert.equal(screen.chars[r][c], ch, `${note}: row ${r} col ${c} char`);
			if (ch !== ' ' || style !== '') assert.equal(screen.styles[r][c], style, `${note}: row ${r} col ${c} style`);
		}
	}
}

const STYLES = ['', '\u001B[1m', '\u001B[31m', '\u001B[7m', '\u001B[2m', '\u001B[38;5;208m', '\u001B[33m\u001B[1m'];
const CLOSES = ['\u001B[22m', '\u001B[39m', '\u001B[27m', '\u001B[0m', ''];

function randomFrame(random: () => number, previous?: string[]): string[] {
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const lines: string[] = [];
	const height = 1 + Math.floor(random() * H);
	for (let r = 0; r < height; r++) {
		// Often keep the previous line or change a few characters of it, as a live view does.
		const old = previous?.[r];
		if (old !== undefined && random() < 0.4) {
			lines.push(old);
			continue;
		}
		let line = '';
		let length = 0;
		// Up to the full width: a full row must keep its last character.
		const target = Math.floor(random() * (W + 1));
		while (length < target) {
			const text = Array.from({length: 1 + Math.floor(random() * 6)}, () => pick([...'abc 012.%▁▂█│─▼·µ ']))
				.join('')
				.slice(0, target - length);
			line += pick(STYLES) + text + pick(CLOSES);
			length += Array.from(text).length;
		}
		lines.push(line);
	}
	return lines;
}

test('a virtual terminal fed the diffs always shows exactly the latest frame (2,000 random frames)', () => {
	const random = seededRandom(5);
	const differ = new FrameDiffer();
	const screen = new VirtualScreen(W, H);
	let previous: string[] | undefined;
	for (let i = 0; i < 2000; i++) {
		const lines = randomFrame(random, previous);
		// Lines or one string: the same frame (unchanged lines are recognised and skipped either way).
		screen.write(differ.diff(i % 2 === 0 ? lines.join('\n') : lines, W));
		assertShows(screen, lines.join('\n'), `frame ${i}`);
		assert.equal(screen.wrapped, 0, 'never writes past the last column');
		previous = lines;
	}
});

test('frames larger than the screen are clipped: nothing wraps or scrolls, the visible part is exact', () => {
	const random = seededRandom(9);
	const differ = new FrameDiffer();
	const screen = new VirtualScreen(W, H);
	for (let i = 0; i < 300; i++) {
		const lines = Array.from(
			{length: H + Math.floor(random() * 5)},
			(_, r) => `${'\u001B[7m'.repeat(r % 2)}row${r}-${i % 3}-${'x'.repeat(Math.floor(random() * (W + 20)))}`,
		);
		screen.write(differ.diff(lines.join('\n'), W, H));
		assert.equal(screen.wrapped, 0, 'never past the last column');
		const clipped = lines.slice(0, H).map((l) => {
			const row = parseRow(l);
			return row.chars.slice(0, W).join('');
		});
		for (let r = 0; r < H; r++) assert.equal(screen.text(r), clipped[r].trimEnd(), `frame ${i} row ${r}`);
	}
});

test('an unchanged frame costs nothing; a changed digit costs a few bytes', () => {
	const differ = new FrameDiffer();
	const frame = (n: string) => `\u001B[1mddc-top\u001B[22m  calls ${n}\n\u001B[7mOPERATION   CALLS\u001B[27m\nconfig_load   ${n}`;
	differ.diff(frame('12'), 80);
	assert.equal(differ.diff(frame('12'), 80), '');
	const update = differ.diff(frame('13'), 80);
	assert.ok(update.length < 30, `${JSON.stringify(update)} is ${update.length} bytes`);
});

test('lines with characters of uncertain width are redrawn whole', () => {
	const differ = new FrameDiffer();
	const screen = new VirtualScreen(W, H);
	screen.write(differ.diff('名前 abc\nplain', W));
	const out = differ.diff('名前 abd\nplain', W);
	assert.match(out, /\u001B\[1;1H名前 abd/);
	assert.doesNotMatch(out, /plain/);
});

test('a new width forgets the screen and draws in full', () => {
	const differ = new FrameDiffer();
	differ.diff('hello', 80);
	assert.match(differ.diff('hello', 100), /hello/);
});

test('escape codes other than colors (cursor, modes) are never drawn as text', () => {
	const differ = new FrameDiffer();
	const out = differ.diff('\u001B[?25habc\u001B]0;title\u0007d', W);
	assert.match(out, /abcd/);
	assert.doesNotMatch(out, /\?25h|title/);
});

test('an overlay covers its box, spaces included, and keeps the styles on both sides of it', () => {
	const base = ['\u001B[31mred red red red\u001B[39m', 'plain line here', 'short'];
	const out = composeOverlay(base, '\u001B[36m╭──╮\u001B[39m\n│  │\n╰──╯', {x: 4, y: 0});
	const rows = out.map((line) => parseRow(line));
	assert.equal(rows[0].chars.join(''), 'red ╭──╮red red');
	assert.deepEqual([rows[0].styles[0], rows[0].styles[4], rows[0].styles[8]], ['31', '36', '31']);
	assert.equal(rows[1].chars.join(''), 'plai│  │ne here', 'blanks in the box hide the base');
	assert.equal(rows[2].chars.join(''), 'shor╰──╯', 'a short base line is padded to the box');
	assert.equal(composeOverlay(['a'], 'x', {x: 0, y: 2}).length, 3, 'a box below the base extends it');
});
