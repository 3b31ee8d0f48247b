// Keys read before Ink is loaded: the raw-mode tokenizer, the reader that hands over to Ink, and the one
// dispatch both it and Ink's useInput call (so a key does the same whoever read it).
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import type {Key} from 'ink';
import {createStore} from '../../source/state/store.js';
import {dispatchKey, needsOverlay} from '../../source/ui/key-dispatch.js';
import {startKeyReader} from '../../source/ui/key-reader.js';
import {KEY_BINDINGS} from '../../source/ui/keymap.js';
import {rawKeys} from '../../source/ui/raw-keys.js';
import {ddcLineText} from '../helpers/ddc-lines.js';

/** The flags set on a key, for short assertions. */
function flags(key: Key): string[] {
	return Object.entries(key)
		.filter(([, v]) => v === true)
		.map(([k]) => k)
		.sort();
}

const shown = (chunk: string) => rawKeys(chunk).map((k) => [k.input, ...flags(k.key)].join('+'));

test('rawKeys: one key per character, Tab, Enter, Backspace and Ctrl-C named as Ink names them', () => {
	assert.deepEqual(shown('ws\t'), ['w', 's', '+tab']);
	assert.deepEqual(shown('S>'), ['S+shift', '>']);
	assert.deepEqual(shown('\u0003'), ['c+ctrl']);
	assert.deepEqual(shown('a\r\u007F'), ['a', '+return', '+backspace']);
	assert.deepEqual(shown('é✓'), ['é', '✓']);
});

test('rawKeys: an escape sequence is one key, never typed characters; a lone Esc is the escape key', () => {
	assert.deepEqual(shown('\u001B[A'), ['+upArrow']);
	assert.deepEqual(shown('a\u001B[1;5Cb'), ['a', '+rightArrow', 'b']);
	assert.deepEqual(shown('\u001BOB'), ['+downArrow']);
	assert.deepEqual(shown('\u001B[3~\u001B[6~'), ['+delete', '+pageDown']);
	assert.deepEqual(shown('\u001B[Z'), ['+shift+tab']);
	assert.deepEqual(shown('\u001B[200~'), [''], 'an unnamed sequence is a key nothing matches');
	assert.deepEqual(shown('\u001B'), ['+escape+meta']);
	assert.deepEqual(shown('\u001B\u001B[A'), ['+escape+meta', '+upArrow']);
	assert.deepEqual(shown('\u001Bq'), ['q+meta']);
	assert.deepEqual(shown('\u001B['), ['']);
});

test('rawKeys: PgUp, PgDn, Home and End in each form terminals send them', () => {
	assert.deepEqual(shown('\u001B[5~\u001B[6~'), ['+pageUp', '+pageDown']);
	assert.deepEqual(shown('\u001B[H\u001B[1~\u001BOH\u001B[7~'), ['+home', '+home', '+home', '+home']);
	assert.deepEqual(shown('\u001B[F\u001B[4~\u001BOF\u001B[8~'), ['+end', '+end', '+end', '+end']);
	assert.deepEqual(shown('\u001B[B\u001BOAj'), ['+downArrow', '+upArrow', 'j']);
});

test('rawKeys: the keys together are the chunk, byte for byte (what is handed to Ink loses nothing)', () => {
	for (const chunk of ['ws\t?q', '/con\u001B[Afig\r', '\u001B\u001B[1;5Cé\u0003', '\u001B[', '\u001BO', 'x\u001B']) {
		assert.equal(
			rawKeys(chunk)
				.map((k) => k.raw)
				.join(''),
			chunk,
			JSON.stringify(chunk),
		);
	}
});

function newStore(dockerEnabled = false) {
	return createStore({clock: () => 1_800_000_000_000, metricsPath: '/nonexistent/metrics.jsonl', dockerEnabled});
}

/** What a terminal sends for each named key the key map binds. */
const NAMED: Record<string, string> = {
	tab: '\t',
	escape: '\u001B',
	return: '\r',
	backspace: '\u007F',
	upArrow: '\u001B[A',
	downArrow: '\u001B[B',
	leftArrow: '\u001B[D',
	rightArrow: '\u001B[C',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
};

test('needsOverlay: of all the key map binds, only the help and the menu need Ink; in the filter editor no key does', () => {
	const store = newStore();
	const needing: string[] = [];
	for (const binding of KEY_BINDINGS) {
		for (const spec of binding.keys) {
			const raw = spec.named ? NAMED[spec.named] : spec.ctrl ? String.fromCharCode(spec.input!.charCodeAt(0) - 96) : spec.input!;
			const [{input, key}] = rawKeys(raw);
			if (needsOverlay(store, input, key)) needing.push(spec.label);
		}
	}
	assert.deepEqual(needing, ['?', 'm']);
	dispatchKey(store, {quit: () => assert.fail('quit')}, '/', rawKeys('/')[0]!.key);
	assert.equal(store.getSnapshot().ui.mode.kind, 'filter');
	for (const k of rawKeys('?m')) assert.equal(needsOverlay(store, k.input, k.key), false, `${k.input} typed into the filter`);
});

