/**
 * serve's stats streams (newestStatsOnly) against the PRIVATE engine: samples that dockerd sent while a stream
 * was held are read together at the next refresh, and only the newest of them is reported; the live view's
 * source (without the option) still reports every one.
 */

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {ContainerSample} from '../../source/core/samples.js';
import {createDockerSource} from '../../source/sources/docker.js';
import {createContainers, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddctop-newest');
let idler: {id: string; name: string};

before(async () => {
	await ensureEngine();
	idler = await containers.run('idler', [], ['sleep', '100000']);
});

after(() => containers.removeAll());

/** Samples of the idler reported in the second after a refresh that follows 3.5 s of holding. */
async function samplesAtRefresh(newestStatsOnly: boolean): Promise<ContainerSample[]> {
	const samples: ContainerSample[] = [];
	const source = createDockerSource({host: ENGINE_HOST, env: {}, clock: Date.now, refreshIntervalMs: 3500, newestStatsOnly});
	source.start((event) => {
		if (event.type === 'container-sample' && event.sample.id === idler.id) samples.push(event.sample);
	});
	try {
		await waitFor(() => samples.length > 0, 20_000, 'a first sample');
		// Held from this refresh on (the stream had its first sample).
		source.tick?.();
		await waitFor(() => source.heldStatsStreams().includes(idler.id), 5000, 'the stream held');
		// dockerd sends a sample a second: three or four wait in the kernel meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 3500));
		const before = samples.length;
		source.tick?.();
		await waitFor(() => samples.length > before, 5000, 'the held samples read');
		// Whatever the read delivered is reported within this second.
		await new Promise((resolve) => setTimeout(resolve, 200));
		return samples.slice(before);
	} finally {
		await source.stop();
	}
}

test('with newestStatsOnly a refresh reports only the newest of the held samples', async () => {
	const read = await samplesAtRefresh(true);
	assert.equal(read.length, 1, `one sample, got ${read.length}`);
	assert.ok(read[0].cpuPercent !== null, 'its CPU % is known: each sample carries the previous reading');
	assert.ok(read[0].memUsedBytes > 0);
});

test('without it every held sample is reported (the live view)', async () => {
	const read = await samplesAtRefresh(false);
	assert.ok(read.length >= 2, `several samples, got ${read.length}`);
});
