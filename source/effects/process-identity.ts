import {readFile, readlink} from 'node:fs/promises';
import {hostname} from 'node:os';
import {errorCode} from '../core/error-code.js';

/**
 * What tells one process from another beyond its pid: the host, the PID namespace (a container has its own,
 * where pids start again at 1), the boot (pids restart after a reboot) and the process's start time (a pid
 * is reused once its process exits). Each is undefined where the system does not say (no /proc).
 */
export interface ProcessIdentity {
	pid: number;
	host: string;
	/** `pid:[4026531836]`, from /proc/self/ns/pid. */
	pidNamespace?: string;
	/** /proc/sys/kernel/random/boot_id. */
	bootId?: string;
	/** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
	startTicks?: string;
}

async function quietly<T>(read: () => Promise<T>): Promise<T | undefined> {
	try {
		return await read();
	} catch {
		return undefined;
	}
}

export async function currentProcessIdentity(): Promise<ProcessIdentity> {
	const [pidNamespace, bootId, startTicks] = await Promise.all([
		quietly(() => readlink('/proc/self/ns/pid')),
		quietly(async () => (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim() || undefined),
		processStartTicks(process.pid),
	]);
	return {pid: process.pid, host: hostname(), pidNamespace, bootId, startTicks};
}

/** When `pid` started, in clock ticks after boot; undefined if it is gone or the system does not say. */
export async function processStartTicks(pid: number): Promise<string | undefined> {
	const text = await quietly(() => readFile(`/proc/${pid}/stat`, 'utf8'));
	if (text === undefined) return undefined;
	// The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const start = fields[22 - 3];
	return start && /^\d+$/.test(start) ? start : undefined;
}

/** Whether a process with this pid exists in our PID namespace (EPERM: it exists but is someone else's). */
export function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return errorCode(error) === 'EPERM';
	}
}
