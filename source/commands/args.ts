import meow from 'meow';

export type FlagSpec = {type: 'string'; shortFlag?: string} | {type: 'boolean'; shortFlag?: string; default?: boolean};

/** A usage problem, worded for one stderr line. */
export class UsageError extends Error {
	override name = 'UsageError';
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Finds flags the command does not know. meow's own check (`allowUnknownFlags: false`) prints several lines
 * with console.error and calls process.exit(2), which would end the caller's process (or the test run)
 * instead of returning the exit code; so the check is done here, on the raw argv, with meow left to parse.
 */
function checkKnown(argv: readonly string[], specs: Record<string, FlagSpec>): void {
	const byName = new Map<string, FlagSpec>();
	for (const [key, spec] of Object.entries(specs)) {
		byName.set(kebab(key), spec);
		if (spec.shortFlag) byName.set(spec.shortFlag, spec);
	}
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') return;
		if (!arg.startsWith('-') || arg === '-') continue;
		const long = arg.startsWith('--');
		const [name, value] = splitOnce(arg.slice(long ? 2 : 1), '=');
		let spec = byName.get(name);
		if (!spec && long && name.startsWith('no-')) {
			const negated = byName.get(name.slice(3));
			if (negated?.type === 'boolean') spec = negated;
		}
		if (!spec || (!long && name.length !== 1)) throw new UsageError(`unknown flag ${long ? '--' : '-'}${name}`);
		if (spec.type === 'boolean' && value !== undefined) throw new UsageError(`--${name} takes no value`);
		if (spec.type === 'string' && value === undefined) {
			const next = argv[i + 1];
			if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) throw new UsageError(`--${name} needs a value`);
			i++;
		}
	}
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

export interface Parsed {
	flags: Record<string, string | boolean | undefined>;
	input: string[];
}

/** meow with errors as UsageError (never an exit, never a stack trace). */
export function parseArgs(argv: readonly string[], importMeta: ImportMeta, specs: Record<string, FlagSpec>): Parsed {
	checkKnown(argv, specs);
	let cli;
	try {
		cli = meow({
			importMeta,
			// Given, so meow never looks for a package.json (beside the single-file bundle there is none,
			// and one further up would be somebody else's).
			pkg: {name: 'ddc-top'},
			argv,
			flags: specs,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			booleanDefault: undefined,
		});
	} catch (error) {
		throw new UsageError(firstLine((error as Error).message));
	} finally {
		// meow renames the process to plain "ddc-top"; keep the arguments so `ps` shows which file is watched.
		process.title = ['ddc-top', ...process.argv.slice(2)].join(' ');
	}
	return {flags: cli.flags as Parsed['flags'], input: cli.input.map(String)};
}

function firstLine(text: string): string {
	return text.split('\n')[0] ?? text;
}
