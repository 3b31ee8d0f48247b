import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {captureStderr} from '../../source/stderr-capture.js';

test('stderr is held while captured, announced, and handed back on restore', () => {
	const stream = new PassThrough() as unknown as NodeJS.WriteStream;
	const written: string[] = [];
	(stream as unknown as PassThrough).on('data', (d: Buffer) => written.push(d.toString()));
	const seen: string[] = [];
	const capture = captureStderr(stream, (t) => seen.push(t));
	let called = false;
	stream.write('warning one\n', () => {
		called = true;
	});
	stream.write(Buffer.from('two\n'));
	assert.deepEqual(seen, ['warning one\n', 'two\n']);
	assert.equal(called, true, 'write callbacks still run');
	assert.equal(capture.restore(), 'warning one\ntwo\n');
	stream.write('after\n');
	assert.deepEqual(written, ['after\n'], 'nothing reached the stream while captured; writes go through after');
});
