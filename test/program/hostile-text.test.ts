import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {describeError, missingMetricsHint} from '../../source/commands/describe-error.js';
import {runCli} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

/** Where the real CLI runs, its stdout and stderr piped, as a script (or a terminal) would receive them. */
const dir = tempDir('ddc-top-hostile-');

// Everything a terminal would obey (C0 but the line feed, DEL, C1) and the bidi overrides.
const OBEYED = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const now = Date.now() / 1000;
const C1_NAME = 'csi\u009B2Jname';
const BIDI_NAME = 'rtl\u202Eeman';

test('--once --json writes C1 controls and bidi overrides as \\u escapes; the names read back exactly', async () => {
	const file = join(dir, 'names.jsonl');
	writeFileSync(file, [C1_NAME, BIDI_NAME].map((operation) => ddcLine({operation, end: now - 5, duration: 0.1, success: true})).join(''));
	const r = await runCli(['--once', '--json', '--no-docker', '--metrics', file], {cwd: dir});
	assert.equal(r.code, 0, r.stderr);
	assert.doesNotMatch(r.stdout, OBEYED);
	assert.match(r.stdout, /csi\\u009b2Jname/);
	assert.match(r.stdout, /rtl\\u202eeman/);
	const doc = JSON.parse(r.stdout) as {statistics: Record<string, unknown>};
	assert.deepEqual(Object.keys(doc.statistics).sort(), [C1_NAME, BIDI_NAME].sort());
	const text = await runCli(['--once', '--no-docker', '--metrics', file], {cwd: dir});
	assert.doesNotMatch(text.stdout, OBEYED);
	assert.match(text.stdout, /csi\\u009b2Jname/, 'the text table shows the mark');
});

test('error messages show what was typed with its controls as marks, never obeyed', async () => {
	const file = join(dir, 'plain.jsonl');
	writeFileSync(file, ddcLine({operation: 'config_load', end: now - 5, duration: 0.1, success: true}));
	const cases: Array<[string[], RegExp]> = [
		[['export', '--no-docker', '--metrics', file, '--out', join(dir, 'no-dir\u001B[2J', 'x.json')], /no-dir␛\[2J/],
		[['--once', '--no-docker', '--metrics', join(dir, 'missing\u001B[2J\u009B31m.jsonl')], /missing␛\[2J\\u009b31m\.jsonl/],
		[['--once', '--no-docker', '--filter', '/(\u001B]0;pwned\u0007/'], /--filter: invalid regular expression: /],
		[['--window', '\u001B[2Jbad'], /␛\[2Jbad/],
		[['export', '--no-docker', '--metrics', join(dir, 'gone\u001B[2J', 'm.jsonl'), '--out', join(dir, 'x.json')], /gone␛\[2J/],
		[['cleanup', '--days', '1', '--yes', '--metrics', join(dir, 'gone\u001B[2J', 'm.jsonl')], /gone␛\[2J/],
	];
	for (const [args, shown] of cases) {
		const r = await runCli(args, {cwd: dir});
		assert.notEqual(r.code, 0, args.join(' '));
		assert.doesNotMatch(r.stderr, OBEYED, JSON.stringify(r.stderr));
		assert.match(r.stderr, shown, JSON.stringify(r.stderr));
		assert.equal(r.stderr.match(/invalid regular expression/gi)?.length ?? 0, args.includes('--filter') ? 1 : 0, 'said once');
	}
});

test('describeError and missingMetricsHint sanitize the paths and messages they quote', () => {
	const error = Object.assign(new Error('x'), {code: 'ENOENT', path: '/tmp/a\u001B[2Jb'});
	assert.equal(describeError(error), 'not found: /tmp/a␛[2Jb');
	assert.equal(describeError(new Error('bad \u009B31m thing\nsecond line')), 'bad \\u009b31m thing');
	assert.doesNotMatch(missingMetricsHint('/x\u001B]0;t\u0007'), OBEYED);
});
