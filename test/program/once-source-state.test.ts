/**
 * Issue #15 §2: `--once --json` says the file's health as `ddc_top.source.state` and the age of its newest
 * line as `ddc_top.source.last_line_age_s`, on the clock given (a fixed one here): following, stale past an
 * hour, not_recording (null age) when nothing is where ddc-top looked. The fields that were there stay.
 */
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import type {Config} from '../../source/config.js';
import {runOnce} from '../../source/once.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW_S = 1_780_000_000;

async function onceJson(extra: Partial<Config>) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (c: Buffer) => (out += c));
	stderr.on('data', (c: Buffer) => (err += c));
	const config: Config = {
		metricsPath: '',
		window: '24h',
		filter: '',
		intervalMs: 1000,
		docker: false,
		poll: false,
		demo: false,
		once: true,
		json: true,
		...extra,
	};
	const code = await runOnce({config, clock: () => NOW_S * 1000, stdout, stderr});
	return {code, err, source: code === 0 ? JSON.parse(out).ddc_top.source : undefined};
}

function fileWith(ageS: number): string {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	writeFileSync(
		file,
		ddcLine({operation: 'config_load', end: NOW_S - ageS - 30, duration: 0.2}) +
			ddcLine({operation: 'docker_list', end: NOW_S - ageS, duration: 0.5}),
	);
	return file;
}

test('--once --json: ddc_top.source.state and last_line_age_s beside the fields it had', async () => {
	const recent = await onceJson({metricsPath: fileWith(120)});
	assert.equal(recent.code, 0, recent.err);
	assert.deepEqual(Object.keys(recent.source), ['path', 'lines_read', 'lines_rejected', 'rejected_by_reason', 'state', 'last_line_age_s']);
	assert.equal(recent.source.lines_read, 2);
	assert.equal(recent.source.state, 'following');
	assert.equal(recent.source.last_line_age_s, 120);

	const stale = await onceJson({metricsPath: fileWith(3 * 3600)});
	assert.equal(stale.source.state, 'stale');
	assert.equal(stale.source.last_line_age_s, 3 * 3600);
	assert.equal(stale.source.lines_read, 2, 'the numbers are read all the same');
});

test('--once --json with nothing where ddc-top looked: not_recording, no age, exit 0', async () => {
	const missing = path.join(tempDir(), 'data', 'metrics', 'performance_metrics.jsonl');
	const r = await onceJson({metricsPath: missing, metricsDefault: true});
	assert.equal(r.code, 0);
	assert.match(r.err, /DDC is not recording metrics/);
	assert.equal(r.source.state, 'not_recording');
	assert.equal(r.source.last_line_age_s, null);
	assert.equal(r.source.lines_read, 0);
	assert.equal(r.source.path, missing, 'the path looked at, not an empty stand-in');
});
