import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {histogramPercentiles} from '../../source/core/ddc-percentile.js';
import type {DdcExportDocument} from '../../source/core/export-document.js';
import {csvText, markdownText, renderCsv, renderJson, renderMarkdown} from '../../source/core/export-render.js';
import {parseFilter} from '../../source/core/filter.js';
import {MetricsIngest} from '../../source/core/ingest.js';
import {WINDOWS} from '../../source/core/latency-windows.js';
import {REDACTED, redact, redactString} from '../../source/core/redact.js';
import {buildSnapshot} from '../../source/core/snapshot.js';
import {defaultExportName, ExportExistsError, writeExportFile} from '../../source/effects/write-export.js';
import {ingestWholeFile} from '../../source/sources/read-file.js';
import {ddcLine, metricsBody} from '../helpers/ddc-lines.js';
import {decodeHistogram} from '../helpers/decode-histogram.js';
import {tempDir} from '../helpers/temp-dir.js';

const AT = new Date(2026, 10, 22, 18, 30, 5, 123);
const nowSeconds = AT.getTime() / 1000;
const FAKE_BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';

/** A real file read the way export reads it, with failures that carry secrets in their metadata. */
async function loadIngest(dir: string): Promise<{ingest: MetricsIngest; file: string}> {
	const file = path.join(dir, 'performance_metrics.jsonl');
	const secretFailure = ddcLine({
		operation: 'token_decrypt',
		end: nowSeconds - 30,
		duration: 0.25,
		success: false,
		metadata: {
			container: 'ddc',
			api_key: 'k-123-secret',
			Authorization: 'Bot plain-secret-auth',
			session_id: 'sess-secret',
			nested: {db_password: 'hunter2-secret', list: [{cookie: 'c-secret'}]},
			error: `login failed for ${FAKE_BOT_TOKEN} via https://admin:pw-secret@proxy.local/`,
		},
	});
	writeFileSync(file, metricsBody({nowSeconds, old: 3000, recent: 20_000, malformed: 3, oldAgeDays: 0.5}) + secretFailure);
	const ingest = new MetricsIngest();
	await ingestWholeFile(file, ingest, nowSeconds);
	return {ingest, file};
}

function snapshot(ingest: MetricsIngest, file: string, options: Partial<Parameters<typeof buildSnapshot>[0]> = {}): DdcExportDocument {
	const result = buildSnapshot({
		ingest,
		window: '24h',
		filter: null,
		path: file,
		at: AT,
		withMetadata: false,
		version: '9.9.9',
		...options,
	});
	assert.ok(result.ok);
	return result.doc;
}

const DDC_KEYS = [
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
];

