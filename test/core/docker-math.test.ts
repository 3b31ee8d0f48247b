import assert from 'node:assert/strict';
import {test} from 'node:test';
import {blockBytes, cpuPercent, memUsedBytes, sampleFromStats} from '../../source/core/docker-math.js';
import {statsFixture} from '../helpers/fixtures.js';

// stats-v1-*.json are real captures from a cgroup v1 engine (see test/fixtures/README.md);
// stats-v2-later.json is written from the cgroup v2 field names docker/cli documents.

const meta = {id: 'abc', name: 'burner', state: 'running'};

test('first streamed sample has no precpu: CPU is not known yet (null, not 0), memory is real', () => {
	const s = sampleFromStats(statsFixture('stats-v1-burner-first.json'), meta, 1000);
	assert.equal(s.cpuPercent, null);
	assert.equal(s.memUsedBytes, 331776);
	assert.equal(s.memLimitBytes, 25276502016);
	assert.equal(s.pids, 1);
	assert.equal(s.at, 1000);
});

test('later v1 sample: CPU % of a burner capped at --cpus 0.5', () => {
	// (30827999753 - 30314427036) / (517560000000 - 515520000000) * 2 cpus * 100
	const expected = (513572717 / 2040000000) * 2 * 100;
	const cpu = cpuPercent(statsFixture('stats-v1-burner-later.json'))!;
	assert.ok(Math.abs(cpu - expected) < 1e-9, `cpu ${cpu}`);
	assert.equal(cpu.toFixed(2), '50.35');
});

test('online_cpus 0 falls back to the length of percpu_usage', () => {
	const stats = statsFixture('stats-v1-burner-later.json');
	stats.cpu_stats!.online_cpus = 0;
	assert.equal(cpuPercent(stats)?.toFixed(2), '50.35');
	stats.cpu_stats!.cpu_usage!.percpu_usage = [1, 2, 3, 4];
	assert.equal(cpuPercent(stats)?.toFixed(2), '100.70');
});

test('CPU is 0 when either delta is not positive', () => {
	const stats = statsFixture('stats-v1-burner-later.json');
	stats.precpu_stats!.system_cpu_usage = stats.cpu_stats!.system_cpu_usage;
	assert.equal(cpuPercent(stats), 0);
	const idle = statsFixture('stats-v1-idler.json'); // total_usage did not move between samples
	assert.equal(cpuPercent(idle), 0);
});

test('v1 memory subtracts total_inactive_file; network and block I/O are summed', () => {
	const s = sampleFromStats(statsFixture('stats-v1-writer.json'), {...meta, name: 'writer'}, 0);
	assert.equal(s.memUsedBytes, 13475840 - 11534336); // docker stats: 1.852MiB
	assert.equal(s.netRxBytes, 656);
	assert.equal(s.netTxBytes, 0);
	// Read/Write count; Sync/Async/Total must not be added in.
	assert.equal(s.blockReadBytes, 8388608);
	assert.equal(s.blockWriteBytes, 8388608);
});

test('memory limit and percent of a --memory 64m container', () => {
	const s = sampleFromStats(statsFixture('stats-v1-idler.json'), meta, 0);
	assert.equal(s.memLimitBytes, 64 * 1024 * 1024);
	assert.equal(s.memUsedBytes, 323584); // 316KiB
	assert.equal(s.memPercent.toFixed(2), '0.48');
});

test('cgroup v2: inactive_file, lowercase ops, no percpu_usage, several networks', () => {
	const s = sampleFromStats(statsFixture('stats-v2-later.json'), {...meta, health: 'healthy'}, 5);
	assert.equal(s.cpuPercent, (750000000 / 4000000000) * 4 * 100);
	assert.equal(s.memUsedBytes, 104857600 - 29360128);
	assert.equal(s.memPercent, ((104857600 - 29360128) / 268435456) * 100);
	assert.equal(s.netRxBytes, 6000);
	assert.equal(s.netTxBytes, 1000);
	assert.equal(s.blockReadBytes, 3145728 + 1000);
	assert.equal(s.blockWriteBytes, 1048576 + 24);
	assert.equal(s.pids, 7);
	assert.equal(s.health, 'healthy');
});

test('inactive file not below usage leaves usage as is; no limit gives 0 %', () => {
	assert.equal(memUsedBytes({memory_stats: {usage: 100, stats: {total_inactive_file: 100}}}), 100);
	assert.equal(memUsedBytes({memory_stats: {usage: 100, stats: {inactive_file: 150}}}), 100);
	assert.equal(memUsedBytes({memory_stats: {usage: 100, stats: {inactive_file: 40}}}), 60);
	assert.equal(sampleFromStats({memory_stats: {usage: 10}}, meta, 0).memPercent, 0);
});

test('an empty object (e.g. a container that just stopped) gives zeros and an unknown CPU, no throw', () => {
	const s = sampleFromStats({}, meta, 0);
	assert.deepEqual([s.cpuPercent, s.memUsedBytes, s.netRxBytes, s.blockReadBytes, s.pids, 'health' in s], [null, 0, 0, 0, 0, false]);
	assert.deepEqual(blockBytes({blkio_stats: {io_service_bytes_recursive: null}}), {read: 0, write: 0});
});
