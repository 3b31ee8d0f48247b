/**
 * A real Docker engine for the tests. ensureEngine() starts one with .ci/docker-engine.sh when none
 * answers and THROWS when it cannot: a test that needs Docker fails without it, it never skips.
 */
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
export const ENGINE_SCRIPT = fileURLToPath(new URL('../../.ci/docker-engine.sh', import.meta.url));
export const TEST_IMAGE = 'local/busybox:latest';

/** `docker` with arguments; resolves stdout, rejects with stderr in the message. */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
	try {
		const {stdout} = await run('docker', args, {timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024});
		return stdout.trim();
	} catch (error) {
		const e = error as {stderr?: string; message: string};
		throw new Error(`docker ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
	}
}

export async function engineAnswers(): Promise<boolean> {
	try {
		await run('docker', ['version', '--format', '{{.Server.Version}}'], {timeout: 10_000});
		return true;
	} catch {
		return false;
	}
}

/** Engine up and the offline test image present (the script is idempotent and builds it). */
export async function ensureEngine(): Promise<void> {
	try {
		await run('bash', [ENGINE_SCRIPT], {timeout: 240_000});
	} catch (error) {
		const e = error as {stderr?: string; message: string};
		throw new Error(`no Docker engine for the tests: ${e.stderr?.trim() || e.message}`);
	}
	if (!(await engineAnswers())) throw new Error('docker-engine.sh succeeded but `docker version` does not answer');
}

export interface Containers {
	/** Every name starts with this, so cleanup finds strays even from a crashed run of this process. */
	readonly prefix: string;
	/** `docker run -d --name <prefix><suffix> --network none --init <flags> local/busybox <cmd>`; resolves the id. */
	run(suffix: string, flags: string[], cmd: string[]): Promise<{id: string; name: string}>;
	remove(name: string): Promise<void>;
	/** Force-removes every container with the prefix; safe to call twice. */
	removeAll(): Promise<void>;
}

/**
 * `--init` puts tini in front of the command so SIGTERM stops `sleep` and `sh` at once: without it a
 * daemon shutdown (the restart test) waits 10 s per container for PID 1 to ignore the signal.
 */
export function createContainers(label = 'ddctop-test'): Containers {
	const prefix = `${label}-${process.pid}-${randomBytes(3).toString('hex')}-`;
	return {
		prefix,
		async run(suffix, flags, cmd) {
			const name = prefix + suffix;
			const id = await docker(['run', '-d', '--name', name, '--network', 'none', '--init', ...flags, TEST_IMAGE, ...cmd]);
			return {id, name};
		},
		async remove(name) {
			await docker(['rm', '-f', name]);
		},
		async removeAll() {
			const ids = await docker(['ps', '-aq', '--filter', `name=${prefix}`]).catch(() => '');
			if (ids) await docker(['rm', '-f', ...ids.split('\n')]);
		},
	};
}

/** The running dockerd's pid, from the process table. */
export async function dockerdPid(): Promise<number | undefined> {
	try {
		const {stdout} = await run('pidof', ['dockerd']);
		const pid = Number(stdout.trim().split(/\s+/)[0]);
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}
