import assert from 'node:assert/strict';
import {test} from 'node:test';
import {demoLine} from '../../source/core/demo-lines.js';
import {scanLine, scratchLine} from '../../source/core/line-scanner.js';
import {parseMetricsLine} from '../../source/core/metrics-line.js';
import {seededRandom} from '../../source/core/random.js';

const scan = (line: string) => {
	const buf = Buffer.from(line);
	const out = scratchLine();
	return scanLine(buf, 0, buf.length, out) ? {...out, operation: buf.toString('utf8', out.opStart, out.opEnd)} : undefined;
};

test('DDC lines take the byte fast path and agree with JSON.parse to the last few ulps', () => {
	const random = seededRandom(11);
	for (let i = 0; i < 2000; i++) {
		const line = demoLine(random, 1_763_000_000 + random() * 1e6).trimEnd();
		const fast = scan(line);
		assert.ok(fast, `fast path for ${line}`);
		const slow = parseMetricsLine(line);
		assert.ok(slow.ok);
		assert.equal(fast.operation, slow.record.operation);
		assert.equal(fast.success, slow.record.success);
		assert.ok(
			Math.abs(fast.duration - slow.record.duration) <= 4 * Number.EPSILON * slow.record.duration,
			`${fast.duration} vs ${slow.record.duration}`,
		);
		assert.ok(Math.abs(fast.endTime - slow.record.endTime) < 1e-6);
	}
});

test('exact for up to 15 significant digits, exponents included', () => {
	const line = (d: string) =>
		`{"operation": "x", "start_time": 1.0, "end_time": 1699999999.456, "duration": ${d},` +
		' "success": true, "timestamp": "t", "metadata": {}}';
	for (const d of ['0.333', '1e-05', '2.5E+2', '0', '12', '0.000123456789012']) assert.equal(scan(line(d))?.duration, Number(d), d);
	assert.equal(scan(line('0.333'))?.endTime, 1699999999.456);
});

test('the same name gives the same hash; different bytes are told apart by the caller', () => {
	const a = scan('{"operation": "config_load", "start_time": 1, "end_time": 2, "duration": 1, "success": true}');
	const b = scan('{"operation": "config_load", "start_time": 5, "end_time": 6, "duration": 1, "success": false}');
	assert.ok(a && b);
	assert.equal(a.opHash, b.opHash);
	assert.equal(b.success, false);
});

const fallbacks: Array<[string, string]> = [
	['other key order', '{"success": true, "operation": "x", "start_time": 1, "end_time": 2, "duration": 1}'],
	['compact separators', '{"operation":"x","start_time":1,"end_time":2,"duration":1,"success":true}'],
	['escaped name', '{"operation": "a\\"b", "start_time": 1, "end_time": 2, "duration": 1, "success": true}'],
	['NaN duration', '{"operation": "x", "start_time": 1, "end_time": 2, "duration": NaN, "success": true}'],
	['negative duration', '{"operation": "x", "start_time": 1, "end_time": 2, "duration": -1, "success": true}'],
	['Infinity end_time', '{"operation": "x", "start_time": 1, "end_time": Infinity, "duration": 1, "success": true}'],
	['string success', '{"operation": "x", "start_time": 1, "end_time": 2, "duration": 1, "success": "yes"}'],
	['truncated line', '{"operation": "x", "start_time": 1, "end_time": 2, "duration": 1, "succ'],
	['no closing brace', '{"operation": "x", "start_time": 1, "end_time": 2, "duration": 1, "success": true, "metadata": {'],
	['empty name', '{"operation": "", "start_time": 1, "end_time": 2, "duration": 1, "success": true}'],
	['blank', ''],
];
for (const [name, line] of fallbacks) {
	test(`hands unusual lines to the string parser: ${name}`, () => {
		assert.equal(scan(line), undefined);
	});
}

const ddcShape = (over: {op?: string; meta?: string; extra?: string; duration?: string; endTime?: string} = {}) =>
	`{"operation": "${over.op ?? 'x'}", "start_time": 1.0, "end_time": ${over.endTime ?? '2.5'}, "duration": ${over.duration ?? '1.5'}, ` +
	`"success": true, "timestamp": "2025-11-12T23:59:59.123456", "metadata": ${over.meta ?? '{}'}${over.extra ?? ''}}`;

// Each of these was accepted by the byte parser although JSON.parse refuses it or reads other values.
const notProvable: Array<[string, string]> = [
	['a raw control character in the name', ddcShape({op: 'web\u0001api'})],
	['a NUL byte in the name', ddcShape({op: 'web\u0000api'})],
	['a raw control character in the metadata', ddcShape({meta: '{"error": "a\u001bb"}'})],
	['a NUL byte after the line', `${ddcShape()}\u0000`],
	['a line cut just before its final brace', ddcShape().slice(0, -1)],
	['a line cut inside its metadata', ddcShape({meta: '{"error": "x"}'}).slice(0, -3)],
	['a duplicate "duration": -5 after a valid one', ddcShape({extra: ', "duration": -5'})],
	['a duplicate "operation" (JSON.parse keeps the last)', ddcShape({extra: ', "operation": "other"'})],
	['a duplicate key spelled with an escape', ddcShape({extra: ', "d\\u0075ration": -5'})],
	['an end_time of 1e309 (Infinity)', ddcShape({endTime: '1e309'})],
	['a duration of 1e309 (Infinity)', ddcShape({duration: '1e309'})],
	['a leading zero', ddcShape({duration: '01.5'})],
	['a start_time that is no number', ddcShape().replace('1.0,', '1.2.3,')],
	['an invalid escape in the metadata', ddcShape({meta: '{"a": "\\q"}'})],
	['a trailing comma in the metadata', ddcShape({meta: '{"a": 1,}'})],
	['garbage after the closing brace', `${ddcShape()}x`],
	['nesting deeper than the byte parser counts', ddcShape({meta: `${'['.repeat(100)}${']'.repeat(100)}`})],
];
for (const [name, line] of notProvable) {
	test(`hands lines it cannot prove valid to the string parser: ${name}`, () => {
		assert.equal(scan(line), undefined);
	});
}

test('valid lines with nested metadata, escapes in the metadata and keys that repeat only inside it stay fast', () => {
	for (const meta of [
		'{"container": "minecraft"}',
		'{"error": "a, b} c \\"q\\" \\u00e9", "n": [1, -2.5e3, true, null, {}]}',
		'{"duration": -5, "operation": "inner"}',
	]) {
		const r = scan(ddcShape({meta}));
		assert.ok(r, meta);
		assert.equal(r.duration, 1.5);
		assert.equal(r.operation, 'x');
	}
});

test('17 significant digits, as Python writes floats, give exactly the double JSON.parse gives', () => {
	const random = seededRandom(3);
	let fast = 0;
	for (let i = 0; i < 20_000; i++) {
		const endTime = String(1_700_000_000 + random() * 1e8);
		const duration = String(random() * 10 ** Math.floor(random() * 6 - 4));
		const r = scan(ddcShape({endTime, duration}));
		// Below 1e-6 s a 17-digit duration needs a power of ten past 1e22: the string parser takes it.
		if (!r) continue;
		fast++;
		assert.equal(r.endTime, JSON.parse(endTime));
		assert.equal(r.duration, JSON.parse(duration));
	}
	assert.ok(fast > 19_800, `${fast} of 20,000 on the fast path`);
});
