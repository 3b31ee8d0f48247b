import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sanitize} from '../source/core/sanitize.js';

test('plain text passes unchanged, including Unicode', () => {
	assert.equal(sanitize('docker_container_start'), 'docker_container_start');
	assert.equal(sanitize('café ☕ 日本'), 'café ☕ 日本');
});

test('CSI sequences (clear screen, colors, cursor moves) are removed whole', () => {
	assert.equal(sanitize('a\u001B[2Jb'), 'ab');
	assert.equal(sanitize('\u001B[31mred\u001B[0m'), 'red');
	assert.equal(sanitize('x\u001B[10;20Hy'), 'xy');
	assert.equal(sanitize('x\u009B31my'), 'xy');
});

test('OSC sequences (window title, hyperlinks) are removed whole', () => {
	assert.equal(sanitize('a\u001B]0;pwned\u0007b'), 'ab');
	assert.equal(sanitize('a\u001B]8;;http://evil\u001B\\link\u001B]8;;\u001B\\b'), 'alinkb');
});

test('other controls are dropped; tabs and newlines become spaces', () => {
	assert.equal(sanitize('a\u0000b\u0007c\u007Fd'), 'abcd');
	assert.equal(sanitize('line1\nline2\tx\r'), 'line1 line2 x ');
	assert.equal(sanitize('a\u001Bb'), 'a');
});

test('bidi overrides that could reorder what the operator reads are dropped', () => {
	assert.equal(sanitize('abc\u202Edef'), 'abcdef');
});

test('nothing printable that could move the cursor survives', () => {
	const nasty = '\u001B[?1049l\u001B[?25l\u001BPq#0;2;0;0;0\u001B\\\u001B_x\u001B\\ok';
	const out = sanitize(nasty);
	assert.equal(out, 'ok');
	// eslint-disable-next-line no-control-regex
	assert.doesNotMatch(out, /[\u0000-\u001F\u007F-\u009F]/);
});
