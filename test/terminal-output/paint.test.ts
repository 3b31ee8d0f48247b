import assert from 'node:assert/strict';
import {test} from 'node:test';
import chalk from 'chalk';
import {paint} from '../../source/terminal-output/paint.js';

test('paint: each look as chalk draws it, the same every time (one chain per look is kept)', () => {
	const level = chalk.level;
	chalk.level = 1;
	try {
		assert.equal(paint('x', {color: 'red', bold: true}), chalk.red.bold('x'));
		assert.equal(paint('x', {color: 'red', bold: true}), chalk.red.bold('x'), 'the kept chain draws the same');
		assert.equal(paint('x', {color: 'red'}), chalk.red('x'), 'a different look is not mixed up with it');
		assert.equal(paint('y', {dim: true, inverse: true}), chalk.dim.inverse('y'));
		assert.equal(paint('z', {}), 'z', 'no style: the text as it is');
		assert.equal(paint('z', undefined), 'z');
		chalk.level = 0;
		assert.equal(paint('x', {color: 'red', bold: true}), 'x', 'colors off (NO_COLOR): a kept chain follows chalk');
	} finally {
		chalk.level = level;
	}
});