test('dispatchKey: the keys the raw reader handles change the view as Ink would (w, s, r, f, Tab, the filter, q)', () => {
	const store = newStore(true);
	let quits = 0;
	const type = (chunk: string) => {
		for (const k of rawKeys(chunk)) dispatchKey(store, {quit: () => quits++}, k.input, k.key);
	};
	const ui = () => store.getSnapshot().ui;
	const before = ui();
	type('w');
	assert.notEqual(ui().window, before.window);
	type('s');
	assert.notDeepEqual(ui().sort, before.sort);
	const descending = ui().sort.descending;
	type('r');
	assert.equal(ui().sort.descending, !descending);
	type('f');
	assert.equal(ui().only, 'failures');
	type('\t');
	assert.equal(ui().focus, 'containers');
	type('\t/co\u001B[Anfx\u007Fig\r');
	assert.equal(ui().filter, 'config', 'the arrow typed nothing; Backspace erased one character');
	assert.equal(ui().mode.kind, 'normal');
	type('q\u0003');
	assert.equal(quits, 2);
});

test('with --no-docker Tab keeps the focus on the operations table (the containers table is not drawn)', () => {
	const store = newStore(false);
	for (const k of rawKeys('\t')) dispatchKey(store, {quit: () => assert.fail('quit')}, k.input, k.key);
	assert.equal(store.getSnapshot().ui.focus, 'operations');
});

test("dispatchKey: the cursor keys move the focused table's cursor (arrows, j/k, PgUp/PgDn, Home/End, g/G)", () => {
	const store = newStore();
	const end = 1_800_000_000 - 60;
	const ops = Array.from({length: 30}, (_, i) => `op_${String(i).padStart(2, '0')}`);
	store.ingest({type: 'metrics-lines', lines: ops.map((operation, i) => ddcLineText({operation, end, duration: 1 - i / 100}))});
	store.publish();
	store.viewport({operations: 10, containers: 10});
	const at = (chunk: string) => {
		for (const k of rawKeys(chunk)) dispatchKey(store, {quit: () => assert.fail('quit')}, k.input, k.key);
		return store.getSnapshot().ui.cursor.operations.name;
	};
	assert.equal(at('\u001B[Bj'), 'op_02');
	assert.equal(at('\u001B[6~'), 'op_12');
	assert.equal(at('\u001B[5~k'), 'op_01');
	assert.equal(at('\u001B[F'), 'op_29');
	assert.equal(at('\u001B[H'), 'op_00');
	assert.equal(at('G'), 'op_29');
	assert.equal(at('g\u001BOB'), 'op_01');
	assert.equal(at('\u001B[A'), 'op_00');
});

test('startKeyReader: handles keys at once, keeps the overlay key and all after it, hands them back to stdin in order', () => {
	const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
	const handled: string[] = [];
	let wanted = 0;
	let interrupts = 0;
	const reader = startKeyReader(stdin, {
		needsOverlay: (input) => input === '?',
		key: (input, key) => handled.push(input || flags(key).join('+')),
		overlayWanted: () => wanted++,
		interrupt: () => interrupts++,
	});
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	return (async () => {
		stdin.write('w\ts');
		await settle();
		assert.deepEqual(handled, ['w', 'tab', 's']);
		stdin.write('r?q\u001B[A');
		await settle();
		assert.deepEqual(handled, ['w', 'tab', 's', 'r'], 'nothing after the overlay key is handled here');
		assert.equal(wanted, 1);
		stdin.write('w');
		await settle();
		assert.equal(wanted, 1, 'asked once');
		assert.equal(interrupts, 0);
		reader.handOver();
		assert.equal(String(stdin.read()), '?q\u001B[Aw', 'the keys Ink reads, in the order typed');
		stdin.write('s');
		await settle();
		assert.deepEqual(handled, ['w', 'tab', 's', 'r'], 'after the hand-over the reader reads nothing');
	})();
});

test('startKeyReader: Ctrl-C while Ink loads, or pasted behind the overlay key, quits without waiting for the load', async () => {
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	for (const [first, later] of [
		['?', 'x\u0003'],
		['?\u0003', ''],
	]) {
		const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
		let interrupts = 0;
		const reader = startKeyReader(stdin, {
			needsOverlay: (input) => input === '?',
			key: () => assert.fail('no key is handled here'),
			overlayWanted: () => {},
			interrupt: () => interrupts++,
		});
		stdin.write(first);
		await settle();
		if (later) stdin.write(later);
		await settle();
		assert.equal(interrupts, 1, JSON.stringify(first + later));
		reader.stop();
	}
});
