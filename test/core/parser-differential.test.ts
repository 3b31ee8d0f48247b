import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {demoLine} from '../../source/core/demo-lines.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import {scanLine, scratchLine} from '../../source/core/line-scanner.js';
import {isBlankLine, parseMetricsLine} from '../../source/core/metrics-line.js';
import {seededRandom} from '../../source/core/random.js';
import {ingestWholeFile} from '../../source/sources/read-file.js';
import {hostileLines} from '../fixtures/hostile-lines.js';
import {BYTE_MUTATIONS, byteMutation, JSON_INSERTS} from '../helpers/json-mutations.js';
import {tempDir} from '../helpers/temp-dir.js';

interface Entry {
	operation: string;
	endTime: number;
	duration: number;
	success: boolean;
}

/**
 * The definition both parsers must meet, written plainly: the line (a trailing CR aside) is what
 * JSON.parse reads, an object whose operation is a non-empty string, end_time a finite number, duration a
 * finite number >= 0 and success a boolean. Blank lines are neither entries nor rejections.
 */
function oracle(line: Buffer): Entry | 'reject' | 'blank' {
	let text = line.toString('utf8');
	if (text.endsWith('\r')) text = text.slice(0, -1);
	if (/^[ \t\r]*$/.test(text)) return 'blank';
	let o: unknown;
	try {
		o = JSON.parse(text);
	} catch {
		return 'reject';
	}
	if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'reject';
	const {operation, end_time: endTime, duration, success} = o as Record<string, unknown>;
	if (typeof operation !== 'string' || operation === '') return 'reject';
	if (typeof endTime !== 'number' || !Number.isFinite(endTime)) return 'reject';
	if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) return 'reject';
	if (typeof success !== 'boolean') return 'reject';
	return {operation, endTime, duration, success};
}

const scratch = scratchLine();
const NEXT_LINE = Buffer.from('\n{"operation": "next", "start_time": 1, "end_time": 2, "duration": 1, "success": true}');

/** One line through both parsers, checked against the oracle; returns whether the fast path took it. */
function check(line: Buffer): {fast: boolean; expected: ReturnType<typeof oracle>} {
	const expected = oracle(line);
	const end = line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length;
	const shown = JSON.stringify(line.toString('latin1').slice(0, 300));
	// As the file reader calls it: the line followed by its newline and the next line's bytes.
	const inChunk = Buffer.concat([line, NEXT_LINE]);
	const fastInChunk = scanLine(inChunk, 0, inChunk.length, scratch, false);
	if (fastInChunk) assert.equal(scratch.lineEnd, line.length, `line end of ${shown}`);
	const fast = scanLine(line, 0, end, scratch);
	assert.equal(fastInChunk, fast, `same verdict cut out or in a chunk: ${shown}`);
	if (fast) {
		assert.notEqual(typeof expected, 'string', `fast path accepted what JSON.parse + rules reject: ${shown}`);
		const e = expected as Entry;
		assert.equal(line.toString('utf8', scratch.opStart, scratch.opEnd), e.operation, shown);
		assert.equal(scratch.endTime, e.endTime, `end_time of ${shown}`);
		assert.equal(scratch.duration, e.duration, `duration of ${shown}`);
		assert.equal(scratch.success, e.success, shown);
	}
	const text = line.toString('utf8', 0, end);
	if (expected === 'blank') {
		assert.ok(isBlankLine(text), `blank: ${shown}`);
		return {fast, expected};
	}
	assert.ok(!isBlankLine(text), `not blank: ${shown}`);
	const slow = parseMetricsLine(text);
	if (expected === 'reject') {
		assert.equal(slow.ok, false, `string parser accepted what JSON.parse + rules reject: ${shown}`);
	} else {
		assert.ok(slow.ok, `string parser rejected a valid entry (${slow.ok ? '' : slow.reason}): ${shown}`);
		assert.deepEqual(slow.record, expected, shown);
	}
	return {fast, expected};
}

test('the hostile corpus: both parsers accept exactly what JSON.parse + the entry rules accept, same values', () => {
	const corpus = hostileLines();
	assert.ok(corpus.length > 500, `corpus of ${corpus.length} lines`);
	let fastTaken = 0;
	let rejected = 0;
	for (const line of corpus) {
		const r = check(line);
		if (r.fast) fastTaken++;
		if (r.expected === 'reject') rejected++;
	}
	// Not vacuous: the corpus has both kinds and the fast path still takes the plain valid lines.
	assert.ok(rejected > 250, `${rejected} rejected`);
	assert.ok(fastTaken > 50, `${fastTaken} on the fast path`);
});

// What random mutations insert: bytes that change meaning in JSON, and numbers JSON does not have.
const INSERTS = [...JSON_INSERTS, '\u0001', 'NaN', 'Infinity', '1e309', '\\u0000', '\\"', '\u202e'];
const DUPLICATES = [
	', "duration": -5',
	', "duration": 1.5',
	', "operation": "dup"',
	', "end_time": 1e309',
	', "success": false',
	', "operation": 7',
	', "end_time": 1.25',
	', "start_time": NaN',
	', "duration": 1e309',
	', "operation": "config_load"',
];
const VALUES = [
	'NaN',
	'Infinity',
	'-Infinity',
	'1e309',
	'-1e309',
	'-5',
	'0',
	'-0',
	'1e-7',
	'12345678901234567890',
	'0.1e2',
	'1.5E+3',
	'"5"',
	'null',
	'007',
];

