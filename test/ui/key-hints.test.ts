// The footer, --help and the help overlay list keys generated from the one key table: every binding is in
// each, a binding added to the table shows up in all three, and a narrow footer keeps `? help` and `q quit`.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {renderToString} from 'ink';
import {createElement} from 'react';
import {HELP} from '../../source/cli-spec.js';
import {initialUiState} from '../../source/state/reducer.js';
import {HelpOverlay} from '../../source/ui/components/HelpOverlay.js';
import {footerLine} from '../../source/ui/dashboard/footer.js';
import {type Binding, type Command, KEY_BINDINGS} from '../../source/ui/key-bindings.js';
import {cliKeysHelp, footerHints, helpLines} from '../../source/ui/key-hints.js';
import {commandFor} from '../../source/ui/keymap.js';

const footer = (width: number) => stripVTControlCharacters(footerLine(initialUiState().mode, 'operations', undefined, width));
const overlay = (bindings?: readonly Binding[]) =>
	stripVTControlCharacters(renderToString(createElement(HelpOverlay, {width: 120, height: 200, bindings}), {columns: 120}));
/** The lines between "Keys" and the next blank line of --help. */
const helpKeys = () => {
	const lines = HELP.split('\n');
	const start = lines.findIndex((l) => l.trim() === 'Keys');
	assert.ok(start > 0, 'a Keys block in --help');
	const end = lines.findIndex((l, i) => i > start && l.trim() === '');
	return lines.slice(start + 1, end).join('\n');
};

const ZOOM: Binding = {
	command: 'zoom' as Command,
	keys: [{input: 'z', label: 'z'}],
	description: 'zoom into the focused table',
	hint: {word: 'zoom', priority: 3},
};

for (const width of [80, 100, 120]) {
	test(`footer at ${width} columns: ? help and q quit, whole hints only, within the width`, () => {
		const line = footer(width);
		assert.ok(line.startsWith('? help  / filter'), line);
		assert.match(line, /\bq quit\s*$/);
		assert.doesNotMatch(line, /…/, 'no hint cut short');
		assert.ok(Array.from(line).length <= width, `${Array.from(line).length} > ${width}`);
	});
}

test('a wide footer has every hint; narrower ones drop the highest priority number first, never help or quit', () => {
	const all =
		'? help  / filter  w window  s/S sort  r reverse  f failures  p pause  Tab focus  ↑/↓ select' +
		'  PgUp/PgDn page  Home/End first/last  a all  m menu  q quit';
	assert.equal(footerHints(200), all);
	assert.equal(footerHints(all.length), all);
	assert.equal(
		footerHints(120),
		'? help  / filter  w window  s/S sort  r reverse  f failures  p pause  Tab focus  ↑/↓ select  a all  m menu  q quit',
	);
	assert.equal(footerHints(100), '? help  / filter  w window  s/S sort  r reverse  f failures  p pause  Tab focus  m menu  q quit');
	assert.equal(footerHints(80), '? help  / filter  w window  s/S sort  f failures  Tab focus  m menu  q quit');
	assert.equal(footerHints(60), '? help  / filter  w window  s/S sort  m menu  q quit');
	assert.equal(footerHints(30), '? help  / filter  q quit');
	assert.equal(footerHints(14), '? help  q quit');
	assert.equal(footerHints(5), '? help  q quit', 'help and quit stay even when they do not fit (the footer cuts the line)');
	for (let width = 14; width <= 120; width++) {
		const hints = footerHints(width);
		assert.ok(hints.length <= width, `${width}: ${hints}`);
		assert.ok(hints.startsWith('? help') && hints.endsWith('q quit'), `${width}: ${hints}`);
	}
});

test('--help lists every key of every binding, and each hint once, in lines of at most 100 columns', () => {
	const keys = helpKeys();
	for (const b of KEY_BINDINGS) {
		for (const k of b.keys) assert.ok(keys.includes(k.label), `--help lists ${k.label} (${b.command})`);
		assert.equal(keys.split(b.hint.word).length - 1, 1, `--help says ${b.hint.word} once`);
	}
	assert.match(keys, /s\/S or >\/< sort column/);
	assert.match(keys, /q or Ctrl-C quit/);
	for (const line of keys.split('\n')) assert.ok(line.length <= 100, line);
});

test('the help overlay lists every binding: its keys and what it does', () => {
	const shown = overlay();
	for (const {keys, description} of helpLines()) {
		assert.ok(shown.includes(keys), `overlay lists ${keys}`);
		assert.ok(shown.includes(description), `overlay says ${description}`);
	}
	assert.equal(helpLines().length, KEY_BINDINGS.length);
});

test('a binding added to the table shows up in the footer, --help and the overlay, and its key is matched', () => {
	const bindings = [...KEY_BINDINGS.slice(0, -1), ZOOM, KEY_BINDINGS.at(-1)!];
	assert.match(footerHints(200, bindings), /m menu {2}z zoom {2}q quit$/);
	assert.doesNotMatch(footerHints(200), /zoom/);
	assert.match(cliKeysHelp(96, bindings).join('\n'), /z zoom/);
	assert.doesNotMatch(cliKeysHelp(96).join('\n'), /zoom/);
	assert.ok(overlay(bindings).includes('zoom into the focused table'));
	assert.ok(!overlay().includes('zoom'));
	assert.equal(commandFor('z', {ctrl: false} as Parameters<typeof commandFor>[1], bindings), 'zoom');
});

test('bindings sharing a hint word are one hint; a hint that does not fit --help stands alone', () => {
	const pair: Binding[] = [
		{command: 'sort-next', keys: [{input: 'x', label: 'x'}], description: 'x', hint: {word: 'pick', priority: 1, detail: 'one'}},
		{
			command: 'sort-prev',
			keys: [
				{input: 'X', label: 'X'},
				{input: ',', label: ','},
			],
			description: 'X',
			hint: {word: 'pick', priority: 1},
		},
		{command: 'quit', keys: [{input: 'q', label: 'q'}], description: 'quit', hint: {word: 'quit', priority: 0}},
	];
	assert.equal(footerHints(80, pair), 'x/X pick  q quit');
	assert.deepEqual(cliKeysHelp(80, pair), ['x/X or , pick one   q quit']);
	assert.deepEqual(cliKeysHelp(5, pair), ['x/X or , pick one', 'q quit']);
});
