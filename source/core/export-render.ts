import type {DdcExportDocument} from './export-document.js';
import {type CellKind, cellNumber, exportSections, readableCell} from './export-sections.js';
import {formatDuration} from './format.js';
import {escapeJsonUnsafe, sanitize} from './sanitize.js';

/**
 * The export document -> file contents. JSON is the complete record (DDC's keys plus ours); CSV and Markdown
 * are the per-operation table for spreadsheets and for pasting into an issue or a chat, followed by the
 * containers and host tables when the document has them. Rows keep the document's order (the view's sort).
 */

export type ExportFormat = 'json' | 'csv' | 'md';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'md'];

/**
 * DDC writes its export with indent 2; a trailing newline keeps `cat` and diffs tidy. C1 controls and
 * invisible format characters in names are written as `\u009b` escapes: the same JSON, safe to `cat`.
 */
export function renderJson(doc: DdcExportDocument): string {
	return `${escapeJsonUnsafe(JSON.stringify(doc, null, 2))}\n`;
}

interface Row {
	name: string;
	calls: number;
	ok: number;
	failed: number;
	min: number;
	avg: number;
	max: number;
	p50: number;
	p95: number;
	p99: number;
	p999: number;
	lastHour: number;
	last24h: number;
}

function rows(doc: DdcExportDocument): Row[] {
	return Object.values(doc.statistics).map((s) => ({
		name: s.operation,
		calls: s.total_calls,
		ok: s.successful_calls,
		failed: s.failed_calls,
		min: s.min_duration,
		avg: s.avg_duration,
		max: s.max_duration,
		p50: s.p50_duration,
		p95: s.p95_duration,
		p99: s.p99_duration,
		p999: doc.ddc_top.operations[s.operation]?.p999_duration ?? 0,
		lastHour: s.last_hour_calls,
		last24h: s.last_24h_calls,
	}));
}

const CSV_HEADER = [
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
];

/**
 * A text cell for CSV. Spreadsheets run a cell starting with = + - @ (after blanks, which some strip)
 * as a formula, and operation names are untrusted: such cells get a leading apostrophe (OWASP's
 * "CSV injection" advice). Then RFC 4180 quoting.
 */
export function csvText(value: string, printable = false): string {
	// `printable`: already sanitized (the detail's texts); a second pass would escape the marks themselves.
	let text = printable ? value : sanitize(value);
	const formula = /^\s*[=+\-@]/.test(text);
	if (formula) text = `'${text}`;
	return formula || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Seconds with microsecond resolution, as DDC measures them; fixed-point so no cell reads `1e-7`. */
function csvSeconds(value: number): string {
	return Number.isFinite(value) ? value.toFixed(6) : '';
}

/** A section's cell: text quoted, seconds as the operations table writes them, other numbers as they are. */
function csvCell(value: unknown, kind: CellKind): string {
	if (kind === 'text' || kind === 'printable') return csvText(String(value ?? ''), kind === 'printable');
	const n = cellNumber(value);
	if (n === undefined) return '';
	return kind === 'seconds' ? csvSeconds(n) : String(n);
}

/** RFC 4180: CRLF line ends, header first. */
export function renderCsv(doc: DdcExportDocument): string {
	const lines = [CSV_HEADER.join(',')];
	for (const r of rows(doc)) {
		lines.push(
			[
				csvText(r.name),
				r.calls,
				r.ok,
				r.failed,
				csvSeconds(r.min),
				csvSeconds(r.avg),
				csvSeconds(r.max),
				csvSeconds(r.p50),
				csvSeconds(r.p95),
				csvSeconds(r.p99),
				csvSeconds(r.p999),
				r.lastHour,
				r.last24h,
			].join(','),
		);
	}
	// Each further table after an empty line, with its own header, so a spreadsheet shows them one below the other.
	for (const section of exportSections(doc)) {
		lines.push('', section.columns.map((c) => c.key).join(','));
		for (const row of section.rows) {
			lines.push(section.columns.map((c) => csvCell(row[c.field], c.kind)).join(','));
		}
	}
	return `${lines.join('\r\n')}\r\n`;
}

/**
 * Untrusted text inside a Markdown table cell: sanitized, then every character that could end the cell,
 * start a link, code span, HTML tag or emphasis is escaped. `_` between letters is left alone: CommonMark
 * never reads it as emphasis there, and `config_load` stays readable in the raw text.
 */
export function markdownText(value: string, printable = false): string {
	return (printable ? value : sanitize(value))
		.replace(/[\\`*[\]<>|~#!]/g, (c) => `\\${c}`)
		.replace(/_/g, (c, offset: number, s: string) =>
			/[\p{L}\p{N}]/u.test(s[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[offset + 1] ?? '') ? c : `\\${c}`,
		);
}

const MD_HEADER =
	'| operation | calls | ok | failed | min | avg | p50 | p95 | p99 | p99.9 | max | last 1h | last 24h |\n' +
	'|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';

export function renderMarkdown(doc: DdcExportDocument): string {
	const filter = doc.ddc_top.filter === null ? 'none' : markdownText(doc.ddc_top.filter);
	const head =
		`**ddc-top snapshot** · window: ${markdownText(doc.ddc_top.window)} · filter: ${filter}` +
		` · exported_at: ${markdownText(doc.exported_at)} · source: ${markdownText(doc.ddc_top.source.path)}`;
	const body = rows(doc).map((r) =>
		[
			markdownText(r.name),
			r.calls,
			r.ok,
			r.failed,
			...[r.min, r.avg, r.p50, r.p95, r.p99, r.p999, r.max].map((v) => (r.calls > 0 ? formatDuration(v) : '-')),
			r.lastHour,
			r.last24h,
		].join(' | '),
	);
	const table = body.length === 0 ? '_No operations in this window._' : `${MD_HEADER}\n${body.map((b) => `| ${b} |`).join('\n')}`;
	const sections = exportSections(doc).map((section) => {
		const header =
			`| ${section.columns.map((c) => c.label).join(' | ')} |\n` +
			`|${section.columns.map((c) => (c.kind === 'text' || c.kind === 'printable' ? ':--' : '--:')).join('|')}|`;
		const cells = section.rows.map(
			(row) => `| ${section.columns.map((c) => markdownText(readableCell(row[c.field], c.kind), c.kind === 'printable')).join(' | ')} |`,
		);
		// Titles can hold an operation's name (export --op): escaped as any cell is.
		return `\n### ${markdownText(section.title)}\n\n${cells.length === 0 ? '_None._' : `${header}\n${cells.join('\n')}`}\n`;
	});
	return `${head}\n\n${table}\n${sections.join('')}`;
}

export function renderExport(doc: DdcExportDocument, format: ExportFormat): string {
	if (format === 'csv') return renderCsv(doc);
	if (format === 'md') return renderMarkdown(doc);
	return renderJson(doc);
}
