import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatDdcLine} from '../../source/core/ddc-line-writer.js';
import {compactTimestamp, formatClockTime, localTime, pythonIsoformat} from '../../source/core/local-time.js';

// Local time: the expectations are built from the same Date, so the test holds in any time zone.
const d = new Date(2026, 10, 22, 18, 3, 9, 45);

test('pythonIsoformat: microseconds from the milliseconds, or the finer value given', () => {
	assert.equal(pythonIsoformat(d), '2026-11-22T18:03:09.045000');
	assert.equal(pythonIsoformat(d, 45_123), '2026-11-22T18:03:09.045123');
});

test('a DDC line carries its end time as Python writes it, to the microsecond', () => {
	// A quarter second past: exact in binary, so the microseconds are too.
	const end = new Date(2026, 10, 22, 18, 3, 9).getTime() / 1000 + 0.25;
	const line = formatDdcLine({operation: 'x', end, duration: 0.5});
	assert.match(line, /"timestamp": "2026-11-22T18:03:09\.250000"/);
});

test('the file-name stamp and the header clock', () => {
	assert.equal(compactTimestamp(d), '20261122-180309');
	assert.equal(formatClockTime(d.getTime()), '18:03:09');
});

test('localTime: the date and time to the second, from epoch seconds (a fraction is cut, not rounded)', () => {
	assert.equal(localTime(d.getTime() / 1000), '2026-11-22 18:03:09');
	assert.equal(localTime(new Date(2026, 10, 22, 18, 3, 9, 999).getTime() / 1000), '2026-11-22 18:03:09');
});
