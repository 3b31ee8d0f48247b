import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HeldLine} from '../../source/core/line-limit.js';

const text = (view: Uint8Array | undefined) => (view === undefined ? undefined : Buffer.from(view).toString());

test('appendUntilNewline goes on with the held line up to the first newline and says where it is', () => {
	const held = new HeldLine(16);
	held.append(Buffer.from('ab'), 0, 2);
	assert.equal(held.appendUntilNewline(Buffer.from('cd')), -1, 'no newline: all held');
	assert.equal(held.appendUntilNewline(Buffer.from('ef\ngh\n')), 2);
	assert.equal(text(held.view()), 'abcdef', 'the held line stops before the newline; what follows is not taken');
	held.clear();
	assert.equal(held.active, false);
});

test('appendUntilNewline counts a line past the limit without keeping it', () => {
	const held = new HeldLine(8);
	held.append(Buffer.from('12345'), 0, 5);
	assert.equal(held.appendUntilNewline(Buffer.from('6789')), -1);
	assert.equal(held.tooLong, true);
	assert.equal(held.appendUntilNewline(Buffer.from('0\nnext')), 1);
	assert.equal(held.size, 10);
	assert.equal(held.view(), undefined);
});
