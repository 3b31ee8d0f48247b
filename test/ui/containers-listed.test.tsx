/**
 * A container the daemon listed but whose first stats sample has not arrived: its row shows at once with
 * every figure unknown (`--`, sorted after known values), the panel title says "reading stats…", and the
 * panel never reads "No running containers" while the listing had some.
 */

import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import type {Config} from '../../source/config.js';
import {CONTAINER_SORT_KEYS, selectContainers} from '../../source/core/containers-view.js';
import {parseFilter} from '../../source/core/filter.js';
import type {ContainerListing} from '../../source/core/samples.js';
import {createMenu} from '../../source/menu-effects.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {createContainerTable} from '../../source/state/containers.js';
import {createStore} from '../../source/state/store.js';
import {containerCell, containerColor} from '../../source/ui/dashboard/container-cells.js';
import {containerSample} from '../helpers/samples.js';
import {tempDir} from '../helpers/temp-dir.js';
import {KEYS, NOW_MS, renderApp} from '../helpers/ui.js';

const ALL = parseFilter('');
const LIVE: SourceEvent = {type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}};

function listed(name: string, at: number, over: Partial<ContainerListing> = {}): SourceEvent {
	return {type: 'container-listed', container: {id: `id-${name}`, name, state: 'running', ...over}, at};
}

/** A busy container's figures, higher than any the known rows below carry. */
const BUSY = {cpuPercent: 12.5, memUsedBytes: 3 << 20, memLimitBytes: 1 << 30, memPercent: 95, netRxBytes: 656, pids: 4};

test('a listed container is a pending row; its first sample fills it; a later listing updates only name, state, health', () => {
	const table = createContainerTable({staleAfterMs: 2000});
	table.ingest(listed('web', 1000, {health: 'starting'}));
	let [row] = table.view(1500).rows;
	assert.equal(row.pending, true);
	assert.equal(row.stale, false);
	assert.equal(row.sample.name, 'web');
	assert.equal(row.sample.health, 'starting');
	assert.equal(row.sample.cpuPercent, null);
	assert.deepEqual([row.cpuSeries, row.memSeries], [[], []], 'no placeholder figure in the history');

	table.ingest({type: 'container-sample', sample: containerSample({...BUSY, name: 'web', at: 2000, health: 'healthy'})});
	[row] = table.view(2100).rows;
	assert.equal(row.pending, false);
	assert.equal(row.sample.memUsedBytes, 3 << 20);
	assert.deepEqual(row.memSeries, [3 << 20]);

	// A start event's listing carries no health: the known one stays, and so do the figures and their time.
	table.ingest(listed('web', 2500, {name: 'web-renamed', state: 'paused'}));
	[row] = table.view(2600).rows;
	assert.equal(row.pending, false);
	assert.deepEqual([row.sample.name, row.sample.state, row.sample.health], ['web-renamed', 'paused', 'healthy']);
	assert.equal(row.sample.memUsedBytes, 3 << 20);
	assert.equal(row.sample.at, 2000);

	table.ingest({type: 'container-gone', id: 'id-web'});
	assert.equal(table.view(2700).rows.length, 0);
});

test('a pending row shows -- for every figure and no red memory; paused is still said (in the CPU column)', () => {
	const table = createContainerTable();
	table.ingest(listed('nap', 1000, {state: 'paused'}));
	const [row] = table.view(1000).rows;
	for (const key of ['mem', 'net', 'block', 'pids'] as const) assert.equal(containerCell(row, key, 20), '--', key);
	assert.equal(containerCell(row, 'cpu', 20), 'paused');
	assert.equal(containerCell(row, 'name', 20), 'nap');
	assert.equal(containerColor(row, 'mem'), undefined);
	assert.equal(containerCell(row, 'cpuSpark', 5).trim(), '');
});

