import {type ChildProcess, spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const HELPERS = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HELPERS, '../..');
/** The installed entry point, which runs the build in dist/ (npm test builds first). */
export const BIN = path.join(REPO, 'bin/ddc-top.js');

/** tsx resolved from the repository, so children run with another working directory still find it. */
const TSX = import.meta.resolve('tsx');

/** Starts a helper as a real process: `.ts` through tsx, `.mjs` with plain node. */
export function startHelper(name: string, args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): ChildProcess {
	const script = path.join(HELPERS, name);
	const nodeArgs = name.endsWith('.ts') ? ['--import', TSX, script, ...args] : [script, ...args];
	return spawn(process.execPath, nodeArgs, {
		cwd: options.cwd ?? REPO,
		env: {...process.env, ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
}

export interface Finished {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<Finished> {
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
	child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
}

/** Runs a helper to the end with stdin closed (not a terminal). */
export async function runHelper(
	name: string,
	args: string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string} = {},
): Promise<Finished> {
	const child = startHelper(name, args, options);
	const done = finished(child);
	child.stdin?.end(options.input ?? '');
	return done;
}

/**
 * Runs the real CLI to the end with stdin closed and stdout piped (not a terminal), as a script would. A
 * hang is killed after `timeoutMs` and shows as a signal, not a pass; `ms` is how long it ran.
 */
export async function runCli(
	args: string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number} = {},
): Promise<Finished & {ms: number}> {
	const started = Date.now();
	const child = spawn(process.execPath, [BIN, ...args], {
		cwd: options.cwd ?? REPO,
		env: {...process.env, ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
	const done = finished(child);
	child.stdin?.end();
	try {
		return {...(await done), ms: Date.now() - started};
	} finally {
		clearTimeout(killer);
	}
}
