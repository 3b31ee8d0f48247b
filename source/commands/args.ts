import {parseFlags, type FlagSpec, type Parsed} from './known-flags.js';
import {UsageError} from './usage-error.js';

export {UsageError};
export type {FlagSpec, Parsed};

/**
 * The command line by its specs, errors as UsageError (never an exit, never a stack trace). `importMeta` is
 * kept for the callers' sake: the parsing needs no package.json.
 */
export function parseArgs(argv: readonly string[], _importMeta: ImportMeta, specs: Record<string, FlagSpec>): Parsed {
	// Named for `ps` with its arguments, so it shows which file is watched.
	process.title = ['ddc-top', ...process.argv.slice(2)].join(' ');
	return parseFlags(argv, specs);
}