test('pending rows sort after known values in every column and both directions; by name among themselves', () => {
	const rows = [
		{sample: containerSample({...BUSY, name: 'p-b', at: 0}), pending: true},
		{
			sample: containerSample({
				...BUSY,
				name: 'known-1',
				at: 0,
				cpuPercent: 1,
				memUsedBytes: 10,
				netRxBytes: 1,
				blockReadBytes: 1,
				pids: 1,
			}),
		},
		{sample: containerSample({...BUSY, name: 'p-a', at: 0}), pending: true},
		{
			sample: containerSample({
				...BUSY,
				name: 'known-2',
				at: 0,
				cpuPercent: 2,
				memUsedBytes: 20,
				netRxBytes: 2,
				blockReadBytes: 2,
				pids: 2,
			}),
		},
	];
	for (const key of CONTAINER_SORT_KEYS.filter((k) => k !== 'name')) {
		const names = (descending: boolean) => selectContainers(rows, ALL, {key, descending}).map((r) => r.sample.name);
		assert.deepEqual(names(true), ['known-2', 'known-1', 'p-a', 'p-b'], `${key} descending`);
		assert.deepEqual(names(false), ['known-1', 'known-2', 'p-a', 'p-b'], `${key} ascending`);
	}
});

test('live view through a fake source: rows from the listing at once, "reading stats…" until every one is sampled', async () => {
	let now = NOW_MS;
	const store = createStore({clock: () => now, metricsPath: '/var/ddc/data/metrics/performance_metrics.jsonl', dockerEnabled: true});
	const h = await renderApp({store, dockerEnabled: true, columns: 120, rows: 30});
	try {
		const rowOf = (frame: string, name: string) => frame.split('\n').find((line) => line.trim().split(/\s+/)[0] === name);
		assert.match(h.frame(), /connecting to Docker/);

		// As the Docker source reports a session: the listing, then "live", before any stats sample.
		h.emit(listed('zeta', now));
		h.emit(listed('alpha', now));
		h.emit(LIVE);
		let frame = h.frame();
		assert.match(frame, /Containers \(2\) · reading stats…/);
		assert.doesNotMatch(frame, /No running containers/);
		for (const name of ['alpha', 'zeta'])
			assert.match(rowOf(frame, name) ?? '', new RegExp(`^\\s*${name}\\s+--\\s+--\\s+--\\s+--\\s+--$`), name);

		// zeta's first sample: CPU still unknown, memory known; busiest-first puts it before the pending alpha.
		now += 500;
		h.emit({type: 'container-sample', sample: containerSample({...BUSY, name: 'zeta', at: now, cpuPercent: null, memPercent: 1})});
		frame = h.frame();
		assert.match(frame, /reading stats…/, 'alpha still has no sample');
		const zeta = rowOf(frame, 'zeta') ?? '';
		assert.match(zeta, /3MiB \/ 1GiB/, zeta);
		now += 500;
		h.emit({type: 'container-sample', sample: containerSample({...BUSY, name: 'zeta', at: now, cpuPercent: 0, memPercent: 1})});
		frame = h.frame();
		const order = frame
			.split('\n')
			.map((line) => line.trim().split(/\s+/)[0])
			.filter((word) => word === 'alpha' || word === 'zeta');
		assert.deepEqual(order, ['zeta', 'alpha'], 'an idle known CPU sorts before a pending row');

		h.emit({type: 'container-sample', sample: containerSample({...BUSY, name: 'alpha', at: now, memPercent: 1})});
		frame = h.frame();
		assert.match(frame, /Containers \(2\)/);
		assert.doesNotMatch(frame, /reading stats…/);
		assert.match(rowOf(frame, 'alpha') ?? '', /12\.50%/);
	} finally {
		h.unmount();
	}
});

test('a menu export leaves out a row with no sample yet rather than writing its placeholder zeros', async () => {
	const dir = tempDir('ddc-top-listed-');
	const clock = () => NOW_MS;
	const store = createStore({clock, metricsPath: path.join(dir, 'metrics.jsonl'), dockerEnabled: true});
	const config = {metricsPath: path.join(dir, 'metrics.jsonl'), docker: true} as Config;
	const menu = createMenu({store, config, clock, cwd: dir, version: '9.9.9'});
	const h = await renderApp({store, menu, dockerEnabled: true});
	try {
		h.emit(listed('alpha', NOW_MS));
		h.emit({type: 'container-sample', sample: containerSample({...BUSY, name: 'zeta', at: NOW_MS})});
		h.emit(LIVE);
		await h.press('m', 'j', KEYS.enter, KEYS.enter);
		await h.waitForFrame((f) => f.includes('Exported to'), 'the export to finish');
		const [name] = readdirSync(dir).filter((f) => f.startsWith('ddc-top-snapshot-') && f.endsWith('.json'));
		const text = readFileSync(path.join(dir, name), 'utf8');
		assert.match(text, /"zeta"/);
		assert.doesNotMatch(text, /"alpha"/);
	} finally {
		h.unmount();
	}
});
