import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkReport, type Finding} from '../../source/core/judge/findings.js';
import {renderReport} from '../../source/core/judge/report.js';

const HOSTILE = 'evil\u001b[2J\nline::error::x,%';

const findings: Finding[] = [
	{kind: 'slo', subject: HOSTILE, statistic: 'p95', value: 1.5, limit: 1, change_pct: 50, verdict: 'breach', note: 'limit from x'},
	{
		kind: 'regression',
		subject: 'ok_op',
		statistic: 'p99',
		value: 0.2,
		baseline: 0.1,
		change_pct: 100,
		verdict: 'slower',
		note: 'mann-whitney',
		success_rate: 0.97,
		success_change_points: -2.5,
	},
	{
		kind: 'memory',
		subject: 'ddc',
		statistic: 'growth_mb_per_min',
		value: 7,
		limit: 10,
		change_pct: null,
		verdict: 'watch',
		low: 6,
		high: 8,
	},
	{kind: 'regression', subject: 'same', statistic: 'p95', value: 0.1, baseline: 0.1, change_pct: 0, verdict: 'no significant change'},
];

test('text: untrusted names are shown, never obeyed; a summary line ends the report', () => {
	const text = renderReport(checkReport(findings), 'text');
	assert.doesNotMatch(text, /\u001b/);
	assert.equal(text.split('\n').length, findings.length + 2, 'one line per finding, the summary, the final newline');
	assert.match(text, /^BREACH {17}slo {9}evil␛\[2J␊line::error::x,% p95 1\.50s, limit 1\.00s \(limit from x\)$/m);
	assert.match(text, /^SLOWER .* ok_op p99 200ms, baseline 100ms \(\+100\.0 %\), success 97\.0 % \(-2\.5 points\) \(mann-whitney\)$/m);
	assert.match(text, /^WATCH .* ddc memory 7\.0 MB\/min \[6\.0, 8\.0\]/m);
	assert.match(text, /^check FAILED: 4 findings \(1 breach, 1 slower, 1 watch, 1 no significant change\)\n$/m);
});

test('github: a name cannot end the annotation or start another command', () => {
	const out = renderReport(checkReport(findings), 'github');
	const lines = out.trimEnd().split('\n');
	assert.equal(lines.length, findings.length + 1);
	assert.match(lines[0], /^::error title=ddc-top slo evil␛\[2J␊line%3A%3Aerror%3A%3Ax%2C%25::breach: evil/);
	assert.match(lines[1], /^::error title=ddc-top regression ok_op::slower: /);
	assert.match(lines[2], /^::warning title=ddc-top memory ddc::watch: /);
	assert.match(lines[3], /^no significant change: same p95/);
	assert.ok(lines.slice(0, 4).every((l) => !l.slice(2).includes('\n')));
});

test('json: passed and the findings as they are; a report with no failure passes', () => {
	const doc = JSON.parse(renderReport(checkReport(findings), 'json'));
	assert.equal(doc.passed, false);
	assert.equal(doc.findings[0].subject, HOSTILE, 'JSON carries the name exactly (escaped by JSON)');
	assert.equal(JSON.parse(renderReport(checkReport(findings.slice(2)), 'json')).passed, true, 'watch and no change pass');
});
