// Redaction cost per MB on adversarial text (each shape makes a backtracking pattern try at every
// position); in process, redact() of a 10 MB metadata value and the export rendered from it; as a whole
// process, `export --with-metadata` of a file whose one failure holds the largest value a line can carry
// (just under the line limit), and of one holding 10 MB, which the reader rejects as too long.
// Baselines run alongside: JSON.stringify of the same text, and the same export without --with-metadata.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {measuredRun} from './measured-run.js';

const BIN = fileURLToPath(new URL('../bin/ddc-top.js', import.meta.url));
const MB = 1024 * 1024;
const fill = (unit, size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const SHAPES = {
	letters: 'abcdefghij',
	'short dotted words': 'a.',
	colons: 'a:',
	'quoted secret keys': '"password": "',
	'URL user info': 'a://b:',
	'PEM blocks': '-----BEGIN PRIVATE KEY-----x-----END',
	flags: '--token ',
	'header schemes': 'Authorization: token ',
	mixed: 'token=a b:c "d" e.f-g_h/i?j&k=l ',
};

function cpuMs(fn) {
	const start = process.cpuUsage();
	fn();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

export async function benchRedact() {
	const {redact, redactString} = await import('../dist/source/core/redact.js');
	const {buildExportDocument} = await import('../dist/source/core/export-document.js');
	const {EXPORT_FORMATS, renderExport} = await import('../dist/source/core/export-render.js');
	const {MAX_LINE_BYTES} = await import('../dist/source/core/line-limit.js');
	console.log('\nredaction, CPU ms per MB (8 MB of each shape; JSON.stringify of the same text alongside)');
	for (const [name, unit] of Object.entries(SHAPES)) {
		const text = fill(unit, 8 * MB);
		redactString(fill(unit, 64 * 1024));
		const ms = cpuMs(() => redactString(text));
		const base = cpuMs(() => JSON.stringify(text));
		console.log(
			`  ${name.padEnd(20)} ${(ms / 8).toFixed(0).padStart(5)} ms/MB   JSON.stringify ${(base / 8).toFixed(1).padStart(5)} ms/MB`,
		);
	}

	// In process: the cost of the redaction itself, on a value larger than any line the reader accepts.
	console.log(
		'\nin process, no file: redact() of a 10 MB metadata value, then the document rendered as json, csv and md' +
			' (CPU ms; only json carries metadata)',
	);
	for (const name of ['letters', 'mixed']) {
		const metadata = {error: fill(SHAPES[name], 10 * MB)};
		let redacted;
		const redactMs = cpuMs(() => {
			redacted = redact(metadata);
		});
		let rendered = 0;
		const renderMs = cpuMs(() => {
			const doc = buildExportDocument({
				at: new Date(0),
				window: '24h',
				filter: null,
				summaries: [],
				source: {path: 'm.jsonl', linesRead: 1, linesRejected: 0, rejectReasons: new Map()},
				extra: {recent_failures: [{metadata: redacted}]},
			});
			for (const format of EXPORT_FORMATS) rendered += renderExport(doc, format).length;
		});
		if (rendered < 9 * MB) throw new Error(`10 MB of ${name}: the rendered export does not carry the value`);
		const base = cpuMs(() => JSON.stringify(metadata));
		console.log(
			`  10 MB of ${name.padEnd(8)} redact ${redactMs.toFixed(0).padStart(4)} ms + render ${renderMs.toFixed(0).padStart(4)} ms` +
				` = ${(redactMs + renderMs).toFixed(0).padStart(4)} ms   JSON.stringify ${base.toFixed(0)} ms`,
		);
	}

	// A whole process reads the value from a file, where a line is at most MAX_LINE_BYTES: the largest value
	// an export can meet is just under that. A 10 MB value in a file is a too-long line, skipped unread.
	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-bench-redact-'));
	try {
		const now = Date.now() / 1000;
		const lineFor = (valueBytes) =>
			`${JSON.stringify({
				operation: 'x',
				start_time: now - 2,
				end_time: now - 1,
				duration: 1,
				success: false,
				timestamp: 'x',
				metadata: {error: fill(SHAPES.mixed, valueBytes)},
			})}\n`;
		// JSON escapes the shape's quotes: shrink the value until its whole line, newline excluded, fits.
		let valueBytes = MAX_LINE_BYTES;
		while (Buffer.byteLength(lineFor(valueBytes)) - 1 > MAX_LINE_BYTES) valueBytes -= 4096;
		const cases = [
			{value: valueBytes, rejected: 0},
			{value: 10 * MB, rejected: 1},
		];
		console.log(
			'\nexport as a whole process (wall and CPU time) of a file whose one failure holds a metadata value' +
				` (line limit ${MAX_LINE_BYTES / 1024} KB)`,
		);
		for (const c of cases) {
			const file = path.join(dir, 'm.jsonl');
			const out = path.join(dir, 'out.json');
			writeFileSync(file, lineFor(c.value));
			for (const withMetadata of [false, true]) {
				const args = [BIN, 'export', '--no-docker', '--metrics', file, '--out', out, '--force'];
				if (withMetadata) args.push('--with-metadata');
				const r = measuredRun(args);
				if (r.status !== 0) throw new Error(`export: exit ${r.status}: ${r.stderr.trim()}`);
				const exported = JSON.parse(readFileSync(out, 'utf8')).ddc_top;
				const source = exported.source;
				// The figure is a redaction only if the line was read: none rejected when under the limit.
				if (source.lines_read !== 1 || source.lines_rejected !== c.rejected) {
					throw new Error(
						`export of a ${c.value}-byte value: ${source.lines_read} read, ${source.lines_rejected} rejected, expected 1 and ${c.rejected}`,
					);
				}
				const error = exported.operations.x?.recent_failures?.[0]?.metadata?.error;
				if (withMetadata && !c.rejected && !(typeof error === 'string' && error.length > c.value / 2 && error.includes('[redacted]'))) {
					throw new Error('export --with-metadata: the redacted value is not in the export');
				}
				const what = c.rejected ? `rejected as ${Object.keys(source.rejected_by_reason).join(', ')}, not redacted` : 'read and redacted';
				console.log(
					`  ${(c.value / 1024).toFixed(0).padStart(6)} KB value, ${withMetadata ? 'with' : 'without'} --with-metadata:` +
						` ${r.wallMs.toFixed(0).padStart(5)} ms, CPU ${r.cpuMs.toFixed(0).padStart(4)} ms` +
						` (${withMetadata ? what : 'no metadata exported'}; lines rejected ${source.lines_rejected})`,
				);
			}
		}
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
