import {PassThrough} from 'node:stream';
import type {CommandIo} from '../../source/commands/io.js';

/** The real process, for the test entry points that run a subcommand as its own process. */
export function processIo(version: string): CommandIo {
	return {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		cwd: process.cwd(),
		env: process.env,
		now: () => Date.now(),
		version,
	};
}

export interface CapturedIo {
	io: CommandIo;
	stdin: PassThrough & {isTTY?: boolean};
	out(): string;
	err(): string;
}

/** A command's streams on PassThroughs, its output collected as it is written; stdin says it is a terminal with `tty`. */
export function capturedIo(
	cwd: string,
	options: {now?: () => number; version?: string; tty?: boolean; collectExtra?: CommandIo['collectExtra']} = {},
): CapturedIo {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const stdin: PassThrough & {isTTY?: boolean} = new PassThrough();
	if (options.tty) stdin.isTTY = true;
	let out = '';
	let err = '';
	stdout.on('data', (c: Buffer) => (out += c.toString()));
	stderr.on('data', (c: Buffer) => (err += c.toString()));
	const io: CommandIo = {
		stdout,
		stderr,
		stdin,
		cwd,
		env: {},
		now: options.now ?? (() => Date.now()),
		version: options.version ?? 't',
		collectExtra: options.collectExtra,
	};
	return {io, stdin, out: () => out, err: () => err};
}
