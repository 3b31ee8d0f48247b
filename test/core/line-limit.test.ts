import assert from 'node:assert/strict';
import {closeSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {formatDdcLine} from '../../source/core/ddc-line-writer.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import {HeldLine, MAX_LINE_BYTES} from '../../source/core/line-limit.js';
import {ingestWholeFile} from '../../source/sources/read-file.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW = 1_763_000_000;
const valid = (op: string) => formatDdcLine({operation: op, end: NOW - 60, duration: 0.25});
/** A valid line padded with metadata to exactly `bytes` bytes before its newline. */
function lineOfLength(op: string, bytes: number): string {
	const bare = formatDdcLine({operation: op, end: NOW - 60, duration: 0.25, metadata: {pad: ''}}).trimEnd();
	const line = bare.replace('"pad": ""', `"pad": "${'p'.repeat(bytes - bare.length)}"`);
	assert.equal(Buffer.byteLength(line), bytes);
	return line;
}

function chunked(ingest: MetricsIngest, text: Buffer, size: number): void {
	for (let i = 0; i < text.length; i += size) ingest.ingestBytes(text.subarray(i, i + size), NOW);
}

test('a line of exactly the limit is read; one byte more is rejected as too-long; whatever the chunking', () => {
	const atLimit = lineOfLength('at_limit', MAX_LINE_BYTES);
	const over = lineOfLength('over', MAX_LINE_BYTES + 1);
	const text = Buffer.from(`${atLimit}\n${over}\n${valid('after')}`);
	for (const size of [text.length, 4 * 1024 * 1024, 65_536, 1000, 333_333]) {
		const ingest = new MetricsIngest();
		chunked(ingest, text, size);
		assert.equal(ingest.linesRead, 3, `chunks of ${size}`);
		assert.equal(ingest.linesRejected, 1);
		assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'too-long': 1});
		assert.deepEqual(
			ingest.stats
				.summaries('all')
				.map((s) => s.operation)
				.sort(),
			['after', 'at_limit'],
		);
	}
});

test('a CR counts toward the limit, as a byte of the line', () => {
	const ingest = new MetricsIngest();
	ingest.ingestBytes(Buffer.from(`${lineOfLength('crlf', MAX_LINE_BYTES)}\r\n${valid('next')}`), NOW);
	assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'too-long': 1});
	assert.equal(ingest.linesRead - ingest.linesRejected, 1);
});

test('a real file with 20 MB lines: each counted as too-long, every line after them read', async () => {
	const file = path.join(tempDir(), 'long.jsonl');
	const fd = openSync(file, 'w');
	const mb = Buffer.alloc(1024 * 1024, 'x');
	writeSync(fd, valid('before'));
	for (let line = 0; line < 2; line++) {
		writeSync(fd, '{"operation": "huge", "metadata": "');
		for (let i = 0; i < 20; i++) writeSync(fd, mb);
		writeSync(fd, '"}\n');
	}
	writeSync(fd, valid('after'));
	writeSync(fd, valid('after'));
	closeSync(fd);
	const ingest = new MetricsIngest();
	await ingestWholeFile(file, ingest, NOW);
	assert.equal(ingest.linesRead, 5);
	assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'too-long': 2});
	assert.deepEqual(
		ingest.stats
			.summaries('all')
			.map((s) => [s.operation, s.calls])
			.sort(),
		[
			['after', 2],
			['before', 1],
		],
	);
});

test('a 100 MB line without a newline streams in chunks with bounded memory, and the line after it counts', () => {
	const ingest = new MetricsIngest();
	const chunk = Buffer.alloc(1024 * 1024, 'y');
	ingest.ingestBytes(Buffer.from('{"operation": "endless", "metadata": "'), NOW);
	const used = () => {
		const m = process.memoryUsage();
		return m.heapUsed + m.arrayBuffers;
	};
	const before = used();
	let peak = 0;
	for (let i = 0; i < 100; i++) {
		ingest.ingestBytes(chunk, NOW);
		peak = Math.max(peak, used() - before);
	}
	ingest.ingestBytes(Buffer.from(`"}\n${valid('after')}`), NOW);
	// The held line stops growing at the limit: far below the 100 MB that went past it.
	assert.ok(peak < 24 * 1024 * 1024, `grew by ${(peak / 1024 / 1024).toFixed(1)} MB`);
	assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'too-long': 1});
	assert.deepEqual(
		ingest.stats.summaries('all').map((s) => s.operation),
		['after'],
	);
});

test('whole lines given as strings follow the same limit', () => {
	const ingest = new MetricsIngest();
	ingest.ingest(
		[lineOfLength('ok', MAX_LINE_BYTES), lineOfLength('long', MAX_LINE_BYTES + 1), `{"operation": "é${'é'.repeat(MAX_LINE_BYTES / 2)}"}`],
		NOW,
	);
	assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'too-long': 2});
	assert.deepEqual(
		ingest.stats.summaries('all').map((s) => s.operation),
		['ok'],
	);
});

test('HeldLine keeps bytes up to its limit, then only counts them; clear starts over', () => {
	const held = new HeldLine(10);
	assert.equal(held.active, false);
	held.append(Buffer.from('hello '), 0, 6);
	held.append(Buffer.from('world'), 0, 4);
	assert.equal(Buffer.from(held.view()!).toString(), 'hello worl');
	held.append(Buffer.from('!'), 0, 1);
	assert.equal(held.tooLong, true);
	assert.equal(held.view(), undefined);
	assert.equal(held.size, 11);
	held.clear();
	assert.equal(held.active, false);
	held.append(Buffer.from('abc'), 1, 3);
	assert.equal(Buffer.from(held.view()!).toString(), 'bc');
});
