import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {buildExportDocument} from '../source/core/ddc-json.js';
import {csvText, renderCsv, renderJson, renderMarkdown} from '../source/core/export-formats.js';
import type {OperationSummary} from '../source/core/latency-windows.js';
import {escapeJsonUnsafe, sanitize, sanitizeLine} from '../source/core/sanitize.js';

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;
/** The same, except the line feeds that lay out a document. */
// eslint-disable-next-line no-control-regex
const RAW_IN_DOCUMENT = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;

test('plain text passes unchanged, including Unicode', () => {
	assert.equal(sanitize('docker_container_start'), 'docker_container_start');
	assert.equal(sanitize('café ☕ 日本'), 'café ☕ 日本');
});

test('C0 controls and DEL become their control pictures, so escape sequences show and do nothing', () => {
	assert.equal(sanitize('a\u001B[2Jb'), 'a␛[2Jb');
	assert.equal(sanitize('\u001B[31mred\u001B[0m'), '␛[31mred␛[0m');
	assert.equal(sanitize('a\u001B]0;pwned\u0007b'), 'a␛]0;pwned␇b');
	assert.equal(sanitize('a\u0000b\u007Fc'), 'a␀b␡c');
	assert.equal(sanitize('line1\nline2\tx\r'), 'line1␊line2␉x␍');
});

test('C1 controls, bidi overrides, zero-width characters and lone surrogates become \\u escapes', () => {
	assert.equal(sanitize('x\u009B31my'), 'x\\u009b31my');
	assert.equal(sanitize('abc\u202Edef'), 'abc\\u202edef');
	assert.equal(sanitize('a\u200Bb\u2066c\uFEFF'), 'a\\u200bb\\u2066c\\ufeff');
	assert.equal(sanitize('a\uD800b'), 'a\\ud800b');
	assert.equal(sanitize('😀'), '😀', 'a surrogate pair is one character, kept');
});

test('distinct names stay distinct', () => {
	const names = ['web_api_response', 'web_api_response\u0000', 'web_api_response\u0000\u0000', 'adv-\u001B[31m', 'adv-\u001B[32m', 'adv-', 'a\u202Eb', 'ab', 'a\u200Bb'];
	const shown = names.map(sanitize);
	assert.equal(new Set(shown).size, names.length, JSON.stringify(shown));
});

test('nothing a terminal obeys survives, and the width is the number of characters shown', () => {
	const nasty = '\u001B[?1049l\u001B[?25l\u001BPq#0;2;0;0;0\u001B\\\u009B2J\u202E\u0008ok';
	const out = sanitize(nasty);
	assert.doesNotMatch(out, RAW_CONTROL);
	assert.equal(stringWidth(out), Array.from(out).length);
	assert.ok(out.endsWith('ok'));
});

test('sanitizeLine joins lines with spaces for a one-line message', () => {
	assert.equal(sanitizeLine('  first\nsecond\t\u001B[2J  '), 'first second ␛[2J');
});

test('escapeJsonUnsafe: the same JSON value, with no raw C1 or bidi character left', () => {
	const value = {name: 'a\u009B31mb\u202Ec\u2028d\u007F', plain: 'é'};
	const json = escapeJsonUnsafe(JSON.stringify(value, null, 2));
	assert.doesNotMatch(json, RAW_IN_DOCUMENT);
	assert.match(json, /a\\u009b31mb\\u202ec\\u2028d\\u007f/);
	assert.deepEqual(JSON.parse(json), value);
	assert.match(json, /é/, 'other non-ASCII text stays as it is');
});

const summary = (operation: string): OperationSummary =>
	({operation, calls: 1, ok: 1, failed: 0, min: 0.1, avg: 0.1, max: 0.1, p50: 0.1, p95: 0.1, p99: 0.1, p999: 0.1, lastHourCalls: 1, last24hCalls: 1, ratePerMinute: 0, avgPerMinute: 0, lastEndTime: 0}) as OperationSummary;

test('exports: JSON, CSV and Markdown carry no raw C1 control or bidi override', () => {
	const name = 'evil\u009B2J\u202Eeman\u0000';
	const doc = buildExportDocument({
		at: new Date(0),
		window: '24h',
		filter: null,
		summaries: [summary(name)],
		source: {path: 'm.jsonl', linesRead: 1, linesRejected: 0, rejectReasons: new Map()},
	});
	const json = renderJson(doc);
	assert.doesNotMatch(json, RAW_IN_DOCUMENT);
	assert.ok((JSON.parse(json) as {statistics: Record<string, unknown>}).statistics[name], 'the name reads back exactly');
	for (const text of [renderCsv(doc), renderMarkdown(doc)]) {
		assert.doesNotMatch(text.replaceAll('\r\n', '\n'), RAW_IN_DOCUMENT);
		assert.match(text, /evil\\{1,2}u009b2J\\{1,2}u202eeman␀/);
	}
	assert.equal(csvText('=cmd\u202E'), "\"'=cmd\\u202e\"", 'formula guard and escape together');
});
