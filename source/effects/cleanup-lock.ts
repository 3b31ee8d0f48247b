import {randomBytes} from 'node:crypto';
import {link, open, readFile, rename, stat, unlink, utimes} from 'node:fs/promises';
import path from 'node:path';
import {errorCode} from '../core/error-code.js';
import {removeIfPresent, writeAll} from './fs-util.js';
import {currentProcessIdentity, isProcessAlive, type ProcessIdentity, processStartTicks} from './process-identity.js';

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

/** Names of our lock's temporary files, next to the lock: a killed run's are swept by the next holder. */
export function lockTempPrefixes(file: string): string[] {
	const base = path.basename(lockPathFor(file));
	return [`${base}.new-`, `${base}.stale-`];
}

/**
 * A running cleanup touches its lock this often, so a lock that nobody touched for `LOCK_STALE_AFTER_MS`
 * belongs to no running cleanup, whoever it names: a run on another host or in another PID namespace (a
 * container) whose process cannot be looked up from here, or a PID that now belongs to someone else.
 */
export const LOCK_HEARTBEAT_MS = 15_000;
export const LOCK_STALE_AFTER_MS = 5 * 60_000;
/** A lock younger than this with no readable owner may be being written by its creator right now. */
const UNREADABLE_GRACE_MS = 5000;

interface Holder extends ProcessIdentity {
	created: string;
}

/**
 * The lock's text: pid, host and creation time on the first three lines (what older versions wrote), then
 * `key=value` lines: the PID namespace, boot id and process start time that tell whether the pid, if alive,
 * is still the same process.
 */
function lockText(me: ProcessIdentity, createdMs: number): string {
	return (
		`${me.pid}\n${me.host}\n${new Date(createdMs).toISOString()}\n` +
		`pidns=${me.pidNamespace ?? ''}\nboot=${me.bootId ?? ''}\nstart=${me.startTicks ?? ''}\n`
	);
}

function parseHolder(text: string): Holder | undefined {
	const [pidText, host, created = '', ...rest] = text.split('\n');
	const pid = Number(pidText);
	if (!/^\d+$/.test(pidText) || !Number.isSafeInteger(pid) || pid <= 0 || !host) return undefined;
	const keys = new Map<string, string>();
	for (const line of rest) {
		const at = line.indexOf('=');
		if (at > 0 && line.slice(at + 1) !== '') keys.set(line.slice(0, at), line.slice(at + 1));
	}
	return {pid, host, created, pidNamespace: keys.get('pidns'), bootId: keys.get('boot'), startTicks: keys.get('start')};
}

type Verdict = {stale: true} | {stale: false; holder: string};

const minutes = (ms: number) => `${Math.round(ms / 60_000)} minutes`;

/** Whether the lock's holder can still be running a cleanup; with the words for a refusal when it can. */
async function judge(holder: Holder | undefined, ageMs: number, me: ProcessIdentity): Promise<Verdict> {
	if (!holder) return ageMs < UNREADABLE_GRACE_MS ? {stale: false, holder: 'a run that is starting'} : {stale: true};
	if (ageMs > LOCK_STALE_AFTER_MS) return {stale: true};
	const takeOver = `taken over once it is not refreshed for ${minutes(LOCK_STALE_AFTER_MS)}`;
	if (holder.host !== me.host) return {stale: false, holder: `pid ${holder.pid} on host ${holder.host}; ${takeOver}`};
	if (holder.bootId && me.bootId && holder.bootId !== me.bootId) return {stale: true}; // written before a reboot
	if (holder.pidNamespace && me.pidNamespace && holder.pidNamespace !== me.pidNamespace) {
		return {stale: false, holder: `pid ${holder.pid} in another PID namespace (a container?); ${takeOver}`};
	}
	if (!isProcessAlive(holder.pid)) return {stale: true};
	// Alive, but the same process? A pid is reused; a container's PID 1 always exists.
	if (holder.startTicks && me.startTicks) {
		const start = await processStartTicks(holder.pid);
		if (start !== undefined && start !== holder.startTicks) return {stale: true};
	}
	return {stale: false, holder: `pid ${holder.pid}`};
}

