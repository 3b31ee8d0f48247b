import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {createDockerSource} from '../../source/sources/docker.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

test('the Docker source tells, with every status, how long its samples stay current for its refresh interval', async () => {
	// A socket path nothing listens on: no daemon is reached, the source reports it unavailable.
	const host = `unix://${path.join(tempDir(), 'none.sock')}`;
	const events: SourceEvent[] = [];
	const source = createDockerSource({host, clock: () => 0, refreshIntervalMs: 5000, retryDelaysMs: [60_000], env: {}});
	source.start((e) => events.push(e));
	try {
		await waitFor(
			() => events.some((e) => e.type === 'docker-status' && e.status.kind === 'unavailable'),
			10_000,
			'the unavailable status',
		);
	} finally {
		await source.stop();
	}
	const statuses = events.filter((e) => e.type === 'docker-status');
	assert.deepEqual(
		statuses.map((e) => [e.status.kind, e.sampleCurrentMs]),
		[
			['connecting', 6000],
			['unavailable', 6000],
		],
	);
});

test('with the default 1 s refresh a sample stays current 2 s, as docker stats', async () => {
	const events: SourceEvent[] = [];
	const source = createDockerSource({host: 'unix:///nonexistent/ddc-top-test.sock', clock: () => 0, retryDelaysMs: [60_000], env: {}});
	source.start((e) => events.push(e));
	await source.stop();
	const first = events[0];
	assert.ok(first?.type === 'docker-status' && first.status.kind === 'connecting');
	assert.equal(first.sampleCurrentMs, 2000);
});
