import {constants, type Stats} from 'node:fs';
import {type FileHandle, open, stat} from 'node:fs/promises';
import {nonRegularKind, notRegularText} from '../core/file-kind.js';

/** The path is a FIFO, a device, a directory or a socket: nothing is read from it. */
export class NotRegularFileError extends Error {
	override name = 'NotRegularFileError';
	readonly code = 'ENOTREG';
	constructor(
		readonly path: string,
		/** In words: "a FIFO (named pipe)". */
		readonly kind: string,
	) {
		super(notRegularText(path, kind));
	}
}

/**
 * Opens `path` for reading only if it is a regular file. O_NONBLOCK keeps the open of a FIFO from waiting
 * for a writer (it has no effect on a regular file's reads); the type is taken from the open fd, so a path
 * swapped between a check and the open cannot slip through. Throws NotRegularFileError, or the fs error.
 */
export async function openRegularFile(path: string): Promise<{handle: FileHandle; stats: Stats}> {
	const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		const stats = await handle.stat();
		const kind = nonRegularKind(stats);
		if (kind) throw new NotRegularFileError(path, kind);
		return {handle, stats};
	} catch (error) {
		await handle.close().catch(() => {});
		throw error;
	}
}

/**
 * For a command's entry point: one line when `path` exists and is not a regular file, else undefined (a
 * missing or unreadable path is left to the command's own wording). stat follows links, as the open would.
 */
export async function nonRegularFileProblem(path: string): Promise<string | undefined> {
	let st: Stats;
	try {
		st = await stat(path);
	} catch {
		return undefined;
	}
	const kind = nonRegularKind(st);
	return kind ? notRegularText(path, kind) : undefined;
}
