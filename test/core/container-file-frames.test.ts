import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ExecDemuxer, type FollowerMessage, FollowerParser, modeWords} from '../../source/core/container-file-frames.js';

/** One stdout (1) or stderr (2) frame of a non-TTY exec stream. */
function frame(stream: 1 | 2, payload: Buffer | string): Buffer {
	const body = Buffer.from(payload);
	const header = Buffer.alloc(8);
	header[0] = stream;
	header.writeUInt32BE(body.length, 4);
	return Buffer.concat([header, body]);
}

function parse(chunks: Buffer[]): {messages: FollowerMessage[]; stderr: string} {
	const messages: FollowerMessage[] = [];
	const parser = new FollowerParser((m) => messages.push(m.kind === 'data' ? {...m, chunk: Buffer.from(m.chunk)} : m));
	const demuxer = new ExecDemuxer((bytes) => parser.feed(bytes));
	for (const chunk of chunks) demuxer.feed(chunk);
	return {messages, stderr: demuxer.stderr};
}

test('data split anywhere across frames and chunks comes out whole, in order, once', () => {
	const data = 'line one\nline "two"\nD 5\nE 3\n';
	const all = Buffer.concat([
		frame(1, `H 1\nO first ${data.length}\nD ${data.length}\n`),
		frame(1, data),
		frame(1, `E ${data.length}\nF\n`),
	]);
	// Every split point, byte by byte: the frames' headers, the lines and the data may all be cut anywhere.
	for (let cut = 1; cut < all.length; cut++) {
		const {messages} = parse([all.subarray(0, cut), all.subarray(cut)]);
		assert.deepEqual(
			messages.map((m) => (m.kind === 'data' ? `data:${m.chunk.toString()}` : m.kind)),
			['hello', 'opened', `data:${data}`, 'following'],
			`cut at ${cut}`,
		);
	}
});

test('a file that shrank mid-read: only the bytes its position vouches for are handed on (the padding is not)', () => {
	const {messages} = parse([frame(1, 'H 1\nO first 10\nD 10\nabcd\0\0\0\0\0\0E 4\nO truncated 0\n')]);
	const data = messages.find((m) => m.kind === 'data');
	assert.equal(data?.kind === 'data' && data.chunk.toString(), 'abcd');
	assert.deepEqual(messages.at(-1), {kind: 'opened', why: 'truncated', size: 0});
});

test('states, unknown lines and stderr', () => {
	const {messages, stderr} = parse([frame(1, 'A\nN drwxr-xr-x\nX cannot open /x\nT dd\nZ what\n'), frame(2, 'sh: oops\n')]);
	assert.deepEqual(
		messages.map((m) => m.kind),
		['absent', 'not-regular', 'cannot-open', 'missing-tool', 'unknown'],
	);
	assert.equal(stderr, 'sh: oops\n');
	assert.equal(modeWords('drwxr-xr-x'), 'a directory');
	assert.equal(modeWords('prw-r--r--'), 'a FIFO (named pipe)');
});
