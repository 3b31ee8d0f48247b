import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildExportDocument} from '../../source/core/export-document.js';
import {EXPORT_FORMATS, renderExport} from '../../source/core/export-render.js';
import {redact, redactString} from '../../source/core/redact.js';

/**
 * Redaction must take time linear in its input, whatever the input holds. Times are CPU time of this
 * process (user + system), not wall-clock, so other work on the machine does not make them flake.
 */

const KB = 1024;
const MB = 1024 * KB;

function cpuMs(fn: () => void): number {
	const start = process.cpuUsage();
	fn();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Inputs that make a backtracking pattern try, and fail, at every position. */
const ADVERSARIAL: Record<string, string> = {
	letters: 'abcdefghij',
	'long dotted words': 'abcdefghijklmnopqrstuvwxy.',
	'short dotted words': 'a.',
	dashes: 'a-',
	colons: 'a:',
	equals: 'a=',
	'quoted secret keys': '"password": "',
	'escaped quoted keys': '\\"password\\": \\"',
	'URL user info': 'a://b:',
	'JWT starts': 'eyJaaaaa.',
	'auth schemes': 'Bearer ',
	'PEM blocks': '-----BEGIN PRIVATE KEY-----x-----END',
	'webhook paths': '/webhooks/123456/',
	flags: '--token ',
	'header schemes': 'Authorization: token ',
	mixed: 'token=a b:c "d" e.f-g_h/i?j&k=l ',
};

test('redaction time grows linearly with the input, on every adversarial shape', (t) => {
	const small = 256 * KB;
	const big = 2 * MB;
	for (const [name, unit] of Object.entries(ADVERSARIAL)) {
		redactString(fill(unit, 16 * KB)); // compile the patterns and the scanner
		const smallText = fill(unit, small);
		const bigText = fill(unit, big);
		const tSmall = Math.min(
			cpuMs(() => redactString(smallText)),
			cpuMs(() => redactString(smallText)),
		);
		const tBig = cpuMs(() => redactString(bigText));
		t.diagnostic(`${name}: ${((tBig / big) * MB).toFixed(0)} ms per MB`);
		// 8x the input: linear work takes about 8x; backtracking over the input would take 64x or more. The
		// floor keeps a few milliseconds of timer and GC noise on the small input from deciding.
		assert.ok(tBig < 24 * Math.max(tSmall, 4), `${name}: ${tSmall.toFixed(1)} ms for 256 KB, ${tBig.toFixed(1)} ms for 2 MB`);
	}
});

test('a 10 MB metadata value exports in under 2 s of CPU, in every format', (t) => {
	for (const [name, unit] of [
		['letters', 'abcdefghij'],
		['mixed', ADVERSARIAL.mixed],
	] as const) {
		const metadata = {error: fill(unit, 10 * MB)};
		let rendered = 0;
		const ms = cpuMs(() => {
			const doc = buildExportDocument({
				at: new Date(0),
				window: '24h',
				filter: null,
				summaries: [],
				source: {path: 'm.jsonl', linesRead: 1, linesRejected: 0, rejectReasons: new Map()},
				extra: {recent_failures: [{metadata: redact(metadata)}]},
			});
			for (const format of EXPORT_FORMATS) rendered += renderExport(doc, format).length;
		});
		t.diagnostic(`10 MB of ${name}: ${ms.toFixed(0)} ms CPU (redact and render json, csv, md)`);
		assert.ok(rendered > 10 * MB * 0.9, 'the JSON carries the value');
		assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms`);
	}
});
