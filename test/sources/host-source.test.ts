import assert from 'node:assert/strict';
import {createHook} from 'node:async_hooks';
import {spawn} from 'node:child_process';
import os from 'node:os';
import {test} from 'node:test';
import type {HostSample} from '../../source/core/samples.js';
import {createHostSource, readHostOnce} from '../../source/sources/host.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {waitFor} from '../helpers/wait-for.js';

test('emits real host samples without spawning a process per tick', async () => {
	// A busy child makes at least one core work, so the CPU % has something real to show.
	const burner = spawn('sh', ['-c', 'while :; do :; done'], {stdio: 'ignore'});
	let spawned = 0;
	const hook = createHook({
		init(_id, type) {
			if (type === 'PROCESSWRAP') spawned++;
		},
	}).enable();
	const samples: HostSample[] = [];
	const source = createHostSource({clock: () => 42, intervalMs: 100});
	try {
		source.start((event: SourceEvent) => {
			if (event.type === 'host-sample') samples.push(event.sample);
		});
		await waitFor(() => samples.length >= 5, 5000, 'five host samples');
	} finally {
		await source.stop();
		hook.disable();
		burner.kill('SIGKILL');
	}
	assert.equal(spawned, 0, 'the refresh loop spawned a process');
	const last = samples.at(-1)!;
	assert.equal(last.at, 42);
	assert.equal(last.memTotalBytes, os.totalmem());
	assert.ok(last.memUsedBytes > 0 && last.memUsedBytes < last.memTotalBytes, `mem used ${last.memUsedBytes}`);
	const busiest = Math.max(...samples.map((s) => s.cpuPercent));
	// One busy core out of os.cpus().length; leave room for scheduling noise over 100 ms ticks.
	const floor = (100 / os.cpus().length) * 0.5;
	assert.ok(busiest >= floor && busiest <= 100, `host CPU ${busiest} % with a busy core, expected >= ${floor}`);
	assert.ok(last.load1 >= 0 && last.load5 >= 0 && last.load15 >= 0);
});

test('stop() ends the loop: no sample arrives afterwards', async () => {
	let count = 0;
	const source = createHostSource({clock: Date.now, intervalMs: 20});
	source.start(() => count++);
	await waitFor(() => count >= 2, 3000, 'two samples');
	await source.stop();
	const after = count;
	// Several intervals' worth of time must pass with nothing emitted.
	const until = Date.now() + 150;
	await waitFor(() => Date.now() >= until, 1000, 'quiet period');
	assert.equal(count, after);
});

test('readHostOnce measures CPU over two readings', async () => {
	const sample = await readHostOnce(() => 7, 100);
	assert.equal(sample.at, 7);
	assert.ok(sample.cpuPercent >= 0 && sample.cpuPercent <= 100);
	assert.equal(sample.memTotalBytes, os.totalmem());
	assert.deepEqual([sample.load1, sample.load5, sample.load15].every(Number.isFinite), true);
});

test('ticked: no timer of its own; tick() samples when an interval has passed since the last sample', async () => {
	let now = 1000;
	const samples: HostSample[] = [];
	const source = createHostSource({clock: () => now, intervalMs: 1000, ticked: true});
	source.start((event: SourceEvent) => {
		if (event.type === 'host-sample') samples.push(event.sample);
	});
	try {
		// The first reading (at start) is the baseline, so nothing is emitted until a tick takes a second one.
		const until = Date.now() + 200;
		await waitFor(() => Date.now() >= until, 1000, 'a quiet period without ticks');
		assert.equal(samples.length, 0, 'no timer of its own');
		now += 500;
		source.tick!();
		await waitFor(() => Date.now() >= until + 100, 1000, 'a moment for a sample that must not come');
		assert.equal(samples.length, 0, 'half an interval: not due');
		now += 450; // 950 ms after the first reading: within the 10 % slack that absorbs timer jitter
		source.tick!();
		await waitFor(() => samples.length === 1, 3000, 'the sample of a due tick');
		assert.equal(samples[0].at, 1950);
		now += 1000;
		source.tick!();
		await waitFor(() => samples.length === 2, 3000, 'the next due tick');
	} finally {
		await source.stop();
	}
});

test('memory is read at most every memoryEveryMs; CPU and load every sample', async () => {
	let now = 0;
	let reads = 0;
	const samples: HostSample[] = [];
	const source = createHostSource({
		clock: () => now,
		intervalMs: 1000,
		ticked: true,
		memoryEveryMs: 3000,
		readMemory: async () => ({used: ++reads, total: 100}),
	});
	source.start((event: SourceEvent) => {
		if (event.type === 'host-sample') samples.push(event.sample);
	});
	try {
		for (let second = 1; second <= 7; second++) {
			now = second * 1000;
			source.tick!();
			await waitFor(() => samples.length === second, 3000, `the sample of second ${second}`);
		}
	} finally {
		await source.stop();
	}
	// Readings at 0, 3 and 6 s: every sample shows the newest.
	assert.equal(reads, 3);
	assert.deepEqual(
		samples.map((s) => s.memUsedBytes),
		[1, 1, 2, 2, 2, 3, 3],
	);
	assert.deepEqual(
		samples.map((s) => s.at),
		[1000, 2000, 3000, 4000, 5000, 6000, 7000],
	);
});
