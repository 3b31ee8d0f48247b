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
