import assert from 'node:assert/strict';
import {test} from 'node:test';
import {scanLine, scratchLine} from '../source/core/line-scanner.js';
import {parseMetricsLine} from '../source/core/metrics-line.js';
import {demoLine} from '../source/core/demo-lines.js';
import {seededRandom} from '../source/core/random.js';

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
		assert.ok(Math.abs(fast.duration - slow.record.duration) <= 4 * Number.EPSILON * slow.record.duration, `${fast.duration} vs ${slow.record.duration}`);
		assert.ok(Math.abs(fast.endTime - slow.record.endTime) < 1e-6);
	}
});

test('exact for up to 15 significant digits, exponents included', () => {
	const line = (d: string) => `{"operation": "x", "start_time": 1.0, "end_time": 1699999999.456, "duration": ${d}, "success": true, "timestamp": "t", "metadata": {}}`;
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
