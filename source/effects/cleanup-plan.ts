import {open, realpath} from 'node:fs/promises';
import {checkDays, cleanupCutoff} from '../core/cleanup-rule.js';
import {classifyLines} from './cleanup-pass.js';

export interface CleanupPlanOptions {
	/** Lines whose end_time is older than this many days are removed (DDC's `cleanup_old_metrics(days)`). */
	days: number;
	/** Wall clock, ms since the epoch. */
	now: () => number;
	/** Also remove lines that cannot be read (kept by default). */
	dropInvalid?: boolean;
}

/** What a cleanup would do, measured on the file as it is now; nothing is changed. */
export interface CleanupPlan {
	/** The real path (symlinks resolved): the file a cleanup would replace. */
	path: string;
	/** Epoch seconds: lines that ended before it are removed. */
	cutoff: number;
	/** Complete lines in the file. */
	lines: number;
	/** Lines removed in all: `old`, plus `invalid` when dropped. */
	remove: number;
	/** Lines that ended before the cutoff. */
	old: number;
	/** Readable lines that stay. */
	keep: number;
	/** Unreadable lines: they stay unless `invalidDropped`. */
	invalid: number;
	invalidDropped: boolean;
	/** An unfinished last line (no newline yet): always kept. */
	partialBytes: number;
	sizeBefore: number;
	sizeAfter: number;
}

export class CleanupInputError extends Error {
	override name = 'CleanupInputError';
}

export async function planCleanup(file: string, options: CleanupPlanOptions): Promise<CleanupPlan> {
	const problem = checkDays(options.days);
	if (problem) throw new CleanupInputError(problem);
	const real = await realpath(file);
	const handle = await open(real, 'r');
	try {
		const stats = await handle.stat();
		if (!stats.isFile()) throw new CleanupInputError(`${real} is not a regular file`);
		const cutoff = cleanupCutoff(options.now(), options.days);
		const dropInvalid = options.dropInvalid ?? false;
		const counts = await classifyLines(handle, stats.size, cutoff, dropInvalid);
		const partialBytes = Math.max(0, stats.size - counts.end);
		return {
			path: real,
			cutoff,
			lines: counts.lines,
			remove: counts.old + (dropInvalid ? counts.invalid : 0),
			old: counts.old,
			keep: counts.kept,
			invalid: counts.invalid,
			invalidDropped: dropInvalid,
			partialBytes,
			sizeBefore: stats.size,
			sizeAfter: counts.keptBytes + partialBytes,
		};
	} finally {
		await handle.close();
	}
}
