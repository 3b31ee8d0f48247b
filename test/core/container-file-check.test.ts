/**
 * What the container follower's rewrite check compares (container-file-check.ts): the bytes kept as they
 * were read, cut anywhere, are exactly the file's ranges the script hashes with `dd` at that position: all
 * of them up to 8 KiB, else the first and the last 4 KiB before the position. Checked against the ranges
 * cut from the whole body, for every position class and random chunkings.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CHECK_HEAD, CHECK_TAIL, CHECK_WHOLE, ReadWindow} from '../../source/core/container-file-check.js';
import {seededRandom} from '../../source/core/random.js';

/** The bytes the script's `sig` reads of `body` at `position`. */
function scriptRange(body: Buffer, position: number): Buffer {
	if (position <= CHECK_WHOLE) return body.subarray(0, position);
	return Buffer.concat([body.subarray(0, CHECK_HEAD), body.subarray(position - CHECK_TAIL, position)]);
}

test('the window holds the ranges the follower hashes, at every position, however the reads were cut', () => {
	const random = seededRandom(7);
	const body = Buffer.from(Array.from({length: 30_000}, () => Math.floor(random() * 256)));
	for (let round = 0; round < 200; round++) {
		const w = new ReadWindow();
		w.opened();
		let at = 0;
		const end = Math.floor(random() * body.length);
		while (at < end) {
			// Small and large reads alike: a byte, a line, more than the tail at once.
			const sizes = [1, 7, 200, 4095, 4096, 4097, 9000];
			const n = Math.min(end - at, sizes[Math.floor(random() * sizes.length)]);
			w.read(body.subarray(at, at + n));
			at += n;
			assert.equal(w.position, at);
			assert.deepEqual(Buffer.concat(w.region()), scriptRange(body, at), `position ${at}`);
		}
	}
});

test('a new open starts over: generation counts the opens, nothing of the old read is kept', () => {
	const w = new ReadWindow();
	w.opened();
	w.read(Buffer.alloc(10_000, 1));
	assert.equal(w.generation, 1);
	w.opened();
	assert.equal(w.generation, 2);
	assert.equal(w.position, 0);
	assert.deepEqual(Buffer.concat(w.region()), Buffer.alloc(0));
	w.read(Buffer.from('abc'));
	assert.deepEqual(Buffer.concat(w.region()).toString(), 'abc');
});
