import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Series} from '../../source/core/series.js';

test('keeps samples oldest first until full', () => {
	const s = new Series(3);
	assert.deepEqual(s.toArray(), []);
	assert.equal(s.last(), undefined);
	s.push(1);
	s.push(2);
	assert.deepEqual(s.toArray(), [1, 2]);
	assert.equal(s.length, 2);
	assert.equal(s.last(), 2);
});

test('drops the oldest sample once full, across many laps', () => {
	const s = new Series(3);
	for (let i = 1; i <= 10; i++) s.push(i);
	assert.deepEqual(s.toArray(), [8, 9, 10]);
	assert.equal(s.length, 3);
	assert.equal(s.last(), 10);
});

test('defaults to 60 samples', () => {
	const s = new Series();
	for (let i = 0; i < 100; i++) s.push(i);
	const values = s.toArray();
	assert.equal(values.length, 60);
	assert.equal(values[0], 40);
	assert.equal(values[59], 99);
});

test('toArray returns a copy that later pushes do not change', () => {
	const s = new Series(2);
	s.push(1);
	const before = s.toArray();
	s.push(2);
	s.push(3);
	assert.deepEqual(before, [1]);
	s.clear();
	assert.deepEqual(s.toArray(), []);
});

test('rejects a capacity that is not a positive integer', () => {
	assert.throws(() => new Series(0), RangeError);
	assert.throws(() => new Series(2.5), RangeError);
});
