import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sparkline} from '../../source/core/sparkline.js';

test('maps 0..max onto the eight blocks with a fixed max', () => {
	assert.equal(sparkline([0, 25, 50, 75, 100], 5, {max: 100}), '▁▃▅▇█');
	assert.equal(sparkline([0, 100 / 7, 200 / 7, 300 / 7, 400 / 7, 500 / 7, 600 / 7, 100], 8, {max: 100}), '▁▂▃▄▅▆▇█');
});

test('auto-scales to the largest sample shown', () => {
	assert.equal(sparkline([1, 2, 4], 3), '▃▅█');
	assert.equal(sparkline([1000, 2000], 2), '▅█');
});

test('is always exactly width characters: pads short history, keeps the newest', () => {
	assert.equal(sparkline([50], 4, {max: 100}), '   ▅');
	assert.equal(sparkline([100, 0, 0, 100], 2, {max: 100}), '▁█');
	assert.equal(sparkline([], 3), '   ');
	assert.equal(sparkline([1, 2], 0), '');
});

test('tiny positive values are visible; zeros, negatives and NaN are the floor; over max clamps', () => {
	assert.equal(sparkline([0.01, 0, -5, Number.NaN, 500], 5, {max: 100}), '▂▁▁▁█');
	assert.equal(sparkline([0, 0], 2), '▁▁');
});
