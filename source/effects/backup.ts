import type {Stats} from 'node:fs';
import {access, type FileHandle, link, open, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {errorCode} from '../core/error-code.js';
import {compactTimestamp} from '../core/local-time.js';
import {removeIfPresent, writeAll} from './fs-util.js';

export interface Backup {
	path: string;
	/**
	 * 'link': a second name for the old file itself, free and complete: writers that still hold the old
	 * file open after the rename append into it too. 'copy': where links are refused; kept complete by
	 * `catchUp` after the old file is drained.
	 */
	kind: 'link' | 'copy';
	/** Bytes of the old file the backup holds (for a link: all of them, always). */
	copied: number;
	/**
	 * A copy is written under this temporary name (swept by the next run if this one is killed) and takes
	 * `path` only just before the cleanup's rename: a copy named `.bak-` is always a complete one.
	 */
	tempPath?: string;
}

/** Prefix of a copy backup's temporary name, next to the file. */
export function backupTempPrefix(file: string): string {
	return `.${path.basename(file)}.ddc-top-bak-`;
}

/** The file's backups are named `<file>.bak-...`; this prefix (a base name) finds them. */
export function backupPrefix(file: string): string {
	return `${path.basename(file)}.bak-`;
}

/** Thrown when the path stops naming the file being cleaned (DDC's own cleanup replaced it meanwhile). */
export class FileReplacedError extends Error {
	constructor(readonly file: string) {
		super(`${file} was replaced by another program while cleaning`);
		this.name = 'FileReplacedError';
	}
}

const CHUNK = 4 * 1024 * 1024;

/** `performance_metrics.jsonl.bak-20261122-183000`, then `-2`, `-3`... when a backup of that second exists. */
function backupName(file: string, at: Date, n: number): string {
	return `${file}.bak-${compactTimestamp(at)}${n > 1 ? `-${n}` : ''}`;
}

/**
 * Backs up the old file (`old`, open on `file`, `oldStats` its fstat) before the rename. A hard link first;
 * it is checked to be the very inode being cleaned, since `link` goes by name.
 */
export async function makeBackup(file: string, old: FileHandle, oldStats: Stats, at: Date, upTo: number): Promise<Backup> {
	for (let n = 1; n < 100; n++) {
		const target = backupName(file, at, n);
		try {
			await link(file, target);
		} catch (error) {
			const code = errorCode(error);
			if (code === 'EEXIST') continue;
			return copyBackup(file, target, old, oldStats, upTo);
		}
		const linked = await stat(target);
		if (linked.ino !== oldStats.ino || linked.dev !== oldStats.dev) {
			await removeIfPresent(unlink, target);
			throw new FileReplacedError(file);
		}
		return {path: target, kind: 'link', copied: Number.POSITIVE_INFINITY};
	}
	throw new Error(`too many backups named ${backupName(file, at, 1)}-N`);
}

async function copyBackup(file: string, target: string, old: FileHandle, oldStats: Stats, upTo: number): Promise<Backup> {
	const temp = path.join(path.dirname(file), `${backupTempPrefix(file)}${process.pid}`);
	const handle = await open(temp, 'w', 0o600);
	const backup: Backup = {path: target, kind: 'copy', copied: 0, tempPath: temp};
	try {
		await copyRange(old, backup, handle, upTo);
		await handle.chmod(oldStats.mode & 0o7777);
		await chownIfNeeded(handle, oldStats);
		await handle.sync();
	} catch (error) {
		await handle.close();
		await removeIfPresent(unlink, temp);
		throw error;
	}
	await handle.close();
	return backup;
}

/** Gives a copy backup its name, just before the cleanup's rename (a link has had its name all along). */
export async function commitBackup(backup: Backup): Promise<void> {
	if (!backup.tempPath) return;
	let taken = true;
	try {
		await access(backup.path);
	} catch (error) {
		if (errorCode(error) !== 'ENOENT') throw error;
		taken = false;
	}
	// rename would replace it; the name was free when chosen, so another program made it meanwhile.
	if (taken) throw new Error(`${backup.path} appeared while cleaning`);
	await rename(backup.tempPath, backup.path);
	backup.tempPath = undefined;
}

/** Removes a backup made by a cleanup that did not take effect: it is not a backup of anything. */
export async function discardBackup(backup: Backup): Promise<void> {
	await removeIfPresent(unlink, backup.tempPath ?? backup.path);
}

/** A copy backup misses what reached the old file after it was made: append that (links need nothing). */
export async function catchUpBackup(backup: Backup, old: FileHandle, upTo: number): Promise<void> {
	if (backup.kind === 'link' || backup.copied >= upTo) return;
	const handle = await open(backup.path, 'a');
	try {
		await copyRange(old, backup, handle, upTo);
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function copyRange(old: FileHandle, backup: Backup, target: FileHandle, upTo: number): Promise<void> {
	const buffer = Buffer.allocUnsafe(CHUNK);
	while (backup.copied < upTo) {
		const {bytesRead} = await old.read(buffer, 0, Math.min(CHUNK, upTo - backup.copied), backup.copied);
		if (bytesRead === 0) break;
		await writeAll(target, buffer.subarray(0, bytesRead));
		backup.copied += bytesRead;
	}
}

/** Gives a new file the old one's owner; only root may, and only root needs to (DDC runs as its own user). */
export async function chownIfNeeded(handle: FileHandle, want: Stats): Promise<void> {
	const have = await handle.stat();
	if (have.uid !== want.uid || have.gid !== want.gid) await handle.chown(want.uid, want.gid);
}
