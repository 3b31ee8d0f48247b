import {sanitize} from '../core/sanitize.js';

/** A usage problem, worded for one stderr line. */
export class UsageError extends Error {
	override name = 'UsageError';
	constructor(message: string) {
		// Messages quote what was typed (a path, a filter): control characters are shown, never obeyed.
		super(sanitize(message));
	}
}
