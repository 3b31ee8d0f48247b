// The command-line parser that replaced meow keeps meow's rules (checked against meow 14 before it went).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseFlags, type FlagSpec} from '../source/commands/known-flags.js';
import {UsageError} from '../source/commands/usage-error.js';

const SPECS: Record<string, FlagSpec> = {
	metrics: {type: 'string'},
	days: {type: 'string'},
	dockerHost: {type: 'string'},
	docker: {type: 'boolean', default: true},
	once: {type: 'boolean'},
	help: {type: 'boolean', shortFlag: 'h'},
};

test('flags by their camelCase key, defaults for booleans not given, other arguments as input', () => {
	assert.deepEqual(parseFlags(['--docker-host=unix:///x', 'extra', '--once'], SPECS), {
		flags: {dockerHost: 'unix:///x', once: true, docker: true},
		input: ['extra'],
	});
	assert.deepEqual(parseFlags([], SPECS), {flags: {docker: true}, input: []});
	assert.deepEqual(parseFlags(['--no-docker', '-h'], SPECS).flags, {docker: false, help: true});
});

test("meow's rules: a negative number is a value, true/false after a boolean, the last of --x/--no-x, -- ends flags", () => {
	assert.equal(parseFlags(['--days', '-1'], SPECS).flags.days, '-1');
	assert.equal(parseFlags(['--days=0.5'], SPECS).flags.days, '0.5');
	assert.equal(parseFlags(['--metrics', ''], SPECS).flags.metrics, '');
	assert.equal(parseFlags(['--once', 'false'], SPECS).flags.once, false);
	assert.deepEqual(parseFlags(['--once', 'true', 'x'], SPECS), {flags: {once: true, docker: true}, input: ['x']});
	assert.equal(parseFlags(['--once', '--no-once'], SPECS).flags.once, false);
	assert.deepEqual(parseFlags(['x', '--', '--once', 'y'], SPECS), {flags: {docker: true}, input: ['x', '--once', 'y']});
	assert.deepEqual(parseFlags(['--days', '5', '12'], SPECS).input, ['12']);
});

test('each problem is one UsageError line', () => {
	const cases: Array<[string[], RegExp]> = [
		[['--bogus'], /^unknown flag --bogus$/],
		[['-x'], /^unknown flag -x$/],
		[['-hh'], /^unknown flag -hh$/],
		[['--no-metrics'], /^unknown flag --no-metrics$/],
		[['--once=yes'], /^--once takes no value$/],
		[['--metrics'], /^--metrics needs a value$/],
		[['--metrics', '--once'], /^--metrics needs a value$/],
		[['--metrics', 'a', '--metrics', 'b'], /^The flag --metrics can only be set once\.$/],
	];
	for (const [argv, message] of cases) {
		assert.throws(() => parseFlags(argv, SPECS), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
	}
});
