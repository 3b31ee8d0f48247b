/**
 * `ddc-top check`'s output formats: text (one line per finding and a summary), JSON ({passed, findings})
 * and GitHub workflow annotations. Names are untrusted: sanitized for the terminal, escaped for annotations.
 */
import {formatDuration} from '../format.js';
import {escapeJsonUnsafe, sanitize} from '../sanitize.js';
import {type CheckReport, FAILING, type Finding, type Verdict, WARNING} from './findings.js';

export type CheckFormat = 'text' | 'json' | 'github';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'github'];

function figure(statistic: string, value: number | null | undefined): string {
	if (value === null || value === undefined) return '-';
	if (statistic === 'success_rate') return `${(value * 100).toFixed(1)} %`;
	if (statistic === 'growth_mb_per_min') return `${value.toFixed(1)} MB/min`;
	return formatDuration(value);
}

const noted = (note: string | undefined): string => (note ? ` (${sanitize(note)})` : '');

const signed = (pct: number | null): string => (pct === null ? '' : ` (${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %)`);

/** The finding in words, without its verdict: "config_load max 1.20s, limit 1.00s (+20.0 %)". */
export function describeFinding(f: Finding): string {
	const subject = sanitize(f.subject);
	switch (f.kind) {
		case 'slo': {
			const floor = f.statistic === 'success_rate';
			return `${subject} ${f.statistic} ${figure(f.statistic, f.value)}, ${floor ? 'floor' : 'limit'} ${figure(f.statistic, f.limit)}${noted(f.note)}`;
		}
		case 'regression': {
			const points = f.success_change_points;
			const success =
				points !== undefined && points !== null && Math.abs(points) >= 0.05 && typeof f.success_rate === 'number'
					? `, success ${(f.success_rate * 100).toFixed(1)} % (${points > 0 ? '+' : ''}${points.toFixed(1)} points)`
					: '';
			return `${subject} ${f.statistic} ${figure(f.statistic, f.value)}, baseline ${figure(f.statistic, f.baseline)}${signed(f.change_pct)}${success}${noted(f.note)}`;
		}
		case 'memory': {
			const ci = f.low !== undefined && f.high !== undefined ? ` [${f.low.toFixed(1)}, ${f.high.toFixed(1)}]` : '';
			const eta = f.minutes_to_limit !== undefined ? `, limit in ${f.minutes_to_limit.toFixed(0)} min` : '';
			return `${subject} memory ${figure(f.statistic, f.value)}${ci}${eta}${noted(f.note)}`;
		}
	}
}

/** Failures first, then warnings, then the rest. */
const SUMMARY_ORDER: readonly Verdict[] = [
	'breach',
	'slower',
	'leak',
	'near',
	'watch',
	'ok',
	'faster',
	'no significant change',
	'too few calls',
];

function summary(report: CheckReport): string {
	const counts = new Map<string, number>(SUMMARY_ORDER.map((v) => [v, 0]));
	for (const f of report.findings) counts.set(f.verdict, (counts.get(f.verdict) ?? 0) + 1);
	const parts = [...counts]
		.filter(([, n]) => n > 0)
		.map(([verdict, n]) => `${n} ${verdict}`)
		.join(', ');
	const n = report.findings.length;
	return `check ${report.passed ? 'passed' : 'FAILED'}: ${n} finding${n === 1 ? '' : 's'}${parts ? ` (${parts})` : ''}`;
}

export function renderText(report: CheckReport, notes: readonly string[] = []): string {
	const width = Math.max(0, ...report.findings.map((f) => f.verdict.length));
	const lines = report.findings.map((f) => `${f.verdict.toUpperCase().padEnd(width)}  ${f.kind.padEnd(10)}  ${describeFinding(f)}`);
	return `${[...notes.map((n) => `note: ${sanitize(n)}`), ...lines, summary(report)].join('\n')}\n`;
}

export function renderJsonReport(report: CheckReport): string {
	return `${escapeJsonUnsafe(JSON.stringify(report, null, 2))}\n`;
}

/** Workflow-command data escaping: % and line breaks; in properties also : and ,. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `::error title=...::message` for failures, `::warning` for near / watch, plain lines for the rest (they
 * show in the log, not as annotations), then the summary.
 */
export function renderGithub(report: CheckReport, notes: readonly string[] = []): string {
	const lines = report.findings.map((f) => {
		const text = `${f.verdict}: ${describeFinding(f)}`;
		const level = FAILING.has(f.verdict) ? 'error' : WARNING.has(f.verdict) ? 'warning' : undefined;
		if (!level) return text;
		return `::${level} title=${escapeProperty(`ddc-top ${f.kind} ${sanitize(f.subject)}`)}::${escapeData(text)}`;
	});
	return `${[...notes.map((n) => `note: ${sanitize(n)}`), ...lines, summary(report)].join('\n')}\n`;
}

export function renderReport(report: CheckReport, format: CheckFormat, notes: readonly string[] = []): string {
	if (format === 'json') return renderJsonReport(report);
	return format === 'github' ? renderGithub(report, notes) : renderText(report, notes);
}
