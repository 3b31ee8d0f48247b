import type {Key} from 'ink';
import {type Binding, type Command, KEY_BINDINGS, type KeySpec} from './key-bindings.js';

// The table itself is in key-bindings.ts (no import, so --help can print from it before any package loads);
// this module matches presses against it.
export {type Binding, type Command, type Hint, KEY_BINDINGS, type KeySpec} from './key-bindings.js';
export {helpLines} from './key-hints.js';

function matches(spec: KeySpec, input: string, key: Key): boolean {
	if (spec.named) return key[spec.named] === true;
	if (Boolean(spec.ctrl) !== key.ctrl) return false;
	return spec.input === input;
}

/** The one place a key press becomes a command. */
export function commandFor(input: string, key: Key, bindings: readonly Binding[] = KEY_BINDINGS): Command | undefined {
	for (const binding of bindings) {
		if (binding.keys.some((spec) => matches(spec, input, key))) return binding.command;
	}
	return undefined;
}
