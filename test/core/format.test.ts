import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fit, formatAge, formatCount, formatDuration, formatPercent, formatRate} from '../../source/core/format.js';

test('durations: µs / ms / s with 3 significant digits', () => {
	assert.equal(formatDuration(0.000512), '512µs');
	assert.equal(formatDuration(0.0000123), '12.3µs');
	assert.equal(formatDuration(0.0123), '12.3ms');
	assert.equal(formatDuration(0.1), '100ms');
	assert.equal(formatDuration(1.5), '1.50s');
	assert.equal(formatDuration(42.25), '42.3s');
	assert.equal(formatDuration(600), '10.0m');
	assert.equal(formatDuration(7200), '2.0h');
});

test('rounding that reaches the next unit moves to it', () => {
	assert.equal(formatDuration(0.0009996), '1.00ms');
	assert.equal(formatDuration(0.9996), '1.00s');
});

test('never a fourth digit just below a unit step: rounded to 3 significant digits before the unit and decimals', () => {
	assert.equal(formatDuration(0.0099999), '10.0ms');
	assert.equal(formatDuration(9.99996), '10.0s');
	assert.equal(formatDuration(0.000099999), '100µs');
	assert.equal(formatDuration(0.0000099999), '10.0µs');
	assert.equal(formatDuration(0.099999), '100ms');
	assert.equal(formatDuration(0.0099949), '9.99ms');
	assert.equal(formatDuration(5998), '1.7h');
	assert.equal(formatDuration(5990), '99.8m');
	// Every value from 1 µs to 100 s, on a fine logarithmic grid, prints 3 significant digits.
	for (let e = -6; e < 2; e += 0.001) {
		const text = formatDuration(10 ** e);
		const digits = text.replace(/[^0-9]/g, '').replace(/^0+/, '');
		assert.equal(digits.length, 3, `${10 ** e} -> ${text}`);
	}
	// The same rounding for counts and rates.
	assert.equal(formatCount(99_996), '100k');
	assert.equal(formatRate(9.99996), '10.0');
	assert.equal(formatRate(99.996), '100');
});

test('empty and odd durations', () => {
	assert.equal(formatDuration(undefined), '-');
	assert.equal(formatDuration(Number.NaN), '-');
	assert.equal(formatDuration(0), '0');
});

test('counts, percents, rates, ages', () => {
	assert.equal(formatCount(9999), '9999');
	assert.equal(formatCount(12_345), '12.3k');
	assert.equal(formatCount(1_234_567), '1.23M');
	assert.equal(formatPercent(99.456), '99.5%');
	assert.equal(formatPercent(undefined), '-');
	assert.equal(formatRate(0), '0');
	assert.equal(formatRate(0.001), '<0.01');
	assert.equal(formatRate(12.34), '12.3');
	assert.equal(formatAge(2500), '2s');
	assert.equal(formatAge(3_600_000 * 5), '5h');
	assert.equal(formatAge(86_400_000 * 3), '3d');
});

test('fit pads, aligns and cuts with an ellipsis by code point', () => {
	assert.equal(fit('ab', 4), 'ab  ');
	assert.equal(fit('ab', 4, 'right'), '  ab');
	assert.equal(fit('abcdef', 4), 'abc…');
	assert.equal(fit('µµµµµ', 3), 'µµ…');
	assert.equal(fit('x', 0), '');
});

test('names are cut in the middle so shared prefixes stay apart', async () => {
	const {fitMiddle} = await import('../../source/core/format.js');
	assert.equal(fitMiddle('docker_container_restart', 20), 'docker_con…r_restart');
	assert.equal(fitMiddle('docker_container_stop', 20), 'docker_con…iner_stop');
	assert.equal(fitMiddle('short', 8), 'short   ');
	assert.equal(Array.from(fitMiddle('x'.repeat(50), 9)).length, 9);
});