function mutate(random: () => number, line: Buffer): Buffer {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const kind = Math.floor(random() * (BYTE_MUTATIONS + 3));
	if (kind < BYTE_MUTATIONS) return byteMutation(random, line, kind, INSERTS, 4);
	switch (kind) {
		case BYTE_MUTATIONS:
			// A key repeated before the closing brace.
			return Buffer.concat([line.subarray(0, line.length - 1), Buffer.from(pick(DUPLICATES)), line.subarray(line.length - 1)]);
		case BYTE_MUTATIONS + 1: {
			// A field's number replaced.
			const text = line.toString('utf8');
			const key = pick(['"duration": ', '"end_time": ', '"start_time": ']);
			const from = text.indexOf(key);
			if (from === -1) return line;
			const valueStart = from + key.length;
			const valueEnd = text.indexOf(',', valueStart);
			return Buffer.from(text.slice(0, valueStart) + pick(VALUES) + text.slice(valueEnd));
		}
		default:
			// Two mutations.
			return mutate(random, mutate(random, line));
	}
}

test('100,000 seeded cases: valid DDC lines and random mutations, same accept/reject and same values', () => {
	const random = seededRandom(20_251_130);
	const corpus = hostileLines();
	let cases = 0;
	let fastTaken = 0;
	let accepted = 0;
	let rejected = 0;
	for (let i = 0; i < 100_000; i++) {
		const base =
			i % 5 === 0 ? corpus[Math.floor(random() * corpus.length)] : Buffer.from(demoLine(random, 1_763_000_000 + random() * 1e6).trimEnd());
		const line = i % 4 === 0 ? base : mutate(random, base);
		const r = check(line);
		cases++;
		if (r.fast) fastTaken++;
		if (r.expected === 'reject') rejected++;
		else if (r.expected !== 'blank') accepted++;
	}
	assert.equal(cases, 100_000);
	assert.ok(accepted > 20_000 && rejected > 20_000, `${accepted} accepted, ${rejected} rejected`);
	assert.ok(fastTaken > 20_000, `${fastTaken} on the fast path`);
});

test('the corpus as a real file, read through ingestBytes: the counts JSON.parse + rules give', async () => {
	const corpus = hostileLines();
	const file = path.join(tempDir(), 'hostile.jsonl');
	writeFileSync(file, Buffer.concat(corpus.flatMap((line) => [line, Buffer.from('\n')])));
	let entries = 0;
	let rejects = 0;
	const calls = new Map<string, number>();
	for (const line of corpus) {
		const r = oracle(line);
		if (r === 'reject') rejects++;
		else if (r !== 'blank') {
			entries++;
			calls.set(r.operation, (calls.get(r.operation) ?? 0) + 1);
		}
	}
	const ingest = new MetricsIngest();
	await ingestWholeFile(file, ingest, 1_763_000_000);
	assert.equal(ingest.linesRead, entries + rejects);
	assert.equal(ingest.linesRejected, rejects);
	const counted = new Map(ingest.stats.summaries('all').map((s) => [s.operation, s.calls]));
	assert.deepEqual(counted, calls);
});

test('mutated lines through ingestBytes in random chunkings: the counts and calls JSON.parse + rules give', () => {
	const random = seededRandom(77);
	const corpus = hostileLines();
	const lines: Buffer[] = [];
	for (let i = 0; i < 6000; i++) {
		const base =
			i % 3 === 0 ? corpus[Math.floor(random() * corpus.length)] : Buffer.from(demoLine(random, 1_763_000_000 - random() * 1e5).trimEnd());
		lines.push(i % 2 === 0 ? base : mutate(random, base));
	}
	let entries = 0;
	let rejects = 0;
	const calls = new Map<string, number>();
	for (const line of lines) {
		const r = oracle(line);
		if (r === 'reject') rejects++;
		else if (r !== 'blank') {
			entries++;
			calls.set(r.operation, (calls.get(r.operation) ?? 0) + 1);
		}
	}
	const text = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
	for (const maxChunk of [1, 37, 4096, text.length]) {
		const ingest = new MetricsIngest(100_000);
		for (let at = 0; at < text.length; ) {
			const size = 1 + Math.floor(random() * maxChunk);
			// A fresh copy per chunk, as a reader that reuses its buffer would not keep it.
			ingest.ingestBytes(Buffer.from(text.subarray(at, at + size)), 1_763_000_000);
			at += size;
		}
		assert.equal(ingest.linesRead, entries + rejects, `chunks up to ${maxChunk}`);
		assert.equal(ingest.linesRejected, rejects, `chunks up to ${maxChunk}`);
		assert.deepEqual(new Map(ingest.stats.summaries('all').map((s) => [s.operation, s.calls])), calls);
	}
});
