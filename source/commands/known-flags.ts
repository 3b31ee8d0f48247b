import {UsageError} from './usage-error.js';

export type FlagSpec = {type: 'string'; shortFlag?: string} | {type: 'boolean'; shortFlag?: string; default?: boolean};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface Token {
	/** The flag's key in the specs (camelCase). */
	key: string;
	/** For a boolean: false when written --no-name. */
	on: boolean;
}

function tokens(argv: readonly string[], specs: Record<string, FlagSpec>): Token[] {
	const byName = new Map<string, [string, FlagSpec]>();
	for (const [key, spec] of Object.entries(specs)) {
		byName.set(kebab(key), [key, spec]);
		if (spec.shortFlag) byName.set(spec.shortFlag, [key, spec]);
	}
	const out: Token[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') break;
		if (!arg.startsWith('-') || arg === '-') continue;
		const long = arg.startsWith('--');
		const [name, value] = splitOnce(arg.slice(long ? 2 : 1), '=');
		let found = byName.get(name);
		let on = true;
		if (!found && long && name.startsWith('no-')) {
			const negated = byName.get(name.slice(3));
			if (negated?.[1].type === 'boolean') {
				found = negated;
				on = false;
			}
		}
		if (!found || (!long && name.length !== 1)) throw new UsageError(`unknown flag ${long ? '--' : '-'}${name}`);
		const [key, spec] = found;
		if (spec.type === 'boolean' && value !== undefined) throw new UsageError(`--${name} takes no value`);
		if (spec.type === 'string' && value === undefined) {
			const next = argv[i + 1];
			if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) throw new UsageError(`--${name} needs a value`);
			i++;
		}
		out.push({key, on});
	}
	return out;
}

/**
 * Finds flags the command does not know. meow's own check (`allowUnknownFlags: false`) prints several lines
 * with console.error and calls process.exit(2), which would end the caller's process (or the test run)
 * instead of returning the exit code; so the check is done here, on the raw argv, with meow left to parse.
 */
export function checkKnown(argv: readonly string[], specs: Record<string, FlagSpec>): void {
	tokens(argv, specs);
}

/**
 * Whether a boolean flag ends up set (the last of --name / --no-name wins, as when meow parses it), after
 * the same checks as checkKnown. Lets --help and --version answer without loading meow or anything else.
 */
export function booleanFlagSet(argv: readonly string[], specs: Record<string, FlagSpec>, key: string): boolean {
	let set = false;
	for (const token of tokens(argv, specs)) if (token.key === key) set = token.on;
	return set;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
