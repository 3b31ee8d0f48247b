import assert from 'node:assert/strict';
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {ddcPercentile} from '../../source/core/ddc-percentile.js';
import type {DetailCall} from '../../source/core/detail/operation-detail.js';
import {OperationLines} from '../../source/core/detail/operation-lines.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import {seededRandom} from '../../source/core/random.js';
import {readOperationDetail} from '../../source/sources/operation-detail-file.js';
import {ingestWholeFile} from '../../source/sources/read-file.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const T0 = 1_700_000_000;
const OP = 'docker_action';

interface Written {
	end: number;
	duration: number;
	success: boolean;
	container?: string;
	error?: string;
}

/**
 * A file as DDC writes it, the chosen operation interleaved with two others, plus lines only the string
 * parser takes (escaped name, other key order, CRLF), broken lines and blank lines. Returns the chosen
 * operation's calls in file order, as written, for the test to count from.
 */
function writeFile(file: string, count: number, seed: number): Written[] {
	const random = seededRandom(seed);
	const mine: Written[] = [];
	const parts: string[] = [];
	for (let i = 0; i < count; i++) {
		const end = T0 + i * 20 + random();
		const duration = Math.round(random() ** 2 * 3e6) / 1e6;
		const other = ['config_load', 'mech_state'][i % 2];
		parts.push(ddcLine({operation: other, end, duration: 0.5, success: i % 7 !== 0, metadata: {error: 'not mine'}}));
		const call: Written = {end: end + 0.5, duration, success: random() > 0.25};
		if (i % 5 !== 0) call.container = ['ddc', 'web', 'we\u001b[2Jb'][i % 3];
		if (!call.success && i % 11 !== 0) call.error = ['timeout', 'HTTP 500\nretry', `exit ${i % 4}`][i % 3];
		mine.push(call);
		const metadata: Record<string, unknown> = {};
		if (call.container !== undefined) metadata.container = call.container;
		if (call.error !== undefined) metadata.error = call.error;
		if (i % 97 === 0) {
			// Not DDC's shape: the string parser reads it, with an escaped name.
			parts.push(
				`{"success": ${call.success}, "duration": ${duration}, "end_time": ${call.end}, "operation": "docker\\u005faction",` +
					` "metadata": ${JSON.stringify(metadata)}}\r\n`,
			);
		} else {
			parts.push(ddcLine({operation: OP, end: call.end, duration, success: call.success, metadata}));
		}
		if (i % 113 === 0) parts.push('not json\n', '\n', `{"operation": "${OP}", "end_time": ${end}, "duration": NaN, "success": true}\n`);
	}
	// The other operations write last: the chosen one's newest calls are not the file's last lines.
	for (let i = 0; i < 50; i++) parts.push(ddcLine({operation: 'config_load', end: T0 + count * 20 + i, duration: 0.1}));
	writeFileSync(file, parts.join(''));
	return mine;
}

const ddc = (values: number[], p: number) =>
	ddcPercentile(
		[...values].sort((a, b) => a - b),
		p,
	);

