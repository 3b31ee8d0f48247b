import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {buildExportDocument} from '../../source/core/export-document.js';
import {csvText, renderCsv, renderJson, renderMarkdown} from '../../source/core/export-render.js';
import type {OperationSummary} from '../../source/core/latency-windows.js';
import {escapeJsonUnsafe, sanitize, sanitizeLine} from '../../source/core/sanitize.js';

const RAW_CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;
/** The same, except the line feeds that lay out a document. */
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
	const names = [
		'web_api_response',
		'web_api_response\u0000',
		'web_api_response\u0000\u0000',
		'web_api_response\u2400',
		'web_api_response ',
		' web_api_response',
		'web_api_response\u00A0',
		'web_api_response\\u0000',
		'adv-\u001B[31m',
		'adv-\u001B[32m',
		'adv-',
		'a\u202Eb',
		'ab',
		'a\u200Bb',
		'a b',
		'a\u00A0b',
		'a\u3000b',
		'a\u2003b',
		'a\u00ADb',
	];
	const shown = names.map(sanitize);
	assert.equal(new Set(shown).size, names.length, JSON.stringify(shown));
});

test('a literal control picture is escaped, so a picture always means a control character', () => {
	assert.equal(sanitize('web\u2400'), 'web\\u2400');
	assert.equal(sanitize('web\u0000'), 'web␀');
	assert.equal(sanitize('␛[2J ␡ ␤ ␣'), '\\u241b[2J \\u2421 \\u2424 \\u2423');
});

test('text that reads as an escape mark is escaped: a \\uXXXX in the output is always a mark', () => {
	assert.equal(sanitize('a\\u009b'), 'a\\u005cu009b', 'six literal characters are not the C1 control');
	assert.notEqual(sanitize('a\\u009b'), sanitize('a\u009B'));
	assert.equal(sanitize('C:\\ddc\\config\\users'), 'C:\\ddc\\config\\users', 'other backslashes stay');
	assert.equal(sanitize('\\u12'), '\\u12', 'not four hex digits: not a mark');
});

test('spaces at the ends show as \\u0020; inner spaces stay; look-alike blanks are escaped anywhere', () => {
	assert.equal(sanitize('web_api_response '), 'web_api_response\\u0020');
	assert.equal(sanitize('  web'), '\\u0020\\u0020web');
	assert.equal(sanitize(' '), '\\u0020');
	assert.equal(sanitize(''), '');
	assert.equal(sanitize('docker container start'), 'docker container start');
	assert.equal(sanitize(' café '), '\\u0020café\\u0020', 'the slow path marks the ends too');
	assert.equal(
		sanitize('a\u00A0b\u2000c\u200Ad\u202Fe\u205Ff\u3000g\u00ADh\u3164i'),
		'a\\u00a0b\\u2000c\\u200ad\\u202fe\\u205ff\\u3000g\\u00adh\\u3164i',
	);
});

/** Reads marks back into the characters they stand for: sanitize is one-to-one when this undoes it. */
function unsanitize(shown: string): string {
	let out = '';
	for (let i = 0; i < shown.length; i++) {
		const code = shown.charCodeAt(i);
		if (code >= 0x2400 && code <= 0x241f) out += String.fromCharCode(code - 0x2400);
		else if (code === 0x2421) out += '\u007F';
		else if (shown[i] === '\\' && /^u[0-9a-f]{4}$/.test(shown.slice(i + 1, i + 6))) {
			out += String.fromCharCode(Number.parseInt(shown.slice(i + 2, i + 6), 16));
			i += 5;
		} else out += shown[i];
	}
	return out;
}

test('one-to-one: every output reads back to its input, over random mixes of the tricky characters', () => {
	const alphabet = [
		'a',
		' ',
		'\\',
		'u',
		'0',
		'2',
		'4',
		'b',
		'F',
		'\u0000',
		'\u001B',
		'\u007F',
		'\u009B',
		'\u00A0',
		'\u202E',
		'\u2400',
		'\u2421',
		'\u2424',
		'\uD800',
		'\uDC00',
		'😀',
		'é',
		'日',
	];
	let x = 2024;
	for (let i = 0; i < 5000; i++) {
		let text = '';
		const n = i % 12;
		for (let j = 0; j < n; j++) {
			x = (Math.imul(x, 1103515245) + 12345) >>> 0;
			text += alphabet[(x >>> 8) % alphabet.length];
		}
		const shown = sanitize(text);
		assert.equal(unsanitize(shown), text, `${JSON.stringify(text)} -> ${JSON.stringify(shown)}`);
		assert.doesNotMatch(shown, RAW_CONTROL);
		assert.equal(
			stringWidth(shown),
			Array.from(shown).reduce((w, c) => w + stringWidth(c), 0),
			'width is the sum of what is drawn',
		);
	}
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
	({
		operation,
		calls: 1,
		ok: 1,
		failed: 0,
		min: 0.1,
		avg: 0.1,
		max: 0.1,
		p50: 0.1,
		p95: 0.1,
		p99: 0.1,
		p999: 0.1,
		lastHourCalls: 1,
		last24hCalls: 1,
		ratePerMinute: 0,
		avgPerMinute: 0,
		lastEndTime: 0,
	}) as OperationSummary;

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
	assert.equal(csvText('=cmd\u202E'), '"\'=cmd\\u202e"', 'formula guard and escape together');
});
