import assert from 'node:assert/strict';
import {test} from 'node:test';
import {LineSplitter} from '../source/core/line-splitter.js';

const b = (s: string) => Buffer.from(s, 'utf8');

test('holds a partial last line until its newline arrives', () => {
	const s = new LineSplitter();
	assert.deepEqual(s.push(b('one\ntw')), ['one']);
	assert.equal(s.pendingLength, 2);
	assert.deepEqual(s.push(b('o\nthree')), ['two']);
	assert.deepEqual(s.push(b('\n')), ['three']);
	assert.equal(s.pendingLength, 0);
});

test('keeps a UTF-8 character split across chunks whole', () => {
	const s = new LineSplitter();
	const bytes = b('café ☕\n');
	const lines = [...s.push(bytes.subarray(0, 4)), ...s.push(bytes.subarray(4, 7)), ...s.push(bytes.subarray(7))];
	assert.deepEqual(lines, ['café ☕']);
});

test('keeps CR for the parser and empty lines as empty strings', () => {
	const s = new LineSplitter();
	assert.deepEqual(s.push(b('a\r\n\n')), ['a\r', '']);
});

test('a 10 MB line arriving in 64 KB chunks comes out once, whole', () => {
	const s = new LineSplitter();
	const line = 'y'.repeat(10 * 1024 * 1024);
	const all = b(line + '\nnext\n');
	const out: string[] = [];
	for (let i = 0; i < all.length; i += 65_536) out.push(...s.push(all.subarray(i, i + 65_536)));
	assert.equal(out.length, 2);
	assert.equal(out[0].length, line.length);
	assert.equal(out[1], 'next');
});

test('reset forgets the partial line', () => {
	const s = new LineSplitter();
	s.push(b('half'));
	s.reset();
	assert.deepEqual(s.push(b('new\n')), ['new']);
});
