import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {copyFile, link, open, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {errorCode} from '../core/error-code.js';
import type {ExportFormat} from '../core/export-render.js';
import {compactTimestamp} from '../core/local-time.js';
import {checkExportTarget} from './export-target.js';
import {fsyncDir, removeIfPresent, writeAll} from './fs-util.js';

/** Thrown when the target exists and `force` was not given; nothing was written. */
export class ExportExistsError extends Error {
	constructor(readonly target: string) {
		super(`${target} already exists (use --force to overwrite)`);
		this.name = 'ExportExistsError';
	}
}

/** `ddc-top-snapshot-20261122-183000.json`: sorts by time, and says what made it. */
export function defaultExportName(format: ExportFormat, at: Date): string {
	return `ddc-top-snapshot-${compactTimestamp(at)}.${format}`;
}

/**
 * Where `--out` points: a file, or an existing directory to put the default name in. No `--out`: the
 * default name in `cwd`.
 */
export async function resolveExportTarget(out: string | undefined, cwd: string, format: ExportFormat, at: Date): Promise<string> {
	if (out === undefined || out === '') return path.join(cwd, defaultExportName(format, at));
	const target = path.resolve(cwd, out);
	try {
		if ((await stat(target)).isDirectory()) return path.join(target, defaultExportName(format, at));
	} catch {
		// Not there yet: it is the file name.
	}
	return target;
}

export interface WriteExportOptions {
	/** Replace an existing regular file (never anything else). */
	force?: boolean;
	/** The metrics file: it, its backups and cleanup's lock are never written over. */
	metricsPath?: string;
}

/**
 * Writes `content` to `target` so that nobody ever sees half a file, readable by the owner only (exports
 * can hold failure metadata). The content goes to a temp file in the same directory, is synced, and then
 * takes the name: `link` when the name must be new (it fails with EEXIST instead of replacing, with no
 * window between a check and the write), `rename` with `force`, and only over a regular file that is not
 * the metrics file or one of its own (checkExportTarget; it throws ExportTargetError).
 */
export async function writeExportFile(target: string, content: string, options: WriteExportOptions = {}): Promise<void> {
	await checkExportTarget(target, options.metricsPath);
	const temp = path.join(path.dirname(target), `.${path.basename(target)}.ddc-top-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
	const handle = await open(temp, 'wx', 0o600);
	try {
		try {
			// The creation mode is filtered by the umask; make sure it is 0600 whatever the umask.
			await handle.chmod(0o600);
			await writeAll(handle, Buffer.from(content, 'utf8'));
			await handle.sync();
		} finally {
			await handle.close();
		}
		if (options.force) {
			// Checked again just before the rename: the node at `target` is what rename would destroy.
			await checkExportTarget(target, options.metricsPath);
			await rename(temp, target);
		} else {
			await linkNew(temp, target);
		}
		await fsyncDir(path.dirname(target));
	} finally {
		await removeIfPresent(unlink, temp);
	}
}

async function linkNew(temp: string, target: string): Promise<void> {
	try {
		await link(temp, target);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'EEXIST') throw new ExportExistsError(target);
		// Filesystems without hard links: an exclusive copy still never replaces a file.
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
		try {
			await copyFile(temp, target, constants.COPYFILE_EXCL);
		} catch (copyError) {
			if (errorCode(copyError) === 'EEXIST') throw new ExportExistsError(target);
			throw copyError;
		}
	}
}
