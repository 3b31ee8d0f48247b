/**
 * Issue #15 §2: the metrics file's health in one word, the age of its newest line and "no new lines since",
 * on injected clocks in local time (dates are built with the local-time Date constructor, so the test holds
 * in any TZ); and where ddc-top says it looked, both places in the auto case.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {containerPlace, DDC_CONTAINER_METRICS, lookedAt, notRecordingText} from '../../source/core/container-file-target.js';
import type {TailState} from '../../source/core/samples.js';
import {lastLineAgeS, SOURCE_STATES, STALE_AFTER_S, sinceText, sourceHealth, staleText} from '../../source/core/source-state.js';

/** Local wall-clock time -> epoch ms. */
const local = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();
const NOW = local(2026, 11, 30, 21, 5, 30);
const following: TailState = {kind: 'following'};

test('the age of the newest line: from its end_time to the clock given, whole seconds; none without a line', () => {
	assert.equal(lastLineAgeS(NOW / 1000 - 90.7, NOW), 90);
	assert.equal(lastLineAgeS(undefined, NOW), null);
	assert.equal(lastLineAgeS(Number.NEGATIVE_INFINITY, NOW), null, 'an ingest that read nothing');
	assert.equal(lastLineAgeS(NOW / 1000 + 30, NOW), 0, 'a line from the future (clock skew) is not negative');
});

test('following turns stale past an hour without a new line, by the clock given, not by when the line arrived', () => {
	const at = (ageS: number) => sourceHealth(following, NOW / 1000 - ageS, NOW);
	assert.deepEqual(at(STALE_AFTER_S), {state: 'following', lastLineAgeS: 3600});
	assert.deepEqual(at(STALE_AFTER_S + 1), {state: 'stale', lastLineAgeS: 3601});
	assert.deepEqual(sourceHealth(following, undefined, NOW), {state: 'following', lastLineAgeS: null}, 'an empty file is not stale');
	// The same file a minute later on a clock that moved an hour: stale without a single new event.
	const line = NOW / 1000 - 60;
	assert.equal(sourceHealth(following, line, NOW).state, 'following');
	assert.equal(sourceHealth(following, line, NOW + 3600_000).state, 'stale');
	// Catching up on a file whose last line is days old is reading, not yet stale.
	assert.equal(sourceHealth({kind: 'reading', bytesRead: 10, size: 100}, line - 5 * 86_400, NOW).state, 'reading');
});

test('every tail state maps to one documented state; the container causes are their own', () => {
	const cases: Array<[TailState, string]> = [
		[{kind: 'opening'}, 'opening'],
		[{kind: 'waiting'}, 'not_recording'],
		[{kind: 'deleted'}, 'deleted'],
		[{kind: 'not-regular', what: 'a directory'}, 'not_regular'],
		[{kind: 'error', message: 'x'}, 'error'],
		[{kind: 'error', message: 'container ddc is exited', cause: 'container-stopped'}, 'container_stopped'],
		[{kind: 'error', message: 'no container ddc', cause: 'container-gone'}, 'container_gone'],
	];
	for (const [tail, want] of cases) {
		const {state} = sourceHealth(tail, NOW / 1000 - 7200, NOW);
		assert.equal(state, want, tail.kind);
		assert.ok(state in SOURCE_STATES, `${state} is documented`);
	}
});

test('"no new lines since": the local time alone today, with the date on another day', () => {
	const today = local(2026, 11, 30, 14, 2, 59) / 1000;
	assert.equal(sinceText(today, NOW), '14:02');
	assert.equal(staleText(today, NOW), 'no new lines since 14:02');
	const daysAgo = local(2026, 11, 27, 14, 2) / 1000;
	assert.equal(staleText(daysAgo, NOW), 'no new lines since 2026-11-27 14:02');
	// Yesterday late evening, seen just after midnight: another day, so the date is said.
	const lateYesterday = local(2026, 11, 30, 23, 50) / 1000;
	assert.equal(sinceText(lateYesterday, local(2026, 12, 1, 0, 55)), '2026-11-30 23:50');
	assert.equal(sinceText(local(2026, 12, 1, 0, 5) / 1000, local(2026, 12, 1, 1, 10)), '00:05');
});

test('where ddc-top looked: both the local path and the container path in the auto case', () => {
	const localPath = '/srv/ddc/data/metrics/performance_metrics.jsonl';
	const auto = lookedAt({
		metricsPath: DDC_CONTAINER_METRICS,
		container: {name: 'ddc', auto: {localPath}},
		metricsDefault: true,
		docker: true,
	});
	assert.deepEqual(auto, [localPath, 'container ddc:/app/data/metrics/performance_metrics.jsonl']);
	assert.equal(containerPlace('ddc', DDC_CONTAINER_METRICS), auto[1]);
	const text = notRecordingText(auto);
	assert.match(
		text,
		/^DDC is not recording metrics: no metrics file \(looked at \/srv\/ddc\/data\/metrics\/performance_metrics\.jsonl; container ddc:\/app\//,
	);
	assert.deepEqual(lookedAt({metricsPath: DDC_CONTAINER_METRICS, container: {name: 'bot'}}), [
		'container bot:/app/data/metrics/performance_metrics.jsonl',
	]);
	assert.deepEqual(lookedAt({metricsPath: localPath, metricsDefault: true, docker: true}), [localPath, 'no running container named ddc']);
	assert.deepEqual(lookedAt({metricsPath: localPath, metricsDefault: true, docker: false}), [localPath, 'Docker not asked (--no-docker)']);
	assert.deepEqual(lookedAt({metricsPath: localPath}), [localPath], 'a path given is the only place');
	// Names are untrusted: control characters never reach the terminal.
	assert.doesNotMatch(notRecordingText(lookedAt({metricsPath: '/x', container: {name: 'a\u001b[2Jb'}})), /\u001b/);
});
