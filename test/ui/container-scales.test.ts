// Container sparklines on scales a reader can compare (issue #14 §1b): memory against the container's limit
// (rows without one share a scale the header names), CPU against one core or the container's CPU limit.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import type {ContainerDetails} from '../../source/core/container-details.js';
import type {ContainerSample} from '../../source/core/samples.js';
import {formatScale, hasMemoryLimit, memoryScaleFor} from '../../source/core/spark-scales.js';
import type {ContainerRow} from '../../source/state/containers.js';
import {containerCell, sparkScales} from '../../source/ui/dashboard/container-cells.js';
import {containersTable} from '../../source/ui/dashboard/containers-table.js';
import {containerSample} from '../helpers/samples.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const HOST = 16 * 1024 * MIB;

function row(name: string, memSeries: number[], over: Partial<ContainerSample> = {}, details?: Partial<ContainerDetails>): ContainerRow {
	const used = memSeries.at(-1) ?? 0;
	const limit = over.memLimitBytes ?? HOST;
	const sample = containerSample({name, memUsedBytes: used, memLimitBytes: limit, memPercent: (used / limit) * 100, ...over});
	const full = details && {image: 'busybox', state: 'running', restartCount: 0, oomKilled: false, ...details};
	return {sample, cpuSeries: [50, 50, 50], memSeries, stale: false, ...(full ? {details: full} : {})};
}

const memSpark = (r: ContainerRow, rows: ContainerRow[]) => containerCell(r, 'memSpark', 10, sparkScales(rows, HOST)).trim();

test('456 KiB-1008 KiB of a 32 MiB limit is a low line, not a swing from ▂ to █', () => {
	const tiny = row(
		'tiny',
		[456, 1008, 600, 1008, 456, 800].map((k) => k * KIB),
		{memLimitBytes: 32 * MIB},
	);
	assert.equal(memSpark(tiny, [tiny]), '▂▂▂▂▂▂');
});

test('a flat 151 MiB of 256 MiB is a flat line at 59 %, not a full bar', () => {
	const valheim = row('valheim', Array(8).fill(151 * MIB), {memLimitBytes: 256 * MIB});
	// 151/256 = 0.59 of the eight levels: the sixth block, the same in every column.
	assert.equal(memSpark(valheim, [valheim]), '▆▆▆▆▆▆▆▆');
});

test('without a limit (Docker reports the host memory) rows share one scale, named in the header', () => {
	const proxy = row('proxy', Array(5).fill(332 * KIB));
	const redis = row('redis', Array(5).fill(40 * MIB));
	const rows = [proxy, redis];
	// A flat 332 KiB drew ▄ on its own scale; beside 40 MiB on the shared 0-64M it is near the floor.
	assert.equal(memSpark(proxy, rows), '▂▂▂▂▂');
	assert.equal(memSpark(redis, rows), '▆▆▆▆▆');
	const at = (width: number) =>
		containersTable({
			rows,
			total: 2,
			status: {kind: 'live', endpoint: 'unix:///x.sock'},
			sort: {key: 'name', descending: false},
			hostMemBytes: HOST,
			width,
			height: 5,
			focused: false,
		}).map((l) => stripVTControlCharacters(l));
	const lines = at(120);
	assert.match(lines[1], /MEM USAGE \/ LIMIT 0-64M /);
	assert.match(lines[1], /CPU % +0-100% /);
	// At 80 columns a sparkline too narrow for its title ("0-100%" in 5) has it in the title line.
	const narrow = at(80);
	assert.match(narrow[0], /Containers \(2\) · CPU 0-100% *$/);
	assert.match(narrow[1], /MEM USAGE \/ LIMIT 0-64M /);
});

test('rows with and without a limit: each limited row against its limit, the others against the shared scale', () => {
	const limited = row('ddc', Array(4).fill(128 * MIB), {memLimitBytes: 512 * MIB});
	const free = row('free', Array(4).fill(3 * MIB));
	const scales = sparkScales([limited, free], HOST);
	assert.equal(scales.sharedMemBytes, 4 * MIB);
	assert.equal(containerCell(limited, 'memSpark', 4, scales), '▃▃▃▃');
	assert.equal(containerCell(free, 'memSpark', 4, scales), '▇▇▇▇');
});

test('CPU: 100 % (one core) is a full block, or the CPU limit from inspect when there is one', () => {
	const one = row('one', [MIB]);
	const half = row('half', [MIB], {}, {cpuLimitCores: 0.5});
	const two = row('two', [MIB], {}, {cpuLimitCores: 2});
	const scales = sparkScales([one, half, two], HOST);
	assert.equal(containerCell(one, 'cpuSpark', 3, scales), '▅▅▅');
	assert.equal(containerCell(half, 'cpuSpark', 3, scales), '███');
	assert.equal(containerCell(two, 'cpuSpark', 3, scales), '▃▃▃');
});

test('the "no limit" rule: at least 98 % of the host memory, or nothing; every positive limit without a host reading', () => {
	assert.equal(hasMemoryLimit(HOST, HOST), false);
	assert.equal(hasMemoryLimit(HOST * 0.99, HOST), false);
	assert.equal(hasMemoryLimit(512 * MIB, HOST), true);
	assert.equal(hasMemoryLimit(0, HOST), false);
	assert.equal(hasMemoryLimit(HOST, undefined), true);
	assert.equal(memoryScaleFor(0), MIB);
	assert.equal(memoryScaleFor(40 * MIB), 64 * MIB);
	assert.equal(memoryScaleFor(64 * MIB), 64 * MIB);
	assert.deepEqual([formatScale(MIB), formatScale(256 * MIB), formatScale(2 * 1024 * MIB)], ['1M', '256M', '2G']);
});
