import {UsageError} from './usage-error.js';

export type FlagSpec = {type: 'string'; shortFlag?: string} | {type: 'boolean'; shortFlag?: string; default?: boolean};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Checks the raw argv before meow parses it: meow's own check (`allowUnknownFlags: false`) prints several lines
 * with console.error and calls process.exit(2), which would end the caller's process (or the test run) instead
 * of returning the exit code. An unknown flag, a value given to a boolean and a string flag without its value
 * are each one UsageError.
 *
 * Returns the booleans as they end up after the arguments (the last of --name / --no-name, `--name true|false`
 * as meow reads them), so --help and --version are answered from this alone, before meow (60-100 ms to load)
 * or anything else loads. Everything else (values, defaults, input, a string flag given twice) is meow's.
 */
export function checkKnown(argv: readonly string[], specs: Record<string, FlagSpec>): Record<string, boolean> {
	const byName = new Map<string, [string, FlagSpec]>();
	for (const [key, spec] of Object.entries(specs)) {
		byName.set(kebab(key), [key, spec]);
		if (spec.shortFlag) byName.set(spec.shortFlag, [key, spec]);
	}
	const booleans: Record<string, boolean> = {};
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
			if (negated?.[1].type === 'boolean') [found, on] = [negated, false];
		}
		if (!found || (!long && name.length !== 1)) throw new UsageError(`unknown flag ${long ? '--' : '-'}${name}`);
		const [key, spec] = found;
		const next = argv[i + 1];
		if (spec.type === 'boolean') {
			if (value !== undefined) throw new UsageError(`--${name} takes no value`);
			booleans[key] = on && next !== 'false';
			if (on && (next === 'true' || next === 'false')) i++;
		} else if (value === undefined) {
			if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) throw new UsageError(`--${name} needs a value`);
			i++;
		}
	}
	return booleans;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
