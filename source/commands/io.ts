/**
 * Everything a subcommand touches outside its arguments, injected so tests run it with captured streams,
 * a fixed clock and a temp directory, and so the CLI passes the real process (main.tsx).
 */
import type {ExtrasInput} from '../core/export-extras.js';

export interface CommandIo {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Wall clock, ms since the epoch. */
	now: () => number;
	version: string;
	/** Containers and host sampled for export's `ddc_top` keys; the CLI wires Docker and host here. */
	collectExtra?: (options: {docker: boolean; dockerHost?: string}) => Promise<ExtrasInput>;
}

// Exit codes shared by the subcommands (0 done, 1 failed, 2 bad usage); each command's --help lists them
// with what they mean for it.
/** Done, or nothing to do. */
export const EXIT_OK = 0;
/** Failed; nothing was changed. */
export const EXIT_FAILED = 1;
/** Bad usage: unknown flag, bad value, or a confirmation that cannot be asked. */
export const EXIT_USAGE = 2;
