import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildExportDocument} from '../../source/core/export-document.js';
import {FAILURES_KEPT, MetricsIngest} from '../../source/core/ingest.js';
import {compactTimestamp, pythonIsoformat} from '../../source/core/local-time.js';
import {ddcLineText} from '../helpers/ddc-lines.js';

const NOW = 1_763_000_000;
const line = (op: string, success: boolean, metadata = '{}', duration = 0.25) =>
	ddcLineText({operation: op, end: NOW - 10, duration, success, metadata: JSON.parse(metadata)});

test('counts read and rejected lines by reason; blank lines are neither', () => {
	const ingest = new MetricsIngest();
	ingest.ingest([line('a', true), '', '  ', 'nope', line('a', true).replace('0.25,', 'NaN,'), line('b', false)], NOW);
	assert.equal(ingest.linesRead, 4);
	assert.equal(ingest.linesRejected, 2);
	assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'not-json': 1, 'non-finite-duration': 1});
	assert.equal(ingest.lastEndTime, NOW - 10);
});

test('keeps the most recent failures with their metadata', () => {
	const ingest = new MetricsIngest();
	const lines = Array.from({length: FAILURES_KEPT + 5}, (_, i) => line('d', false, `{"error": "e${i}", "container": "mc"}`));
	ingest.ingest(lines, NOW);
	const kept = ingest.recentFailures('d');
	assert.equal(kept.length, FAILURES_KEPT);
	assert.deepEqual(kept.at(-1)!.metadata, {error: `e${FAILURES_KEPT + 4}`, container: 'mc'});
	assert.deepEqual(ingest.recentFailures('none'), []);
});

test('the export document has DDC export keys and MetricStats keys exactly', () => {
	const ingest = new MetricsIngest();
	ingest.ingest([line('a', true), line('a', false)], NOW);
	const doc = buildExportDocument({
		at: new Date(2025, 10, 12, 23, 59, 59, 123),
		window: '24h',
		filter: null,
		summaries: ingest.stats.summaries('24h'),
		source: {path: '/x', linesRead: ingest.linesRead, linesRejected: 0, rejectReasons: ingest.rejectReasons},
	});
	assert.deepEqual(Object.keys(doc), ['exported_at', 'operation_filter', 'statistics', 'ddc_top']);
	assert.equal(doc.exported_at, '2025-11-12T23:59:59.123000');
	assert.deepEqual(Object.keys(doc.statistics.a), [
		'operation',
		'total_calls',
		'successful_calls',
		'failed_calls',
		'min_duration',
		'max_duration',
		'avg_duration',
		'p50_duration',
		'p95_duration',
		'p99_duration',
		'last_24h_calls',
		'last_hour_calls',
	]);
	assert.equal(doc.statistics.a.total_calls, 2);
	assert.equal(doc.statistics.a.failed_calls, 1);
	assert.equal(doc.ddc_top.operations.a.p999_duration, 0.25);
	assert.equal(doc.ddc_top.source.lines_read, 2);
});

test('timestamps as Python prints them and as file names want them', () => {
	const d = new Date(2026, 0, 2, 3, 4, 5, 6);
	assert.equal(pythonIsoformat(d), '2026-01-02T03:04:05.006000');
	assert.equal(compactTimestamp(d), '20260102-030405');
});

test('from bytes too, blank and whitespace-only lines (CRLF included) are neither read nor rejected', () => {
	const ingest = new MetricsIngest();
	const text = `\n${line('a', true)}\r\n  \r\n\t\n\r\n${line('b', true)}\n \n`;
	for (const size of [text.length, 1, 7]) {
		ingest.reset();
		const bytes = Buffer.from(text);
		for (let i = 0; i < bytes.length; i += size) ingest.ingestBytes(bytes.subarray(i, i + size), NOW);
		assert.equal(ingest.linesRead, 2, `chunks of ${size}`);
		assert.equal(ingest.linesRejected, 0);
	}
});

test('a line whose metadata is cut before its final brace is rejected, not counted', () => {
	const ingest = new MetricsIngest();
	ingest.ingestBytes(Buffer.from(`${line('a', true).slice(0, -1)}\n${line('a', true)}\n`), NOW);
	assert.equal(ingest.linesRead, 2);
	assert.deepEqual(Object.fromEntries(ingest.rejectReasons), {'not-json': 1});
});

test('from bytes cut at every offset: the counts, statistics and failures of the text in one chunk', () => {
	const lines = [
		line('a', true),
		'',
		`${line('b', false, '{"error": "boom"}')}\r`,
		'  \r',
		'nope',
		line('a', true).replace('0.25,', 'NaN,'),
		line('op with \\"escape\\"', true),
		line('a', false, '{"container": "web"}', 1.5),
	];
	// The last line has no newline: it is not counted, however the text is cut.
	const bytes = Buffer.from(`${lines.join('\n')}\n${line('unfinished', true)}`);
	const seen = (ingest: MetricsIngest) => ({
		read: ingest.linesRead,
		rejected: Object.fromEntries(ingest.rejectReasons),
		last: ingest.lastEndTime,
		summaries: ingest.stats.summaries('all'),
		failures: ['a', 'b'].map((op) => ingest.recentFailures(op)),
	});
	const whole = new MetricsIngest();
	whole.ingestBytes(bytes, NOW);
	const want = seen(whole);
	assert.equal(want.read, 6);
	assert.deepEqual(want.rejected, {'not-json': 1, 'non-finite-duration': 1});
	assert.deepEqual(want.failures[1][0]?.metadata, {error: 'boom'});
	const ingest = new MetricsIngest();
	for (let cut = 0; cut <= bytes.length; cut++) {
		ingest.reset();
		ingest.ingestBytes(bytes.subarray(0, cut), NOW);
		ingest.ingestBytes(bytes.subarray(cut), NOW);
		assert.deepEqual(seen(ingest), want, `cut at ${cut}`);
	}
});
