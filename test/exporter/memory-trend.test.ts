import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MemoryTrends} from '../../source/exporter/memory-trend.js';
import type {ContainerRow} from '../../source/state/containers.js';
import {containerSample} from '../helpers/samples.js';

const row = (name: string, at: number, memUsedBytes: number): ContainerRow => ({
	sample: containerSample({name, at, memUsedBytes}),
	cpuSeries: [],
	memSeries: [],
	stale: false,
});

test('growth is known after 10 points over a minute, in bytes per second; a steady container reads 0', () => {
	const trends = new MemoryTrends();
	const perSecond = 50_000;
	for (let i = 0; i < 12; i++) {
		const t = i * 15_000;
		// A scrape every 5 s reads the same sample three times: each point is taken once, 15 s apart.
		for (let k = 0; k < 3; k++) trends.observe([row('leaky', t, 1e8 + perSecond * (t / 1000)), row('steady', t, 5e7)]);
		if (i < 9) assert.equal(trends.bytesPerSecond('leaky'), undefined, `known after ${i + 1} points`);
	}
	assert.ok(Math.abs(trends.bytesPerSecond('leaky')! - perSecond) < 1, String(trends.bytesPerSecond('leaky')));
	assert.equal(trends.bytesPerSecond('steady'), 0);
});

test('a container that is gone is forgotten; a garbage collection drop does not turn growth into shrinking', () => {
	const trends = new MemoryTrends();
	for (let i = 0; i < 20; i++) {
		const drop = i === 10 ? -4e7 : 0;
		trends.observe([row('gc', i * 15_000, 1e8 + i * 1e6 + drop)]);
	}
	assert.ok(trends.bytesPerSecond('gc')! > 0);
	trends.observe([row('other', 400_000, 1)]);
	assert.equal(trends.bytesPerSecond('gc'), undefined);
});
