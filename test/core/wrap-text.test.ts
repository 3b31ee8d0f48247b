import assert from 'node:assert/strict';
import {test} from 'node:test';
import {wrapText} from '../../source/core/wrap-text.js';

test('text that fits comes back whole, indentation and empty lines included', () => {
	assert.deepEqual(wrapText('  Days:  30', 20), ['  Days:  30']);
	assert.deepEqual(wrapText('', 20), [''], 'a blank menu line stays a line');
});

test('longer text breaks at spaces; a word longer than a line is cut', () => {
	assert.deepEqual(wrapText('no container matches the filter', 12), ['no container', 'matches the', 'filter']);
	assert.deepEqual(wrapText('Path: /var/lib/ddc/metrics.jsonl', 10), ['Path:', '/var/lib/d', 'dc/metrics', '.jsonl']);
	assert.deepEqual(wrapText('/abcdefghij', 5), ['/abcd', 'efghi', 'j']);
	assert.deepEqual(
		wrapText('abcdefghij next', 5),
		['abcde', 'fghij', 'next'],
		'a cut that ends exactly at the width starts the next word afresh',
	);
});

test('widths count code points, not UTF-16 units', () => {
	assert.deepEqual(wrapText('😀😀😀 ab', 3), ['😀😀😀', 'ab']);
});

test('nothing fits in zero columns', () => {
	assert.deepEqual(wrapText('anything', 0), []);
	assert.deepEqual(wrapText('anything', -2), []);
});
