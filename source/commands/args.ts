import meow from 'meow';
import {checkKnown, type FlagSpec} from './known-flags.js';
import {UsageError} from './usage-error.js';

// Only loaded with import() (main.tsx), after --help and --version were answered: meow takes 60-100 ms to load.

export type {FlagSpec};
export {UsageError};

export interface Parsed {
	/** By the spec's key (camelCase); a boolean not given is its default or undefined. */
	flags: Record<string, string | boolean | undefined>;
	/** Arguments that are not flags or their values, and everything after `--`. */
	input: string[];
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** meow with errors as UsageError (never an exit, never a stack trace). */
export function parseArgs(argv: readonly string[], importMeta: ImportMeta, specs: Record<string, FlagSpec>): Parsed {
	checkKnown(argv, specs);
	let cli: ReturnType<typeof meow>;
	try {
		cli = meow({
			importMeta,
			// Given, so meow never looks for a package.json (beside the single-file bundle there is none,
			// and one further up would be somebody else's).
			pkg: {name: 'ddc-top'},
			argv: [...argv],
			flags: specs,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			booleanDefault: undefined,
		});
	} catch (error) {
		// meow names a flag by its key ("--dockerHost can only be set once"): say it as it is typed.
		throw new UsageError(firstLine((error as Error).message).replace(/--([a-z]+[A-Z]\w*)/g, (_, key: string) => `--${kebab(key)}`));
	} finally {
		// meow renames the process to plain "ddc-top"; keep the arguments so `ps` shows which file is watched.
		process.title = ['ddc-top', ...process.argv.slice(2)].join(' ');
	}
	return {flags: cli.flags as Parsed['flags'], input: cli.input.map(String)};
}

function firstLine(text: string): string {
	return text.split('\n')[0] ?? text;
}