/**
 * Takes the cleanup lock next to the file, so of two cleanups exactly one rewrites the file and the other
 * refuses. The lock's text is written to a temp file and linked into place: `link` fails if the lock exists
 * (of two runs exactly one wins), and the lock is complete from the moment it appears, so a failed write
 * (a full filesystem) leaves no empty lock behind, only a temp file that is removed at once. A stale lock
 * (see `judge`) is stolen. The steal renames it aside first, because rename moves one inode exactly once:
 * two runs that both saw the same stale lock cannot both remove a fresh one.
 * Returns the release function; until it is called the lock is touched every `LOCK_HEARTBEAT_MS`.
 * `now` is the wall clock in ms; `onStaleRemoved` is called when this run removed a stale lock to take it.
 */
/** The lock's text and age, or undefined when there is none. */
async function readLock(lockPath: string): Promise<{text: string; mtimeMs: number} | undefined> {
	try {
		return {text: await readFile(lockPath, 'utf8'), mtimeMs: (await stat(lockPath)).mtimeMs};
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return undefined;
		throw error;
	}
}

export async function acquireCleanupLock(file: string, now: () => number, onStaleRemoved?: () => void): Promise<() => Promise<void>> {
	const lockPath = lockPathFor(file);
	const me = await currentProcessIdentity();
	const mine = lockText(me, now());
	for (let attempt = 0; attempt < 3; attempt++) {
		if (await createLock(lockPath, mine)) return holdLock(lockPath);
		const found = await readLock(lockPath);
		if (found === undefined) continue; // released meanwhile: try again
		const {text, mtimeMs} = found;
		const verdict = await judge(parseHolder(text), now() - mtimeMs, me);
		if (!verdict.stale) throw new CleanupLockedError(lockPath, verdict.holder);
		if (await stealStaleLock(lockPath, text)) onStaleRemoved?.();
	}
	throw new CleanupLockedError(lockPath, 'the lock keeps changing hands');
}

export type LockState = {state: 'none'} | {state: 'stale'} | {state: 'held'; holder: string};

/**
 * The lock as `acquireCleanupLock` would judge it, without taking or changing it (for a preview): no lock,
 * a stale one (the next run removes it), or held by a run that may be cleaning now, in a refusal's words.
 */
export async function inspectCleanupLock(file: string, now: () => number): Promise<LockState> {
	const lockPath = lockPathFor(file);
	const found = await readLock(lockPath);
	if (found === undefined) return {state: 'none'};
	const verdict = await judge(parseHolder(found.text), now() - found.mtimeMs, await currentProcessIdentity());
	return verdict.stale ? {state: 'stale'} : {state: 'held', holder: verdict.holder};
}

/** Creates the lock with its full text; false when a lock exists. Whatever fails, nothing of ours stays. */
async function createLock(lockPath: string, text: string): Promise<boolean> {
	const temp = `${lockPath}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		await writeNew(temp, text);
		try {
			await link(temp, lockPath);
			return true;
		} catch (error) {
			const code = errorCode(error);
			if (code === 'EEXIST') return false;
			if (code === 'ENOENT') return false; // a stale-lock sweep took our temp file: look again
			if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
		}
		// No hard links here: create the lock itself exclusively, and take it back if its text fails.
		try {
			await writeNew(lockPath, text);
			return true;
		} catch (error) {
			if (errorCode(error) === 'EEXIST') return false;
			throw error;
		}
	} finally {
		await removeIfPresent(unlink, temp);
	}
}

/** Writes a new file exclusively; if the write fails the file is removed again. */
async function writeNew(target: string, text: string): Promise<void> {
	const handle = await open(target, 'wx', 0o600);
	try {
		await writeAll(handle, Buffer.from(text));
	} catch (error) {
		await handle.close().catch(() => undefined);
		await removeIfPresent(unlink, target);
		throw error;
	}
	await handle.close();
}

function holdLock(lockPath: string): () => Promise<void> {
	const heartbeat = setInterval(() => {
		const t = new Date();
		utimes(lockPath, t, t).catch(() => undefined);
	}, LOCK_HEARTBEAT_MS);
	heartbeat.unref();
	return async () => {
		clearInterval(heartbeat);
		await removeIfPresent(unlink, lockPath);
	};
}

/** True when this run removed the stale lock; false when another run moved it first. */
async function stealStaleLock(lockPath: string, staleText: string): Promise<boolean> {
	const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		await rename(lockPath, aside);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return false; // someone else moved it: retry from the top
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
	return true;
}
