import assert from 'node:assert/strict';
import os from 'node:os';
import {test} from 'node:test';
import {parseMemInfo} from '../source/core/proc-meminfo.js';
import {createHostSource, markCpu, readHostOnce} from '../source/sources/host.js';
import type {HostSample, SourceEvent} from '../source/sources/source.js';

test('with a start-up mark the first sample is emitted by start() itself, whatever the interval', async () => {
	const since = markCpu();
	// Some CPU of our own between the mark and start(), as loading modules would be.
	const until = performance.now() + 50;
	while (performance.now() < until) Math.sqrt(Math.random());
	const samples: HostSample[] = [];
	const source = createHostSource({clock: () => 5, intervalMs: 10_000, ticked: true, since});
	try {
		source.start((event: SourceEvent) => {
			if (event.type === 'host-sample') samples.push(event.sample);
		});
		assert.equal(samples.length, 1, 'a sample before start() returned');
		const [first] = samples;
		assert.ok(first.cpuPercent >= 0 && first.cpuPercent <= 100, `cpu ${first.cpuPercent}`);
		assert.equal(first.memTotalBytes, os.totalmem());
		assert.ok(first.memUsedBytes > 0 && first.memUsedBytes < first.memTotalBytes);
		assert.equal(first.at, 5);
		source.tick!();
		assert.equal(samples.length, 1, 'the next one waits for the interval');
	} finally {
		await source.stop();
	}
});

test('without a mark the first reading stays a baseline (nothing emitted at start)', async () => {
	const samples: HostSample[] = [];
	const source = createHostSource({clock: () => 5, intervalMs: 10_000, ticked: true});
	try {
		source.start((event: SourceEvent) => {
			if (event.type === 'host-sample') samples.push(event.sample);
		});
		assert.equal(samples.length, 0);
	} finally {
		await source.stop();
	}
});

test('readHostOnce with a mark older than the gap answers without waiting the gap again', async () => {
	const since = markCpu();
	const until = performance.now() + 120;
	while (performance.now() < until) Math.sqrt(Math.random());
	const t = performance.now();
	const sample = await readHostOnce(() => 9, 100, since);
	assert.ok(performance.now() - t < 90, `waited ${performance.now() - t} ms`);
	assert.equal(sample.at, 9);
	assert.ok(sample.cpuPercent >= 0 && sample.cpuPercent <= 100);
});

test('parseMemInfo: used is the total less MemAvailable, as systeminformation computes it', () => {
	const text = 'MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\nBuffers:          200000 kB\nCached:          3000000 kB\nSlab:             500000 kB\n';
	assert.deepEqual(parseMemInfo(text), {used: 10_000_000 * 1024, total: 16_000_000 * 1024});
	// An old kernel without MemAvailable: free + buffers + cached + slab are available.
	const old = text.replace(/MemAvailable.*\n/, '');
	assert.deepEqual(parseMemInfo(old), {used: (16_000_000 - 4_700_000) * 1024, total: 16_000_000 * 1024});
	assert.equal(parseMemInfo('garbage'), undefined);
});
