/**
 * Issue #15 §2 on a real file followed by the local tailer into the store, on an injected clock (no hour
 * is waited: the lines carry old end_times): a file just opened whose newest line is two hours old is stale
 * at once and the status line says "no new lines since HH:MM"; one whose instrumentation stopped days ago
 * says the date too; a new line makes it following again; a recent file is following.
 */
import assert from 'node:assert/strict';
import {appendFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {sourceHealth} from '../../source/core/source-state.js';
import {createMetricsFileSource} from '../../source/sources/metrics-file.js';
import {createStore} from '../../source/state/store.js';
import {statusLine} from '../../source/ui/dashboard/status-line.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

/** Local wall-clock time -> epoch ms. */
const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).getTime();

/** A real file followed into a store whose clock the test holds. */
async function followed(body: string, nowMs: number) {
	const file = path.join(tempDir(), 'performance_metrics.jsonl');
	writeFileSync(file, body);
	let now = nowMs;
	const store = createStore({clock: () => now, metricsPath: file, dockerEnabled: false});
	const source = createMetricsFileSource({path: file, checkIntervalMs: 50});
	source.start(store.ingest);
	const lines = body.split('\n').length - 1;
	const view = () => {
		store.publish();
		const {file: status, now: at} = store.getSnapshot();
		return {health: sourceHealth(status.state, status.lastEndTime, at), status: stripVTControlCharacters(statusLine(status, at, 160))};
	};
	await waitFor(
		() => store.getSnapshot().file.state.kind === 'following' && store.getSnapshot().file.linesRead === lines,
		10_000,
		'the file read',
	);
	return {file, source, view, setNow: (ms: number) => (now = ms)};
}

test('a file just opened whose newest line is over an hour old is stale at once: "no new lines since HH:MM"', async () => {
	const now = local(2026, 11, 30, 15, 0);
	const last = local(2026, 11, 30, 13, 2) / 1000;
	const body = [
		ddcLine({operation: 'config_load', end: last - 600, duration: 0.2}),
		ddcLine({operation: 'docker_list', end: last, duration: 0.4}),
	];
	const f = await followed(body.join(''), now);
	try {
		const v = f.view();
		assert.deepEqual(v.health, {state: 'stale', lastLineAgeS: 2 * 3600 - 120});
		assert.match(v.status, / · no new lines since 13:02 · 2 lines/);
		assert.doesNotMatch(v.status, /following/);

		// DDC writes again: following, as soon as the line is read.
		appendFileSync(f.file, ddcLine({operation: 'docker_list', end: now / 1000 - 5, duration: 0.3}));
		await waitFor(() => f.view().health.state === 'following', 10_000, 'the new line read');
		assert.equal(f.view().health.lastLineAgeS, 5);
		assert.match(f.view().status, / · following · 3 lines/);

		// Nothing more for over an hour by the clock: stale again, with no event from the file at all.
		f.setNow(now + 3602_000);
		assert.match(f.view().status, / · no new lines since 14:59 · 3 lines/);
	} finally {
		await f.source.stop();
	}
});

test('instrumentation stopped days ago: the date is said; a recent file is following', async () => {
	const old = await followed(
		ddcLine({operation: 'mech_state', end: local(2026, 11, 27, 14, 2) / 1000, duration: 0.1}),
		local(2026, 11, 30, 9, 0),
	);
	try {
		assert.equal(old.view().health.state, 'stale');
		assert.match(old.view().status, /no new lines since 2026-11-27 14:02/);
	} finally {
		await old.source.stop();
	}
	const now = local(2026, 11, 30, 9, 0);
	const fresh = await followed(ddcLine({operation: 'mech_state', end: now / 1000 - 600, duration: 0.1}), now);
	try {
		assert.deepEqual(fresh.view().health, {state: 'following', lastLineAgeS: 600});
		assert.doesNotMatch(fresh.view().status, /no new lines/);
	} finally {
		await fresh.source.stop();
	}
});
