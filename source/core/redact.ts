import {REDACTED, redactString} from './redact-text.js';
import {isSecretKey} from './secret-key.js';

/**
 * Deep redaction of DDC's free-form metadata before it leaves the machine in an export. DDC holds Discord
 * bot tokens and an admin password, and any caller can put anything in `metadata`, so values are dropped
 * whole under keys whose name says secret (secret-key.ts), and every string, keys included, has the shapes
 * of well-known secrets replaced (redact-text.ts), erring towards redacting too much.
 */

export {REDACTED, redactString};

/** JSON.parse can nest deeper than anything useful; below this depth a value is replaced by a marker. */
export const MAX_DEPTH = 64;
export const TOO_DEEP = '[too deep]';

type Container = unknown[] | Record<string, unknown>;

/** A value under a secret key: the secret goes; null and booleans say nothing and help the reader. */
function secretValue(value: unknown): unknown {
	return value === null || typeof value === 'boolean' ? value : REDACTED;
}

function leaf(value: unknown): unknown {
	return typeof value === 'string' ? redactString(value) : value;
}

/** `out[key] = value` that also works for a key named `__proto__` (JSON.parse makes it an own key). */
function put(out: Container, key: string | number, value: unknown): void {
	Object.defineProperty(out, key, {value, enumerable: true, writable: true, configurable: true});
}

/**
 * A redacted deep copy; the input is not changed. Iterative, with an explicit stack, so no nesting depth
 * or width can exhaust the call stack.
 */
export function redact(value: unknown): unknown {
	if (value === null || typeof value !== 'object') return leaf(value);
	const root: Container = Array.isArray(value) ? [] : {};
	const stack: Array<{from: object; to: Container; depth: number}> = [{from: value, to: root, depth: 0}];
	for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
		const {from, to, depth} = item;
		const entries: Array<[string | number, unknown]> = Array.isArray(from)
			? from.map((v, i) => [i, v] as [number, unknown])
			: Object.entries(from);
		for (const [key, child] of entries) {
			const outKey = typeof key === 'number' ? key : redactString(key);
			if (typeof key === 'string' && isSecretKey(key)) {
				put(to, outKey, secretValue(child));
			} else if (child === null || typeof child !== 'object') {
				put(to, outKey, leaf(child));
			} else if (depth + 1 >= MAX_DEPTH) {
				put(to, outKey, TOO_DEEP);
			} else {
				const copy: Container = Array.isArray(child) ? [] : {};
				put(to, outKey, copy);
				stack.push({from: child, to: copy, depth: depth + 1});
			}
		}
	}
	return root;
}