test('one pass keeps only the operation: errors, containers, recent and percentiles match counts made from the lines', async () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	const mine = writeFile(file, 4000, 3);
	const read = await readOperationDetail(file, OP, {recent: 20});
	assert.equal(read.matched, 4000);
	assert.equal(read.linesRejected, 2 * Math.ceil(4000 / 113));
	assert.equal(read.rejectReasons.get('not-json'), Math.ceil(4000 / 113));
	assert.equal(read.rejectReasons.get('non-finite-duration'), Math.ceil(4000 / 113));
	const r = read.detail.result({now: T0 + 4000 * 20 + 100, step: 3600});
	assert.equal(r.exact, true);
	const failed = mine.filter((c) => !c.success);
	assert.deepEqual([r.calls, r.failures], [4000, failed.length]);
	for (const [p, key] of [
		[50, 'p50'],
		[95, 'p95'],
		[99.99, 'p9999'],
	] as const)
		assert.equal(
			r.spectrum![key],
			ddc(
				mine.map((c) => c.duration),
				p,
			),
		);
	assert.equal(
		r.histogram.reduce((s, row) => s + row.count, 0),
		4000,
	);
	// Errors: grouped by the message as shown (line breaks become spaces), no text as "".
	const shown = (e: string | undefined) => (e ?? '').replace('\n', ' ');
	const errors = new Map<string, number>();
	for (const c of failed) errors.set(shown(c.error), (errors.get(shown(c.error)) ?? 0) + 1);
	assert.deepEqual(new Map(r.errors.map((e) => [e.message, e.count])), errors);
	assert.equal(
		r.errors.reduce((s, e) => s + e.count, 0),
		r.failures,
	);
	// Containers: the escape is shown as a mark, never sent.
	const names: Record<string, string> = {ddc: 'ddc', web: 'web', 'we\u001b[2Jb': 'we␛[2Jb'};
	assert.equal(r.containers.length, 3);
	for (const [written, name] of Object.entries(names)) {
		const calls = mine.filter((c) => c.container === written);
		assert.deepEqual(
			r.containers.find((c) => c.name === name),
			{
				name,
				calls: calls.length,
				failures: calls.filter((c) => !c.success).length,
				p50: ddc(
					calls.map((c) => c.duration),
					50,
				),
				p95: ddc(
					calls.map((c) => c.duration),
					95,
				),
			},
		);
	}
	// Recent: the operation's last 20 calls, newest first, although 50 other lines follow them.
	assert.deepEqual(
		r.recent.map((c) => [c.end_time, c.duration, c.success, c.container, c.error]),
		mine
			.slice(-20)
			.reverse()
			.map((c) => [
				c.end,
				c.duration,
				c.success,
				c.container === undefined ? null : names[c.container],
				c.error === undefined ? null : shown(c.error),
			]),
	);
	// Timeline per hour.
	const hours = new Map<number, number>();
	for (const c of mine) hours.set(Math.floor(c.end / 3600) * 3600, (hours.get(Math.floor(c.end / 3600) * 3600) ?? 0) + 1);
	assert.deepEqual(new Map(r.timeline.map((row) => [row.start, row.calls])), hours);
});

test('a range read from the file equals the same range of the whole detail, and is exact past the raw bound', async () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	const mine = writeFile(file, 3000, 9);
	const from = T0 + 20_000;
	const to = T0 + 30_000;
	const whole = await readOperationDetail(file, OP);
	const ranged = await readOperationDetail(file, OP, {from, to, rawCalls: 1000});
	const q = {now: T0 + 70_000, from, to, step: 900};
	const a = whole.detail.result(q);
	const b = ranged.detail.result(q);
	assert.deepEqual(b, a);
	const inside = mine.filter((c) => c.end >= from && c.end <= to);
	assert.equal(a.calls, inside.length);
	assert.equal(ranged.matched, 3000, 'every line of the operation is seen, only those in range kept');
	// With a small raw bound the whole file is no longer held raw, but the ranged read is.
	const small = await readOperationDetail(file, OP, {rawCalls: 100});
	assert.equal(small.detail.result(q).exact, false);
	assert.equal(b.exact, true);
});

test('an unknown operation matches nothing; an unfinished last line waits for its newline, then new bytes add calls', async () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	writeFile(file, 100, 4);
	const unknown = await readOperationDetail(file, 'no_such_op');
	assert.deepEqual([unknown.matched, unknown.detail.calls], [0, 0]);
	const line = ddcLine({operation: OP, end: T0 + 10_000, duration: 0.25, success: false, metadata: {error: 'late'}});
	appendFileSync(file, line.slice(0, 40));
	const read = await readOperationDetail(file, OP);
	assert.equal(read.detail.calls, 100);
	// Live: the rest of the line arrives, then one more call, fed as the tailer would.
	const rest = Buffer.from(line.slice(40) + ddcLine({operation: OP, end: T0 + 10_001, duration: 0.5}));
	appendFileSync(file, rest);
	const bytes = readFileSync(file).subarray(read.offset);
	read.lines.ingestBytes(bytes.subarray(0, 7));
	read.lines.ingestBytes(bytes.subarray(7));
	const r = read.detail.result({now: T0 + 10_002});
	assert.equal(r.calls, 102);
	assert.deepEqual(
		r.recent.slice(0, 2).map((c) => [c.end_time, c.error]),
		[
			[T0 + 10_001, null],
			[T0 + 10_000, 'late'],
		],
	);
});

test('a line over the length limit is rejected unread and the lines after it still count', async () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	const huge = `{"operation": "${OP}", "metadata": {"error": "${'x'.repeat(1024 * 1024 + 10)}"}}\n`;
	writeFileSync(file, huge + ddcLine({operation: OP, end: T0, duration: 1}));
	const read = await readOperationDetail(file, OP);
	assert.deepEqual([read.linesRejected, read.rejectReasons.get('too-long'), read.detail.calls], [1, 1, 1]);
});

