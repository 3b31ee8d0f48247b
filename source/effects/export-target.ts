import type {Stats} from 'node:fs';
import {lstat, readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {errorCode} from '../core/error-code.js';
import {backupPrefix} from './backup.js';

/** Thrown when an export must not be written where asked; nothing was written. */
export class ExportTargetError extends Error {
	constructor(
		readonly target: string,
		reason: string,
	) {
		super(`${target} ${reason}`);
		this.name = 'ExportTargetError';
	}
}

function kindOf(s: Stats): string | undefined {
	if (s.isFile()) return undefined;
	if (s.isDirectory()) return 'a directory';
	if (s.isSymbolicLink()) return 'a symbolic link';
	if (s.isCharacterDevice()) return 'a character device';
	if (s.isBlockDevice()) return 'a block device';
	if (s.isFIFO()) return 'a FIFO (named pipe)';
	if (s.isSocket()) return 'a socket';
	return 'not a regular file';
}

async function statOrUndefined(read: (p: string) => Promise<Stats>, p: string): Promise<Stats | undefined> {
	try {
		return await read(p);
	} catch (error) {
		if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
		throw error;
	}
}

/** The path with its directory's links resolved (the name itself may not exist yet). */
async function resolvedPath(p: string): Promise<string> {
	const absolute = path.resolve(p);
	try {
		return await realpath(absolute);
	} catch {
		try {
			return path.join(await realpath(path.dirname(absolute)), path.basename(absolute));
		} catch {
			return absolute;
		}
	}
}

/** What a name next to the metrics file is to it, if anything: the file, a backup, or cleanup's own files. */
function roleOf(name: string, metricsBase: string): string | undefined {
	if (name === metricsBase) return 'the metrics file';
	if (name.startsWith(backupPrefix(metricsBase))) return 'a backup of the metrics file';
	if (name.startsWith(`.${metricsBase}.ddc-top-`)) return "a file of ddc-top's cleanup of the metrics file (its lock or a temporary file)";
	return undefined;
}

/**
 * Refuses an export target that writing would destroy: anything but a regular file (a device such as
 * /dev/null, a FIFO, a socket, a directory, a symbolic link: a rename would replace the node itself), and
 * the metrics file, its backups and cleanup's lock and temp files, by name (after resolving links) or by
 * identity (a hard link to any of them). A target that does not exist yet passes unless its name is one of
 * those. Called just before the export takes its name, to keep the window for a swap small.
 */
export async function checkExportTarget(target: string, metricsPath?: string): Promise<void> {
	const own = await statOrUndefined(lstat, target);
	if (metricsPath !== undefined && metricsPath !== '') await checkNotMetrics(target, metricsPath, own !== undefined);
	const kind = own && kindOf(own);
	if (kind) throw new ExportTargetError(target, `is ${kind}; export writes only a new or regular file (--out - writes to stdout)`);
}

async function checkNotMetrics(target: string, metricsPath: string, exists: boolean): Promise<void> {
	const real = await resolvedPath(target);
	const candidates = [...new Set([await resolvedPath(metricsPath), path.resolve(metricsPath)])];
	for (const metrics of candidates) {
		const base = path.basename(metrics);
		const role =
			(path.dirname(real) === path.dirname(metrics) ? roleOf(path.basename(real), base) : undefined) ??
			(path.dirname(path.resolve(target)) === path.dirname(metrics) ? roleOf(path.basename(target), base) : undefined);
		if (role) throw new ExportTargetError(target, `is ${role}; export never writes over it`);
	}
	if (!exists) return;
	// A hard link (or a link we could not resolve by name) to one of them is the same file under another name.
	const followed = await statOrUndefined(stat, target);
	if (!followed) return;
	for (const metrics of candidates) {
		const dir = path.dirname(metrics);
		let names: string[];
		try {
			names = await readdir(dir);
		} catch {
			continue;
		}
		for (const name of names) {
			const role = roleOf(name, path.basename(metrics));
			if (!role) continue;
			const s = await statOrUndefined(stat, path.join(dir, name));
			if (s && s.ino === followed.ino && s.dev === followed.dev) {
				throw new ExportTargetError(target, `is ${role} under another name (${path.join(dir, name)}); export never writes over it`);
			}
		}
	}
}
