import {randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import {link, open, readFile, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {errorCode, removeIfPresent} from './fs-util.js';

/** Thrown when another cleanup holds the lock; nothing was changed. */
export class CleanupLockedError extends Error {
	constructor(
		readonly lockPath: string,
		readonly holder: string,
	) {
		super(`another cleanup is running (${holder}); lock file ${lockPath}`);
		this.name = 'CleanupLockedError';
	}
}

export function lockPathFor(file: string): string {
	return path.join(path.dirname(file), `.${path.basename(file)}.ddc-top-lock`);
}

/** A lock younger than this with no readable owner is being written by its creator right now. */
const UNREADABLE_GRACE_MS = 5000;

interface Holder {
	pid: number;
	host: string;
}

function parseHolder(text: string): Holder | undefined {
	const [pidText, host] = text.split('\n');
	const pid = Number(pidText);
	if (!Number.isSafeInteger(pid) || pid <= 0 || host === undefined) return undefined;
	return {pid, host};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return errorCode(error) === 'EPERM';
	}
}

/**
 * Takes the cleanup lock next to the file: created with O_EXCL, so of two cleanups exactly one wins and
 * the other refuses instead of both rewriting the file. A lock left by a killed run (its pid is gone on
 * this host) is stolen. The steal renames the stale lock aside first, because rename moves one inode
 * exactly once: two runs that both saw the same stale lock cannot both remove a fresh one.
 * Returns the release function. `now` is the wall clock in ms.
 */
export async function acquireCleanupLock(file: string, now: () => number): Promise<() => Promise<void>> {
	const lockPath = lockPathFor(file);
	const mine = `${process.pid}\n${hostname()}\n${new Date(now()).toISOString()}\n`;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const handle = await open(lockPath, 'wx', 0o600);
			try {
				await handle.writeFile(mine);
			} finally {
				await handle.close();
			}
			return () => removeIfPresent(unlink, lockPath);
		} catch (error) {
			if (errorCode(error) !== 'EEXIST') throw error;
		}
		let text: string;
		let mtimeMs: number;
		try {
			text = await readFile(lockPath, 'utf8');
			mtimeMs = (await stat(lockPath)).mtimeMs;
		} catch (error) {
			if (errorCode(error) === 'ENOENT') continue; // released meanwhile: try again
			throw error;
		}
		const holder = parseHolder(text);
		if (holder) {
			if (holder.host !== hostname()) {
				throw new CleanupLockedError(lockPath, `pid ${holder.pid} on host ${holder.host}; remove the lock if that run is gone`);
			}
			if (isAlive(holder.pid)) throw new CleanupLockedError(lockPath, `pid ${holder.pid}`);
		} else if (now() - mtimeMs < UNREADABLE_GRACE_MS) {
			throw new CleanupLockedError(lockPath, 'a run that is starting');
		}
		await stealStaleLock(lockPath, text);
	}
	throw new CleanupLockedError(lockPath, 'the lock keeps changing hands');
}

async function stealStaleLock(lockPath: string, staleText: string): Promise<void> {
	const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		await rename(lockPath, aside);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return; // someone else moved it: retry from the top
		throw error;
	}
	const moved = await readFile(aside, 'utf8');
	if (moved !== staleText) {
		// We moved a fresh lock that replaced the stale one after we read it: put it back.
		try {
			await link(aside, lockPath);
		} catch {
			// A third run holds the path now; it has a lock of its own either way.
		}
		await removeIfPresent(unlink, aside);
		const holder = parseHolder(moved);
		throw new CleanupLockedError(lockPath, holder ? `pid ${holder.pid}` : 'another run');
	}
	await removeIfPresent(unlink, aside);
}
