/**
 * The first seconds of the containers panel against a REAL engine (the private one .ci/docker-engine.sh
 * starts, named explicitly): with containers running, the first state that says "live" already has their
 * rows, before any stats sample, and the panel never says "No running containers" on the way.
 */

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {createDockerSource} from '../../source/sources/docker.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {createStore, type Snapshot} from '../../source/state/store.js';
import {containersTable} from '../../source/ui/dashboard/containers-table.js';
import {createContainers, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddctop-first');
let ours: Array<{id: string; name: string}> = [];

before(async () => {
	await ensureEngine();
	ours = await Promise.all([containers.run('one', [], ['sleep', '100000']), containers.run('two', [], ['sleep', '100000'])]);
});

after(async () => {
	await containers.removeAll();
});

/** The panel as the terminal shows it: no codes, nothing after the last character. */
function panel(snap: Snapshot): string[] {
	const {rows, total, status} = snap.containers;
	return containersTable({rows, total, status, sort: snap.ui.containerSort, width: 100, height: 40, focused: false}).map((line) =>
		stripVTControlCharacters(line).trimEnd(),
	);
}

/** Long names are cut in the middle: the suffix still tells the rows apart. */
function isRowOf(suffix: string): (line: string) => boolean {
	return (line) => line.startsWith('ddctop-') && line.split(/\s+/)[0].endsWith(`-${suffix}`);
}

test('the first live state already has a row for every running container; figures show -- until sampled', async (t) => {
	const store = createStore({clock: Date.now, metricsPath: '/nonexistent/metrics.jsonl', dockerEnabled: true});
	// Every event published at once: whatever the ticker's timing, no intermediate state escapes the test.
	const states: Array<{snap: Snapshot; arrived: number}> = [];
	const source = createDockerSource({host: ENGINE_HOST, env: {}, clock: Date.now});
	source.start((event: SourceEvent) => {
		store.ingest(event);
		store.publish();
		states.push({snap: store.getSnapshot(), arrived: Date.now()});
	});
	try {
		const ids = ours.map((c) => c.id);
		const hasOurs = (snap: Snapshot) => ids.every((id) => snap.containers.rows.some((r) => r.sample.id === id));
		await waitFor(() => states.some((s) => s.snap.containers.status.kind === 'live'), 10_000, 'a live status');
		const liveIndex = states.findIndex((s) => s.snap.containers.status.kind === 'live');
		const first = states[liveIndex].snap;
		assert.ok(hasOurs(first), `first live state lacks our rows: ${first.containers.rows.map((r) => r.sample.name).join(', ')}`);
		for (const c of ours) {
			const row = first.containers.rows.find((r) => r.sample.id === c.id)!;
			assert.equal(row.sample.name, c.name);
			assert.equal(row.sample.state, 'running');
			assert.equal(row.pending, true, `${c.name} has no stats sample yet at the first live state`);
		}
		const lines = panel(first);
		assert.match(lines[0], /Containers \(\d+\) · reading stats…/, lines[0]);
		assert.ok(!lines.some((line) => line.includes('No running containers')), lines.join('\n'));
		const oneLine = lines.find(isRowOf('one'))!;
		assert.match(oneLine, /\s--\s+--\s/, oneLine);

		// Until every row has its first sample, and after: never live with our containers missing.
		await waitFor(
			() => {
				const last = states.at(-1)!.snap;
				return ids.every((id) => last.containers.rows.some((r) => r.sample.id === id && !r.pending));
			},
			10_000,
			'a stats sample of both containers',
		);
		const sampledAt = states.at(-1)!.arrived;
		for (const {snap} of states.slice(liveIndex)) {
			assert.ok(hasOurs(snap), `a live state without our rows: ${snap.containers.rows.map((r) => r.sample.name).join(', ')}`);
			assert.ok(!panel(snap).some((line) => line.includes('No running containers')));
		}
		t.diagnostic(`rows at "live"; both sampled ${sampledAt - states[liveIndex].arrived} ms later`);
		const done = panel(states.at(-1)!.snap);
		const oneDone = done.find(isRowOf('one'))!;
		assert.ok(/\d(\.\d+)?[KMG]?i?B \/ /.test(oneDone), `memory shown once sampled: ${oneDone}`);
	} finally {
		await source.stop();
	}
});
