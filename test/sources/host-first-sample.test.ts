import assert from 'node:assert/strict';
import os from 'node:os';
import {test} from 'node:test';
import {parseMemInfo} from '../../source/core/proc-meminfo.js';
import type {HostSample} from '../../source/core/samples.js';
import {cpuPercentWithoutOwn, createHostSource, markCpu, readHostOnce} from '../../source/sources/host.js';
import type {SourceEvent} from '../../source/sources/source.js';

test('with a start-up mark the first sample is emitted by start() itself, whatever the interval', async () => {
	const since = markCpu();
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

test('readHostOnce with a mark waits only for what is left of the gap since the mark', async () => {
	// A mark taken 10 s ago: a 5 s gap has long passed, so no wait.
	const old = {...markCpu(), atMs: performance.now() - 10_000};
	let t = performance.now();
	const sample = await readHostOnce(() => 9, 5000, old);
	assert.ok(performance.now() - t < 2500, `waited ${Math.round(performance.now() - t)} ms for a gap that had passed`);
	assert.equal(sample.at, 9);
	assert.ok(sample.cpuPercent >= 0 && sample.cpuPercent <= 100);
	// A fresh mark: the rest of the gap is waited for, so the CPU % covers at least that long.
	t = performance.now();
	await readHostOnce(() => 9, 300, markCpu());
	assert.ok(performance.now() - t >= 290, `answered after ${Math.round(performance.now() - t)} ms, before the gap`);
});

test("ddc-top's own CPU time since the mark is left out of the host's figure", () => {
	const from = {times: {busy: 100, total: 1000}, own: 0, atMs: 0};
	// 400 ticks passed, 200 of them busy, 150 of those ddc-top's own start-up.
	assert.equal(cpuPercentWithoutOwn(from, {times: {busy: 300, total: 1400}, own: 150, atMs: 1}), 12.5);
	assert.equal(cpuPercentWithoutOwn(from, {times: {busy: 300, total: 1400}, own: 0, atMs: 1}), 50);
	// Own time counted a tick more than the host's (rounding): never below zero.
	assert.equal(cpuPercentWithoutOwn(from, {times: {busy: 300, total: 1400}, own: 201, atMs: 1}), 0);
});

test('parseMemInfo: used is the total less MemAvailable, as systeminformation computes it', () => {
	const text =
		'MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n' +
		'Buffers:          200000 kB\nCached:          3000000 kB\nSlab:             500000 kB\n';
	assert.deepEqual(parseMemInfo(text), {used: 10_000_000 * 1024, total: 16_000_000 * 1024});
	// An old kernel without MemAvailable: free + buffers + cached + slab are available.
	const old = text.replace(/MemAvailable.*\n/, '');
	assert.deepEqual(parseMemInfo(old), {used: (16_000_000 - 4_700_000) * 1024, total: 16_000_000 * 1024});
	assert.equal(parseMemInfo('garbage'), undefined);
});
