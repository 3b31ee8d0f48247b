import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type LineSink, LineSplitter} from '../../source/core/line-splitter.js';

type Event = {line: string; scanned?: boolean} | {tooLong: [number, number]};

const LIMIT = 8;

/**
 * What the three loops the splitter replaced did, read off the whole text at once: every '\n' ends a line,
 * a CR before it stays in the line and counts toward the limit, a line over the limit is only reported by
 * its offsets (end just past its newline), and `end()` hands out a last line without newline.
 */
function expected(text: string, ended: boolean): Event[] {
	const events: Event[] = [];
	let start = 0;
	for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
		events.push(nl - start > LIMIT ? {tooLong: [start, nl + 1]} : {line: text.slice(start, nl)});
		start = nl + 1;
	}
	if (ended && start < text.length) {
		events.push(text.length - start > LIMIT ? {tooLong: [start, text.length]} : {line: text.slice(start)});
	}
	return events;
}

function recorder(): {events: Event[]; sink: LineSink} {
	const events: Event[] = [];
	return {
		events,
		sink: {
			line(buf, start, end) {
				assert.equal(buf[end], 10, 'the byte at end is a newline inside buf');
				events.push({line: buf.toString('latin1', start, end)});
			},
			tooLong: (start, end) => events.push({tooLong: [start, end]}),
		},
	};
}

/** The text cut at the given offsets, each piece fed as its own chunk. */
function feedCut(text: string, cuts: number[], sink: LineSink, ended: boolean): LineSplitter {
	const splitter = new LineSplitter(sink, LIMIT);
	const bytes = Buffer.from(text, 'latin1');
	let at = 0;
	for (const cut of [...cuts, bytes.length]) {
		// A plain Uint8Array as well as Buffers: the file reader hands out either.
		const piece = bytes.subarray(at, cut);
		splitter.feed(cuts.length % 2 === 0 ? piece : new Uint8Array(piece));
		const done = bytes.subarray(0, cut).lastIndexOf(10) + 1;
		assert.equal(splitter.lineStart, done, 'lineStart is just past the last newline fed');
		at = cut;
	}
	if (ended) splitter.end();
	return splitter;
}

const TEXT = [
	'', // an empty line first
	'ab',
	'',
	'12345678', // exactly the limit
	'1234567\r', // the limit with its CR
	'12345678\r', // one over, because of the CR
	'a\r',
	'\r',
	'way-too-long-line-here', // over the limit, across any chunking
	'123456789',
	'last',
].join('\n');

test('every cut, single and double, gives the lines of the whole text (empty, CRLF, at and over the limit)', () => {
	for (const tail of ['', 'tail', 'tail-over-the-limit']) {
		const text = `${TEXT}\n${tail}`;
		for (const ended of [false, true]) {
			const want = expected(text, ended);
			for (let a = 0; a <= text.length; a++) {
				for (let b = a; b <= text.length; b++) {
					const {events, sink} = recorder();
					feedCut(text, a === b ? [a] : [a, b], sink, ended);
					assert.deepEqual(events, want, `cut at ${a}, ${b}, tail ${JSON.stringify(tail)}, ended ${ended}`);
				}
			}
		}
	}
});

test('byte by byte: the same lines', () => {
	const text = `${TEXT}\n`;
	const {events, sink} = recorder();
	feedCut(
		text,
		Array.from({length: text.length - 1}, (_, i) => i + 1),
		sink,
		true,
	);
	assert.deepEqual(events, expected(text, true));
});

test('a line far over the limit, in many chunks, is reported once with its offsets; the line after it is read', () => {
	const text = `ok\n${'x'.repeat(1000)}\r\nafter\n`;
	const {events, sink} = recorder();
	feedCut(
		text,
		Array.from({length: 99}, (_, i) => 3 + i * 10),
		sink,
		false,
	);
	assert.deepEqual(events, [{line: 'ok'}, {tooLong: [3, 3 + 1002]}, {line: 'after'}]);
});

test('a line within one chunk is handed out as that very chunk, with no copy; a joined one is not', () => {
	const seen: Array<{same: boolean; text: string}> = [];
	let chunk = Buffer.alloc(0);
	const splitter = new LineSplitter(
		{
			line: (buf, start, end) => seen.push({same: buf === chunk, text: buf.toString('latin1', start, end)}),
			tooLong: () => assert.fail('no line is too long'),
		},
		LIMIT,
	);
	for (const piece of ['a\nbc', 'd\ne\n']) {
		chunk = Buffer.from(piece);
		splitter.feed(chunk);
	}
	assert.deepEqual(seen, [
		{same: true, text: 'a'},
		{same: false, text: 'bcd'},
		{same: true, text: 'e'},
	]);
});

test('scan: its newline is taken as the end (scanned), -1 leaves the search to the splitter; only whole lines are offered', () => {
	const events: Array<[string, boolean]> = [];
	const offered: string[] = [];
	const splitter = new LineSplitter(
		{
			scan(buf, start, limit) {
				assert.equal(buf[limit - 1], 10, 'the range offered ends on a newline');
				offered.push(buf.toString('latin1', start, limit));
				const nl = buf.indexOf(10, start);
				return buf[start] === 0x73 /* s */ ? nl : -1;
			},
			line: (buf, start, end, scanned) => events.push([buf.toString('latin1', start, end), scanned]),
			tooLong: (start, end) => events.push([`too long ${start}-${end}`, false]),
		},
		LIMIT,
	);
	splitter.feed(Buffer.from('s1\nplain\ns-too-long-line\nsp'));
	splitter.feed(Buffer.from('lit\npl'));
	splitter.feed(Buffer.from('ain2\n'));
	assert.deepEqual(events, [
		['s1', true],
		['plain', false],
		['too long 9-25', false],
		['split', true],
		['plain2', false],
	]);
	assert.deepEqual(offered, ['s1\nplain\ns-too-long-line\n', 'plain\ns-too-long-line\n', 's-too-long-line\n', 'split\n', 'plain2\n']);
});

test('reset forgets a held line and starts offsets over', () => {
	const {events, sink} = recorder();
	const splitter = new LineSplitter(sink, LIMIT);
	splitter.feed(Buffer.from('abc\nheld'));
	assert.equal(splitter.lineStart, 4);
	splitter.reset();
	assert.equal(splitter.lineStart, 0);
	splitter.feed(Buffer.from('new\n'));
	splitter.end();
	assert.deepEqual(events, [{line: 'abc'}, {line: 'new'}]);
});
