import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isBlankLine, parseMetricsLine, rejectReasonText} from '../../source/core/metrics-line.js';

const ddc = (over: Record<string, string> = {}) => {
	const f = {
		operation: '"config_load"',
		start_time: '1699999999.123',
		end_time: '1699999999.456',
		duration: '0.333',
		success: 'true',
		...over,
	};
	return (
		`{"operation": ${f.operation}, "start_time": ${f.start_time}, "end_time": ${f.end_time}, "duration": ${f.duration},` +
		` "success": ${f.success}, "timestamp": "2025-11-12T23:59:59.123456", "metadata": {}}`
	);
};

test('a line exactly as DDC writes it becomes a record', () => {
	const r = parseMetricsLine(ddc());
	assert.deepEqual(r, {ok: true, record: {operation: 'config_load', endTime: 1699999999.456, duration: 0.333, success: true}});
});

test('failed calls, exponents and metadata with commas and braces', () => {
	const line = ddc({duration: '1e-05', success: 'false'}).replace('"metadata": {}', '"metadata": {"error": "a, b} c", "container": "x"}');
	const r = parseMetricsLine(line);
	assert.ok(r.ok);
	assert.equal(r.record.duration, 0.00001);
	assert.equal(r.record.success, false);
});

test('CRLF endings are accepted', () => {
	assert.ok(parseMetricsLine(`${ddc()}\r`).ok);
});

test('other key orders and spacing go through JSON.parse and still count', () => {
	const r = parseMetricsLine('{"success":true,"duration":2,"end_time":5,"operation":"x"}');
	assert.deepEqual(r, {ok: true, record: {operation: 'x', endTime: 5, duration: 2, success: true}});
});

test('escaped characters in the operation name are unescaped', () => {
	const r = parseMetricsLine(ddc({operation: '"a\\"b\\u001b[2J"'}));
	assert.ok(r.ok);
	assert.equal(r.record.operation, 'a"b\u001B[2J');
});

const rejections: Array<[string, string, string]> = [
	['not JSON', 'hello world', 'not-json'],
	['truncated line', ddc().slice(0, 60), 'not-json'],
	['array', '[1,2]', 'not-object'],
	['missing operation', '{"end_time": 1, "duration": 1, "success": true}', 'missing-operation'],
	['empty operation', ddc({operation: '""'}), 'bad-operation'],
	['numeric operation', ddc({operation: '5'}), 'bad-operation'],
	['end_time absent', '{"operation": "x", "duration": 1, "success": true}', 'missing-end-time'],
	['end_time null', ddc({end_time: 'null'}), 'missing-end-time'],
	['end_time string', ddc({end_time: '"yesterday"'}), 'bad-end-time'],
	['end_time Infinity', ddc({end_time: 'Infinity'}), 'bad-end-time'],
	['duration NaN (Python writes it bare)', ddc({duration: 'NaN'}), 'non-finite-duration'],
	['duration Infinity', ddc({duration: 'Infinity'}), 'non-finite-duration'],
	['duration -Infinity', ddc({duration: '-Infinity'}), 'non-finite-duration'],
	['negative duration', ddc({duration: '-0.5'}), 'negative-duration'],
	['duration string', ddc({duration: '"fast"'}), 'bad-duration'],
	['success missing', '{"operation": "x", "end_time": 1, "duration": 1}', 'missing-success'],
	['success string', ddc({success: '"yes"'}), 'bad-success'],
];

for (const [name, line, reason] of rejections) {
	test(`rejects ${name} with reason ${reason}, without throwing`, () => {
		assert.deepEqual(parseMetricsLine(line), {ok: false, reason});
	});
}

test('a 10 MB line parses (metadata of 10 MB)', () => {
	const big = ddc().replace('"metadata": {}', `"metadata": {"blob": "${'x'.repeat(10 * 1024 * 1024)}"}`);
	const r = parseMetricsLine(big);
	assert.ok(r.ok);
	assert.equal(r.record.operation, 'config_load');
});

test('blank lines are recognised', () => {
	assert.equal(isBlankLine(''), true);
	assert.equal(isBlankLine(' \t\r'), true);
	assert.equal(isBlankLine(' x'), false);
});

test('numbers too large for a double (JSON.parse gives Infinity) are rejected with a reason', () => {
	assert.deepEqual(parseMetricsLine(ddc({duration: '1e309'})), {ok: false, reason: 'non-finite-duration'});
	assert.deepEqual(parseMetricsLine(ddc({duration: '-1e309'})), {ok: false, reason: 'non-finite-duration'});
	assert.deepEqual(parseMetricsLine(ddc({end_time: '1e309'})), {ok: false, reason: 'bad-end-time'});
	assert.deepEqual(parseMetricsLine(ddc({end_time: '-1e309'})), {ok: false, reason: 'bad-end-time'});
	assert.ok(parseMetricsLine(ddc({duration: '1e308'})).ok);
});

test('only what JSON.parse reads counts: bare NaN in another field rejects the line, NaN inside a string does not', () => {
	assert.deepEqual(parseMetricsLine(ddc({start_time: 'NaN'})), {ok: false, reason: 'not-json'});
	const inString = ddc().replace('"metadata": {}', '"metadata": {"error": "ratio: NaN, then: Infinity}"}');
	assert.ok(parseMetricsLine(inString).ok);
	assert.deepEqual(parseMetricsLine(`${ddc()}, "duration": -5`), {ok: false, reason: 'not-json'});
	// Duplicate keys: the last one counts, as in JSON.parse.
	const dup = ddc().replace('"metadata": {}', '"metadata": {}, "duration": -5');
	assert.deepEqual(parseMetricsLine(dup), {ok: false, reason: 'negative-duration'});
});

test('every reason has its words, the line limit included', () => {
	assert.match(rejectReasonText['too-long'], /1 MiB/);
	assert.match(rejectReasonText['non-finite-duration'], /Infinity/);
});
