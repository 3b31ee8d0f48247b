import {UsageError} from './usage-error.js';

export type FlagSpec = {type: 'string'; shortFlag?: string} | {type: 'boolean'; shortFlag?: string; default?: boolean};

export interface Parsed {
	/** By the spec's key (camelCase); a boolean not given is its default or undefined. */
	flags: Record<string, string | boolean | undefined>;
	/** Arguments that are not flags or their values, and everything after `--`. */
	input: string[];
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The command line as meow parsed it (the rules kept: --no-name, --name=value, a string's value in the next
 * argument even when it starts with a digit's minus, `--flag true|false` for a boolean, a string flag at most
 * once, the last of --name / --no-name winning, everything after `--` as input), with one line for each
 * problem instead of meow's several lines and process.exit(2). Loading meow cost 60-100 ms on every start.
 */
export function parseFlags(argv: readonly string[], specs: Record<string, FlagSpec>): Parsed {
	const byName = new Map<string, [string, FlagSpec]>();
	for (const [key, spec] of Object.entries(specs)) {
		byName.set(kebab(key), [key, spec]);
		if (spec.shortFlag) byName.set(spec.shortFlag, [key, spec]);
	}
	const flags: Parsed['flags'] = {};
	const input: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') {
			input.push(...argv.slice(i + 1));
			break;
		}
		if (!arg.startsWith('-') || arg === '-') {
			input.push(arg);
			continue;
		}
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
		if (spec.type === 'boolean') {
			if (value !== undefined) throw new UsageError(`--${name} takes no value`);
			const next = argv[i + 1];
			if (on && (next === 'true' || next === 'false')) {
				flags[key] = next === 'true';
				i++;
			} else {
				flags[key] = on;
			}
			continue;
		}
		let text = value;
		if (text === undefined) {
			const next = argv[i + 1];
			if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) throw new UsageError(`--${name} needs a value`);
			text = next;
			i++;
		}
		if (flags[key] !== undefined) throw new UsageError(`The flag --${kebab(key)} can only be set once.`);
		flags[key] = text;
	}
	for (const [key, spec] of Object.entries(specs)) {
		if (spec.type === 'boolean' && flags[key] === undefined && spec.default !== undefined) flags[key] = spec.default;
	}
	return {flags, input};
}

/** Finds flags the command does not know, and flags without their value, as one UsageError. */
export function checkKnown(argv: readonly string[], specs: Record<string, FlagSpec>): void {
	parseFlags(argv, specs);
}

/**
 * Whether a boolean flag ends up set, after the same checks as checkKnown. Lets --help and --version
 * answer without loading anything else.
 */
export function booleanFlagSet(argv: readonly string[], specs: Record<string, FlagSpec>, key: string): boolean {
	return parseFlags(argv, specs).flags[key] === true;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
