/**
 * A container's first stats sample has no previous CPU reading: its CPU is not known, and every view says
 * so (`--` on screen and in --once text, null in JSON) instead of 0.00 %, which reads as idle and sorted a
 * busy container below idle ones until its second sample.
 */

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {containerToJson} from '../../source/core/container-json.js';
import {type ContainerSort, selectContainers} from '../../source/core/containers-view.js';
import {formatCpuPercent, sampleFromStats} from '../../source/core/docker-math.js';
import {parseFilter} from '../../source/core/filter.js';
import {createContainerTable} from '../../source/state/containers.js';
import {renderContainersText} from '../../source/terminal-output/plain-table.js';
import {containerCell} from '../../source/ui/dashboard/container-cells.js';
import {containersTable} from '../../source/ui/dashboard/containers-table.js';
import {statsFixture} from '../helpers/fixtures.js';
import {containerSample} from '../helpers/samples.js';

const ALL = parseFilter('');

test('the first streamed sample (no precpu) has an unknown CPU; the next one (precpu set) a number', () => {
	const meta = {id: 'abc', name: 'burner', state: 'running'};
	assert.equal(sampleFromStats(statsFixture('stats-v1-burner-first.json'), meta, 0).cpuPercent, null);
	assert.equal(sampleFromStats(statsFixture('stats-v1-burner-later.json'), meta, 0).cpuPercent?.toFixed(2), '50.35');
	// Idle with both readings is a known 0, not unknown.
	assert.equal(sampleFromStats(statsFixture('stats-v1-idler.json'), meta, 0).cpuPercent, 0);
	assert.equal(formatCpuPercent(null), '--');
	assert.equal(formatCpuPercent(0), '0.00%');
	assert.equal(formatCpuPercent(50.345), '50.34%');
});

test('unknown CPU sorts after every known value, busiest-first and idlest-first alike; ties by name', () => {
	const rows = [
		containerSample({name: 'new-b', cpuPercent: null}),
		containerSample({name: 'idle', cpuPercent: 0}),
		containerSample({name: 'busy', cpuPercent: 80}),
		containerSample({name: 'new-a', cpuPercent: null}),
		containerSample({name: 'half', cpuPercent: 50}),
	].map((s) => ({sample: s}));
	const names = (sort: ContainerSort) => selectContainers(rows, ALL, sort).map((r) => r.sample.name);
	assert.deepEqual(names({key: 'cpu', descending: true}), ['busy', 'half', 'idle', 'new-a', 'new-b']);
	assert.deepEqual(names({key: 'cpu', descending: false}), ['idle', 'half', 'busy', 'new-a', 'new-b']);
	// Other columns are known from the first sample and sort as before.
	assert.deepEqual(names({key: 'name', descending: false}), ['busy', 'half', 'idle', 'new-a', 'new-b']);
});

test('live view: `--` in the CPU column until the second sample, the other columns shown; the sparkline only has known readings', () => {
	const table = createContainerTable();
	table.ingest({type: 'container-sample', sample: containerSample({name: 'idle', cpuPercent: 0.01, at: 1000})});
	table.ingest({type: 'container-sample', sample: containerSample({name: 'fresh', cpuPercent: null, at: 1000})});
	let rows = selectContainers(table.view(1500).rows, ALL, {key: 'cpu', descending: true});
	assert.deepEqual(
		rows.map((r) => r.sample.name),
		['idle', 'fresh'],
		'the unknown one sorts after the idle one',
	);
	const fresh = rows[1];
	assert.equal(fresh.stale, false);
	assert.equal(containerCell(fresh, 'cpu', 8), '--');
	assert.equal(containerCell(fresh, 'mem', 21), '1MiB / 64MiB');
	assert.deepEqual(fresh.cpuSeries, []);

	const lines = containersTable({
		rows,
		total: rows.length,
		status: {kind: 'live', endpoint: 'unix:///x.sock'},
		sort: {key: 'cpu', descending: true},
		width: 100,
		height: 6,
		focused: true,
	}).map((line) => stripVTControlCharacters(line));
	const freshLine = lines.find((line) => line.startsWith('fresh'));
	assert.ok(freshLine && /^fresh\s+--\s/.test(freshLine), `fresh row: ${freshLine}`);
	assert.ok(!freshLine.includes('0.00%'), freshLine);

	// Its second sample: known, busiest now, first in the list.
	table.ingest({type: 'container-sample', sample: containerSample({name: 'fresh', cpuPercent: 97.5, at: 2000})});
	rows = selectContainers(table.view(2000).rows, ALL, {key: 'cpu', descending: true});
	assert.deepEqual(
		rows.map((r) => r.sample.name),
		['fresh', 'idle'],
	);
	assert.equal(containerCell(rows[0], 'cpu', 8), '97.50%');
	assert.deepEqual(rows[0].cpuSeries, [97.5]);
});

test('--once: JSON cpu_percent is null while unknown, text shows `--`; known values as before', () => {
	const fresh = containerToJson(containerSample({name: 'fresh', cpuPercent: null}));
	assert.equal(fresh.cpu_percent, null);
	assert.match(JSON.stringify(fresh), /"cpu_percent":null/);
	assert.equal(containerToJson(containerSample({name: 'busy', cpuPercent: 50.3456})).cpu_percent, 50.35);
	const text = renderContainersText([
		containerSample({name: 'busy', cpuPercent: 50.3456}),
		containerSample({name: 'fresh', cpuPercent: null}),
	]);
	assert.match(text, /\nbusy\s+50\.35%\s/);
	assert.match(text, /\nfresh\s+--\s/);
	assert.ok(!/fresh\s+0\.00%/.test(text), text);
});
