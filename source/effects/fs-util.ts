import {type FileHandle, open} from 'node:fs/promises';
import {errorCode} from '../core/error-code.js';

/** Writes all of `data` at the handle's position (or appends, for an 'a' handle); short writes are retried. */
export async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
	let done = 0;
	while (done < data.length) {
		const {bytesWritten} = await handle.write(data, done, data.length - done);
		done += bytesWritten;
	}
}

/**
 * Makes a rename or link durable: on ext4/xfs the new name is only safe after the directory is synced.
 * Some filesystems refuse to sync a directory (EINVAL/EISDIR/EPERM); the rename already happened, so that
 * is not a failure.
 */
export async function fsyncDir(dir: string): Promise<void> {
	let handle: FileHandle | undefined;
	try {
		handle = await open(dir, 'r');
		await handle.sync();
	} catch {
		// See above: best effort.
	} finally {
		await handle?.close();
	}
}

/** unlink that treats "already gone" as done. */
export async function removeIfPresent(unlinkFn: (path: string) => Promise<void>, path: string): Promise<void> {
	try {
		await unlinkFn(path);
	} catch (error) {
		if (errorCode(error) !== 'ENOENT') throw error;
	}
}
