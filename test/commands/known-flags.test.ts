// The command line: meow parses it (commands/args.ts); the check on the raw argv before it (known-flags.ts)
// turns each problem into one line and answers --help and --version without loading meow.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import meow from 'meow';
import {FLAGS} from '../../source/cli-spec.js';
import {parseArgs} from '../../source/commands/args.js';
import {checkKnown, type FlagSpec} from '../../source/commands/known-flags.js';
import {UsageError} from '../../source/commands/usage-error.js';

const SPECS: Record<string, FlagSpec> = {
	metrics: {type: 'string'},
	days: {type: 'string'},
	dockerHost: {type: 'string'},
	docker: {type: 'boolean', default: true},
	once: {type: 'boolean'},
	help: {type: 'boolean', shortFlag: 'h'},
};

const parse = (argv: string[]) => parseArgs(argv, import.meta, SPECS);

test('meow parses: flags by their camelCase key, defaults for booleans not given, other arguments as input', () => {
	assert.deepEqual(parse(['--docker-host=unix:///x', 'extra', '--once']), {
		flags: {dockerHost: 'unix:///x', once: true, docker: true},
		input: ['extra'],
	});
	assert.deepEqual(parse([]), {flags: {docker: true}, input: []});
	assert.deepEqual(parse(['--no-docker', '-h']).flags, {docker: false, help: true});
});

test("meow's rules: a negative number is a value, true/false after a boolean, the last of --x/--no-x, -- ends flags", () => {
	assert.equal(parse(['--days', '-1']).flags.days, '-1');
	assert.equal(parse(['--days=0.5']).flags.days, '0.5');
	assert.equal(parse(['--metrics', '']).flags.metrics, '');
	assert.equal(parse(['--once', 'false']).flags.once, false);
	assert.deepEqual(parse(['--once', 'true', 'x']), {flags: {once: true, docker: true}, input: ['x']});
	assert.equal(parse(['--once', '--no-once']).flags.once, false);
	assert.deepEqual(parse(['x', '--', '--once', 'y']), {flags: {docker: true}, input: ['x', '--once', 'y']});
	assert.deepEqual(parse(['--days', '5', '12']).input, ['12']);
});

test('parseArgs keeps the arguments in the process title (meow sets plain "ddc-top")', () => {
	const [title, argv] = [process.title, process.argv];
	try {
		process.argv = [argv[0], argv[1], '--metrics', 'm.jsonl'];
		parse(['--once']);
		assert.equal(process.title, 'ddc-top --metrics m.jsonl');
	} finally {
		[process.title, process.argv] = [title, argv];
	}
});

test('each problem is one UsageError line, from the raw check or from meow', () => {
	const cases: Array<[string[], RegExp]> = [
		[['--bogus'], /^unknown flag --bogus$/],
		[['-x'], /^unknown flag -x$/],
		[['-hh'], /^unknown flag -hh$/],
		[['--no-metrics'], /^unknown flag --no-metrics$/],
		[['--once=yes'], /^--once takes no value$/],
		[['--metrics'], /^--metrics needs a value$/],
		[['--metrics', '--once'], /^--metrics needs a value$/],
		// meow's own error, its flag named as typed rather than by its key.
		[['--metrics', 'a', '--metrics', 'b'], /^The flag --metrics can only be set once\.$/],
		[['--docker-host', 'a', '--docker-host=b'], /^The flag --docker-host can only be set once\.$/],
		// Control characters in what was typed are shown, never obeyed.
		[['--bad\u001B]0;x\u0007'], /^unknown flag --bad[^\u001B\u0007]*$/],
	];
	for (const [argv, message] of cases) {
		assert.throws(
			() => parse(argv),
			(e: unknown) => e instanceof UsageError && message.test(e.message),
			argv.join(' '),
		);
	}
});

test('the raw check reads --help and --version as meow does, before meow loads', () => {
	const cases = [
		['--help'],
		['-h'],
		['--version'],
		['--help', '--no-help'],
		['--no-version', '--version'],
		['--help', 'false'],
		['-h', 'false'],
		['--help', 'true', 'x'],
		['x', '--help'],
		['--filter', 'x', '--once'],
		['--metrics=--help'],
		['--once', '--', '--version'],
		['--version', '--version'],
		['--help', '--version'],
		['--no-help', 'true'],
		['--interval', '-5', '--help'],
		['--once', 'false', '--help'],
	];
	for (const argv of cases) {
		const given = checkKnown(argv, FLAGS);
		const cli = meow({
			importMeta: import.meta,
			pkg: {name: 'ddc-top'},
			argv,
			flags: FLAGS,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			booleanDefault: undefined,
		});
		assert.equal(given.help === true, cli.flags.help === true, `help: ${argv.join(' ')}`);
		assert.equal(given.version === true, cli.flags.version === true, `version: ${argv.join(' ')}`);
	}
	assert.equal(checkKnown(['--help'], FLAGS).help, true, 'the comparison above saw a help');
	assert.throws(
		() => checkKnown(['--version', '--bogus'], FLAGS),
		(e: unknown) => e instanceof UsageError && /unknown flag --bogus/.test(e.message),
	);
	assert.throws(() => checkKnown(['--help=yes'], FLAGS), /--help takes no value/);
	assert.throws(() => checkKnown(['--filter', '--help'], FLAGS), /--filter needs a value/);
});
