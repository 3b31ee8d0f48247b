import assert from 'node:assert/strict';
import {test} from 'node:test';
import {containerToJson, hostToJson} from '../../source/core/container-json.js';

test('containerToJson has exactly the documented keys, in order', () => {
	const json = containerToJson({
		id: 'abc',
		name: 'web',
		state: 'running',
		health: 'healthy',
		cpuPercent: 50.3456,
		memUsedBytes: 1941504,
		memLimitBytes: 67108864,
		memPercent: 2.89306640625,
		netRxBytes: 656,
		netTxBytes: 0,
		blockReadBytes: 8388608,
		blockWriteBytes: 4096,
		pids: 3,
		at: 123,
	});
	assert.deepEqual(Object.keys(json), [
		'id',
		'name',
		'state',
		'cpu_percent',
		'mem_used_bytes',
		'mem_limit_bytes',
		'mem_percent',
		'net_rx_bytes',
		'net_tx_bytes',
		'block_read_bytes',
		'block_write_bytes',
		'pids',
		'mem_growth_mb_per_min',
		'mem_growth_state',
	]);
	// Not judged without a followed history (--once samples twice): null, not a guess.
	assert.equal(json.mem_growth_mb_per_min, null);
	assert.equal(json.mem_growth_state, null);
	assert.equal(json.cpu_percent, 50.35);
	assert.equal(json.mem_percent, 2.89);
	assert.equal(json.mem_used_bytes, 1941504);
	assert.equal(json.block_write_bytes, 4096);
});

test('containerToJson carries the growth the live view judged, rounded to 0.001 MB/min', () => {
	const sample = {
		id: 'a',
		name: 'a',
		state: 'running',
		cpuPercent: 1,
		memUsedBytes: 1,
		memLimitBytes: 2,
		memPercent: 50,
		netRxBytes: 0,
		netTxBytes: 0,
		blockReadBytes: 0,
		blockWriteBytes: 0,
		pids: 1,
		at: 1,
	};
	const json = containerToJson(sample, {mbPerMin: 12.34567, state: 'leak'});
	assert.equal(json.mem_growth_mb_per_min, 12.346);
	assert.equal(json.mem_growth_state, 'leak');
	// A fit without enough samples has no rate: not judged.
	assert.equal(containerToJson(sample, {state: 'ok'}).mem_growth_state, null);
});

test('hostToJson has exactly the documented keys', () => {
	const json = hostToJson({cpuPercent: 12.345, memUsedBytes: 10, memTotalBytes: 20, load1: 0.5, load5: 0.25, load15: 0.125, at: 1});
	assert.deepEqual(json, {cpu_percent: 12.35, mem_used_bytes: 10, mem_total_bytes: 20, load1: 0.5, load5: 0.25, load15: 0.125});
	assert.deepEqual(Object.keys(json), ['cpu_percent', 'mem_used_bytes', 'mem_total_bytes', 'load1', 'load5', 'load15']);
});
