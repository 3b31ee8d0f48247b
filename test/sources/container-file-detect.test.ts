/**
 * Issue #15 §1 auto: which running container is DDC's (a fake Docker listing: no engine needed), and how the
 * status line names a container's file.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type Docker from 'dockerode';
import {containerFileLabel, DDC_CONTAINER_METRICS} from '../../source/core/container-file-target.js';
import {findDdcContainer} from '../../source/sources/container-file-once.js';
import {withAutoContainer} from '../../source/sources/container-file-wiring.js';

const listing = (rows: Array<{Names: string[]; Image: string; Id?: string}>) =>
	({listContainers: async () => rows.map((r, i) => ({Id: r.Id ?? `id${i}`, ...r}))}) as unknown as Docker;

test("DDC is the running container named ddc, else one of DDC's image; none, or Docker failing, is undefined", async () => {
	const ddc = {Names: ['/ddc'], Image: 'whatever:1'};
	const byImage = {Names: ['/bot'], Image: 'dockerdiscordcontrol/dockerdiscordcontrol:latest'};
	const other = {Names: ['/ddc-web'], Image: 'nginx'};
	assert.equal(await findDdcContainer(listing([other, byImage, ddc])), 'ddc', 'the name wins');
	assert.equal(await findDdcContainer(listing([other, byImage])), 'bot');
	assert.equal(await findDdcContainer(listing([{Names: ['/x'], Image: 'docker.io/dockerdiscordcontrol/ddc:2.3.0'}])), 'x');
	assert.equal(await findDdcContainer(listing([other])), undefined, 'a name that only starts with ddc is not DDC');
	const failing = {listContainers: async () => Promise.reject(new Error('no socket'))} as unknown as Docker;
	assert.equal(await findDdcContainer(failing), undefined);
});

test('auto is only for a default path that does not exist, with Docker on; the label says "in container"', async () => {
	const base = {metricsPath: '/nonexistent/data/metrics/performance_metrics.jsonl', docker: true, dockerHost: 'unix:///nonexistent.sock'};
	// Nothing said where to look but Docker cannot be reached: unchanged, quickly.
	assert.deepEqual(await withAutoContainer({...base, metricsDefault: true}), {...base, metricsDefault: true});
	// Told where to look (--metrics, DDC_METRICS_FILE): never replaced by a container.
	assert.deepEqual(await withAutoContainer({...base, metricsDefault: false}), {...base, metricsDefault: false});
	assert.deepEqual(await withAutoContainer({...base, docker: false, metricsDefault: true}), {...base, docker: false, metricsDefault: true});
	assert.equal(containerFileLabel(DDC_CONTAINER_METRICS, 'ddc'), '/app/data/metrics/performance_metrics.jsonl in container ddc');
});