test('a hostile file of 10,000 distinct error texts with control characters keeps 50 messages and "other"', async () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	const lines: string[] = [];
	for (let i = 0; i < 10_000; i++) {
		lines.push(
			ddcLine({
				operation: OP,
				end: T0 + i,
				duration: 0.001,
				success: false,
				metadata: {error: `\u001b]0;pwned ${i}\u0007\u009b2J`, container: `c\u0000${i}`},
			}),
		);
	}
	writeFileSync(file, lines.join(''));
	const read = await readOperationDetail(file, OP);
	const r = read.detail.result({now: T0 + 10_000});
	assert.equal(r.errors.length, 51);
	assert.equal(
		r.errors.reduce((s, e) => s + e.count, 0),
		10_000,
	);
	assert.deepEqual([r.errors.at(-1)!.message, r.errors.at(-1)!.count], ['other', 9950]);
	assert.equal(r.containers.length, 51);
	for (const text of [
		...r.errors.map((e) => e.message),
		...r.containers.map((c) => c.name),
		...r.recent.flatMap((c) => [c.error!, c.container!]),
	]) {
		assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f]/);
	}
	assert.equal(r.recent[0].error, '␛]0;pwned 9999␇\\u009b2J');
	assert.equal(r.recent[0].container, 'c␀9999');
});

test('the header agrees with the table: calls, failures, min, max and p50/p95/p99/p99.9 in each window', async () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	// 12,000 calls: more than the table holds raw (8,192), fewer than the detail does.
	writeFile(file, 12_000, 21);
	const now = T0 + 12_000 * 20 + 60;
	const ingest = new MetricsIngest();
	await ingestWholeFile(file, ingest, now);
	const {detail} = await readOperationDetail(file, OP);
	for (const window of ['1h', '24h', 'all'] as const) {
		const row = ingest.stats.summaries(window).find((s) => s.operation === OP)!;
		const r = detail.result({now, window});
		assert.deepEqual([r.calls, r.failures, r.min, r.max], [row.calls, row.failed, row.min, row.max], window);
		for (const [mine, table] of [
			[r.spectrum!.p50, row.p50!],
			[r.spectrum!.p95, row.p95!],
			[r.spectrum!.p99, row.p99!],
			[r.spectrum!.p999, row.p999!],
		]) {
			// Equal where both hold the calls raw (at most 8,192); both from an HDR histogram past that.
			if (window === 'all') assert.ok(Math.abs(mine - table) <= table * 0.001 + 1e-6, `${window}: ${mine} vs ${table}`);
			else assert.equal(mine, table, window);
		}
	}
});

test('the file fed in chunks of every size from 1 to 64 bytes reads as in one chunk: calls, counts, the held last line', () => {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	writeFile(file, 230, 17);
	const late = ddcLine({operation: OP, end: T0 + 9000, duration: 0.75, success: false, metadata: {error: 'late'}});
	// Lines of every kind the splitter can hand out, a too-long one among them, and an unfinished last line.
	const huge = `{"operation": "${OP}", "metadata": {"error": "${'x'.repeat(1024 * 1024)}"}}\r\n`;
	appendFileSync(file, `${huge}{"operation": "${OP}"}\n\r\n${late.slice(0, 50)}`);
	const bytes = readFileSync(file);
	const rest = Buffer.from(late.slice(50));
	const read = (size: number) => {
		const calls: DetailCall[] = [];
		const lines = new OperationLines(OP, (call) => calls.push(call), T0 + 500, T0 + 9000);
		// One chunk reused for every piece, as the file reader reuses its buffer.
		const chunk = Buffer.alloc(size);
		for (let at = 0; at < bytes.length; at += size) {
			const n = bytes.copy(chunk, 0, at, at + size);
			lines.ingestBytes(chunk.subarray(0, n));
		}
		const counts = () => [lines.linesRead, lines.linesRejected, lines.matched, Object.fromEntries(lines.rejectReasons), calls.length];
		const held = counts();
		lines.ingestBytes(rest);
		return {held, done: counts(), calls};
	};
	const whole = read(bytes.length);
	assert.deepEqual(whole.held[3], {'not-json': 3, 'non-finite-duration': 3, 'too-long': 1, 'missing-end-time': 1});
	assert.equal(whole.done[0], (whole.held[0] as number) + 1, 'the held line counts once its newline arrives');
	assert.deepEqual(whole.calls.at(-1), {end: T0 + 9000, duration: 0.75, success: false, container: undefined, error: 'late'});
	for (let size = 1; size <= 64; size++) assert.deepEqual(read(size), whole, `chunks of ${size} bytes`);
});