/** What a DDC tool reading `export_to_json` output relies on, checked strictly. */
function readAsDdc(text: string): Record<string, Record<string, unknown>> {
	const doc = JSON.parse(text) as Record<string, unknown>;
	assert.match(String(doc.exported_at), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
	assert.ok(doc.operation_filter === null || typeof doc.operation_filter === 'string');
	const statistics = doc.statistics as Record<string, Record<string, unknown>>;
	assert.equal(typeof statistics, 'object');
	for (const [name, stats] of Object.entries(statistics)) {
		assert.deepEqual(Object.keys(stats).sort(), [...DDC_KEYS].sort(), name);
		assert.equal(stats.operation, name);
		for (const key of DDC_KEYS.filter((k) => k.endsWith('_calls'))) assert.ok(Number.isInteger(stats[key]), `${name}.${key}`);
		for (const key of DDC_KEYS.filter((k) => k.endsWith('_duration'))) {
			assert.ok(typeof stats[key] === 'number' && Number.isFinite(stats[key]), `${name}.${key}`);
		}
	}
	return statistics;
}

test('a written JSON export reads as DDC export_to_json output, and its histograms give the same percentiles', async () => {
	const dir = tempDir();
	const {ingest, file} = await loadIngest(dir);
	for (const window of WINDOWS) {
		const doc = snapshot(ingest, file, {window});
		const target = path.join(dir, defaultExportName('json', AT));
		await writeExportFile(target, renderJson(doc), {force: true});
		const text = readFileSync(target, 'utf8');
		assert.ok(text.endsWith('}\n'));
		const statistics = readAsDdc(text);
		const parsed = JSON.parse(text) as DdcExportDocument;
		assert.equal(parsed.exported_at, '2026-11-22T18:30:05.123000');
		assert.equal(parsed.ddc_top.window, window);
		assert.equal(parsed.ddc_top.version, '9.9.9');
		assert.equal(parsed.ddc_top.source.lines_rejected, 3);
		const inMemory = new Map(ingest.stats.summaries(window).map((s) => [s.operation, s]));
		assert.ok(Object.keys(statistics).length >= 4, window);
		for (const [name, stats] of Object.entries(parsed.statistics)) {
			const extra = parsed.ddc_top.operations[name];
			assert.ok(extra.histogram, `${window} ${name}`);
			const h = decodeHistogram(extra.histogram);
			const clamp = (v: number) => Math.min(stats.max_duration, Math.max(stats.min_duration, v));
			assert.equal(h.totalCount, stats.total_calls, `${window} ${name} count`);
			// DDC's interpolation from the histogram agrees with the exported figures (exact where they came
			// from raw durations) within the histogram's precision: 0.1 %, or a microsecond for tiny values.
			const fromHistogram = histogramPercentiles(h, [50, 95, 99, 99.9], stats.min_duration, stats.max_duration).map(clamp);
			[stats.p50_duration, stats.p95_duration, stats.p99_duration, extra.p999_duration].forEach((v, i) => {
				assert.ok(Math.abs(fromHistogram[i] - v) <= 0.001 * v + 1e-6, `${window} ${name} #${i}: ${fromHistogram[i]} vs ${v}`);
			});
			const mem = inMemory.get(name);
			assert.ok(mem);
			assert.equal(stats.p95_duration, mem.p95);
			assert.equal(stats.total_calls, mem.calls);
		}
	}
});

test('the 1h window leaves out operations without a call in it, like DDC get_stats', async () => {
	const dir = tempDir();
	const file = path.join(dir, 'm.jsonl');
	writeFileSync(
		file,
		ddcLine({operation: 'recent', end: nowSeconds - 10, duration: 0.1}) +
			ddcLine({operation: 'older', end: nowSeconds - 7200, duration: 0.1}),
	);
	const ingest = new MetricsIngest();
	await ingestWholeFile(file, ingest, nowSeconds);
	assert.deepEqual(Object.keys(snapshot(ingest, file, {window: '1h'}).statistics), ['recent']);
	assert.deepEqual(Object.keys(snapshot(ingest, file, {window: 'all'}).statistics), ['older', 'recent']);
});

test('filters select operations by substring or /regex/; a bad regex is an error value', async () => {
	const dir = tempDir();
	const {ingest, file} = await loadIngest(dir);
	const docker = snapshot(ingest, file, {filter: 'DOCKER'});
	assert.deepEqual(Object.keys(docker.statistics), ['docker_action', 'docker_list']);
	assert.equal(docker.operation_filter, 'DOCKER');
	const regex = snapshot(ingest, file, {filter: '/^(config|mech)_/'});
	assert.deepEqual(Object.keys(regex.statistics), ['config_load', 'mech_state']);
	const bad = buildSnapshot({ingest, window: '24h', filter: '/(unclosed/', path: file, at: AT, withMetadata: false, version: 'x'});
	assert.equal(bad.ok, false);
	assert.ok(!bad.ok && /invalid regular expression/.test(bad.error));
	const parsed = parseFilter('/[/');
	assert.equal(parsed.ok, false);
	const slash = parseFilter('/');
	assert.ok(slash.ok && slash.test('a/b'), 'a lone slash is plain text');
});

test('with metadata, recent failures are exported with secrets redacted; without, no metadata at all', async () => {
	const dir = tempDir();
	const {ingest, file} = await loadIngest(dir);
	const text = renderJson(snapshot(ingest, file, {withMetadata: true}));
	for (const secret of ['k-123-secret', 'plain-secret-auth', 'sess-secret', 'hunter2-secret', 'c-secret', FAKE_BOT_TOKEN, 'pw-secret']) {
		assert.ok(!text.includes(secret), `leaked ${secret}`);
	}
	const doc = JSON.parse(text) as DdcExportDocument;
	const failures = doc.ddc_top.operations.token_decrypt.recent_failures as Array<{metadata: Record<string, unknown>; duration: number}>;
	assert.equal(failures.length, 1);
	assert.equal(failures[0].duration, 0.25);
	assert.equal(failures[0].metadata.container, 'ddc');
	assert.equal(failures[0].metadata.api_key, REDACTED);
	assert.match(String(failures[0].metadata.error), /login failed for \[redacted\] via https:\/\/\[redacted\]@proxy\.local\//);
	assert.equal(doc.ddc_top.operations.docker_action.recent_failures?.length, 20, 'the newest 20 failures kept');
	assert.deepEqual(doc.ddc_top.operations.docker_list.recent_failures, []);

	const plain = renderJson(snapshot(ingest, file));
	assert.ok(!plain.includes('recent_failures'));
	assert.ok(!plain.includes('"container": "ddc"'));
});

test('redact: secret-looking keys at any depth, token-shaped strings anywhere', () => {
	const input = {
		Token: 1,
		PASSWD: 'x',
		client_secret: 'x',
		apiKey: 'x',
		authorization: {scheme: 'Bot'},
		Cookie: 'x',
		SESSION_ID: 'x',
		container: 'web',
		items: [{refresh_token: 'x', ok: 'fine'}, `header Bearer abcdef0123456789`],
		deep: {deeper: {note: `uses ${FAKE_BOT_TOKEN}`}},
	};
	const out = redact(input) as typeof input;
	for (const key of ['Token', 'PASSWD', 'client_secret', 'apiKey', 'authorization', 'Cookie', 'SESSION_ID'] as const) {
		assert.equal(out[key], REDACTED, key);
	}
	assert.equal(out.container, 'web');
	assert.deepEqual(out.items[0], {refresh_token: REDACTED, ok: 'fine'});
	assert.equal(out.items[1], `header Bearer ${REDACTED}`);
	assert.equal(out.deep.deeper.note, `uses ${REDACTED}`);
	assert.equal(input.PASSWD, 'x', 'the input is not changed');
	assert.equal(redactString('plain words, v1.2.3, 12.5ms'), 'plain words, v1.2.3, 12.5ms');
	// JSON can nest deeper than a stack; redaction stops at a fixed depth instead of overflowing.
	let nested: unknown = 'leaf';
	for (let i = 0; i < 10_000; i++) nested = [nested];
	assert.doesNotThrow(() => redact(nested));
});

test('export files are 0600 and are not overwritten without force', async () => {
	const dir = tempDir();
	const target = path.join(dir, 'snap.json');
	const old = process.umask(0o000);
	try {
		await writeExportFile(target, 'first\n');
	} finally {
		process.umask(old);
	}
	assert.equal(statSync(target).mode & 0o777, 0o600);
	await assert.rejects(writeExportFile(target, 'second\n'), ExportExistsError);
	assert.equal(readFileSync(target, 'utf8'), 'first\n');
	await writeExportFile(target, 'third\n', {force: true});
	assert.equal(readFileSync(target, 'utf8'), 'third\n');
	assert.equal(statSync(target).mode & 0o777, 0o600);
	assert.deepEqual(readdirSync(dir), ['snap.json'], 'no temp file left behind');
	assert.equal(existsSync(path.join(dir, defaultExportName('md', AT))), false);
	assert.equal(defaultExportName('md', AT), 'ddc-top-snapshot-20261122-183005.md');
});

/** RFC 4180 reader, enough to check what we write parses back. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	assert.equal(cell + row.join(''), '', 'ends with CRLF');
	return rows;
}

async function hostileIngest(dir: string) {
	const file = path.join(dir, 'm.jsonl');
	const names = ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', 'a,b "quoted"', 'pipe|name', 'esc\u001b[2Jape', 'plain_op'];
	writeFileSync(file, names.map((operation, i) => ddcLine({operation, end: nowSeconds - 5, duration: 0.0123 + i / 1000})).join(''));
	const ingest = new MetricsIngest();
	await ingestWholeFile(file, ingest, nowSeconds);
	return {ingest, file, names};
}

test('CSV: one row per operation in seconds, RFC 4180 quoting, formulas neutralised', async () => {
	const dir = tempDir();
	const {ingest, file} = await hostileIngest(dir);
	const rows = parseCsv(renderCsv(snapshot(ingest, file)));
	assert.deepEqual(rows[0], [
		'operation',
		'calls',
		'ok',
		'failed',
		'min_s',
		'avg_s',
		'max_s',
		'p50_s',
		'p95_s',
		'p99_s',
		'p999_s',
		'last_hour',
		'last_24h',
	]);
	assert.equal(rows.length, 9);
	const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
	for (const name of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)']) assert.ok(byName.has(`'${name}`), name);
	assert.ok(byName.has('a,b "quoted"'));
	assert.ok(byName.has('esc␛[2Jape'), 'escape sequences shown as visible marks, never raw');
	const plain = byName.get('plain_op');
	assert.ok(plain);
	assert.equal(plain.length, 13);
	assert.deepEqual(plain.slice(1, 4), ['1', '1', '0']);
	assert.equal(plain[4], '0.019300');
	assert.deepEqual([plain[11], plain[12]], ['1', '1']);
	assert.equal(csvText('ok'), 'ok');
	// Spaces at the start show as marks (sanitize), so no spreadsheet can strip them and find a formula.
	assert.equal(csvText('  =1'), '\\u0020\\u0020=1');
	assert.equal(csvText('\t=1'), '␉=1');
});

test('Markdown: a header line and a table whose cells cannot break out', async () => {
	const dir = tempDir();
	const {ingest, file} = await hostileIngest(dir);
	const md = renderMarkdown(snapshot(ingest, file, {filter: '/./'}));
	const [head, blank, ...table] = md.trimEnd().split('\n');
	assert.match(head, /window: 24h · filter: \/\.\/ · exported_at: 2026-11-22T18:30:05\.123000 · source: /);
	assert.equal(blank, '');
	const columns = (line: string) => line.split(/(?<!\\)\|/).length;
	assert.equal(table.length, 2 + 8);
	for (const line of table) assert.equal(columns(line), columns(table[0]), line);
	assert.ok(md.includes('pipe\\|name'));
	assert.ok(md.includes('| plain_op | 1 | 1 | 0 | 19.3ms |'));
	assert.ok(!md.includes('\u001b'));
	assert.equal(markdownText('_x_ a_b <b>'), '\\_x\\_ a_b \\<b\\>');
});
