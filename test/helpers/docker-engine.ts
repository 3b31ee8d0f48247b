/**
 * The PRIVATE Docker engine the tests talk to (.ci/docker-engine.sh starts it under its own directory, with
 * its own socket, data-root, exec-root, pid file and containerd). Every call here names that engine
 * explicitly: never the default socket, never the caller's DOCKER_HOST or context, because the host's
 * daemon runs an operator's containers. ensureEngine() THROWS when the engine cannot start: a test that
 * needs Docker fails without it, it never skips.
 */
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
export const ENGINE_SCRIPT = fileURLToPath(new URL('../../.ci/docker-engine.sh', import.meta.url));
export const TEST_IMAGE = 'local/busybox:latest';

/** Same default and override as .ci/docker-engine.sh. */
export const ENGINE_DIR = process.env.DDC_TOP_TEST_ENGINE_DIR || '/run/ddc-top-test-engine';
export const ENGINE_SOCKET = path.join(ENGINE_DIR, 'docker.sock');
export const ENGINE_HOST = `unix://${ENGINE_SOCKET}`;
export const ENGINE_PID_FILE = path.join(ENGINE_DIR, 'docker.pid');
export const ENGINE_CONTAINERD_SOCKET = path.join(ENGINE_DIR, 'containerd', 'containerd.sock');

/**
 * The environment for every child that may talk to Docker (the docker CLI, the engine script, ddc-top
 * itself): DOCKER_HOST is the private engine, and nothing of the caller's can send it elsewhere.
 */
export function engineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, ...extra, DOCKER_HOST: ENGINE_HOST};
	for (const name of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[name];
	return env;
}

/** `docker --host <private engine> args`; resolves stdout, rejects with stderr in the message. */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
	try {
		const {stdout} = await run('docker', ['--host', ENGINE_HOST, ...args], {
			timeout: timeoutMs,
			maxBuffer: 16 * 1024 * 1024,
			env: engineEnv(),
		});
		return stdout.trim();
	} catch (error) {
		const e = error as {stderr?: string; message: string};
		throw new Error(`docker ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
	}
}

export async function engineAnswers(): Promise<boolean> {
	try {
		await run('docker', ['--host', ENGINE_HOST, 'version', '--format', '{{.Server.Version}}'], {timeout: 10_000, env: engineEnv()});
		return true;
	} catch {
		return false;
	}
}

/** Runs .ci/docker-engine.sh with a command (start, stop, purge). */
export async function engineScript(command = 'start'): Promise<void> {
	try {
		await run('bash', [ENGINE_SCRIPT, command], {timeout: 240_000, env: engineEnv()});
	} catch (error) {
		const e = error as {stderr?: string; message: string};
		throw new Error(`docker-engine.sh ${command} failed: ${e.stderr?.trim() || e.message}`);
	}
}

/** Engine up and the offline test image present (the script is idempotent and builds it). */
export async function ensureEngine(): Promise<void> {
	await engineScript('start').catch((error: Error) => {
		throw new Error(`no Docker engine for the tests: ${error.message}`);
	});
	if (!(await engineAnswers())) throw new Error(`docker-engine.sh succeeded but ${ENGINE_HOST} does not answer`);
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

/** A process's command line as one string (NULs as spaces), or undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
	} catch {
		return undefined;
	}
}

/**
 * The private engine's dockerd pid, from ITS pid file, and only when that process really is the dockerd
 * serving the private socket (a pid file left by a crash may name a pid reused by anything).
 */
export function engineDaemonPid(): number | undefined {
	let pid: number;
	try {
		pid = Number(readFileSync(ENGINE_PID_FILE, 'utf8').trim());
	} catch {
		return undefined;
	}
	if (!Number.isInteger(pid) || pid <= 0) return undefined;
	const cmd = commandLine(pid);
	return cmd?.includes('dockerd') && cmd.includes(`--host ${ENGINE_HOST}`) ? pid : undefined;
}
