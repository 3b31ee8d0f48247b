/**
 * What the HOST's Docker daemon (the one on /var/run/docker.sock, an operator's) looks like, read without
 * changing anything: who listens on its socket, its pid, and the containers it runs. The first test file
 * snapshots it and the last compares (so the whole run is covered), and the Docker source's tests do the
 * same around the private engine's restart.
 */
import {execFile, spawn} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync} from 'node:fs';
import net from 'node:net';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {commandLine} from './docker-engine.js';
import {currentRun, type ProcessId, processId, readJson, recordChild, stillRuns} from './test-run.js';

const run = promisify(execFile);
export const HOST_SOCKET = '/var/run/docker.sock';
/** In the run's directory: the snapshot of the first test file, and the whole run's tripwire. */
export const RUN_BEFORE_FILE = 'host-docker-before.json';
export const RUN_TRIPWIRE_FILE = 'tripwire.json';
const HOST_PID_FILE = '/var/run/docker.pid';

export interface HostContainer {
	id: string;
	name: string;
	startedAt: string;
	restartCount: number;
	running: boolean;
	/** For one that stopped: how (exit code and when), to tell a kill from a job that ended by itself. */
	exitCode?: number;
	finishedAt?: string;
}

export interface HostDocker {
	/** A file exists at /var/run/docker.sock. */
	socketExists: boolean;
	/** Pids of the processes listening on /var/run/docker.sock (usually none or one dockerd). */
	listeners: number[];
	/**
	 * systemd holds the socket and no dockerd runs: the first connection would START the daemon, so nothing
	 * connects to it (and `answers` stays false).
	 */
	socketActivated: boolean;
	/** `docker version` on that socket answered. */
	answers: boolean;
	/** The host's dockerd: its pid file when that names a live dockerd, else the socket's listener. */
	daemonPid?: number;
	/** Every container the host's daemon runs. */
	containers: HostContainer[];
}

/** Inodes of listening unix sockets bound to `socketPath` (also by its /run alias), from /proc/net/unix. */
function listeningInodes(socketPath: string): Set<string> {
	const aliases = new Set([socketPath, socketPath.replace(/^\/var\/run\//, '/run/'), socketPath.replace(/^\/run\//, '/var/run/')]);
	const inodes = new Set<string>();
	// Columns: Num RefCount Protocol Flags Type St Inode Path. Flags 00010000 is a listening socket.
	for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
		const cols = line.trim().split(/\s+/);
		if (cols.length >= 8 && cols[3] === '00010000' && aliases.has(cols[7])) inodes.add(cols[6]);
	}
	return inodes;
}

/** Pids of every process holding a listening socket bound to `socketPath`. */
export function socketListeners(socketPath: string): number[] {
	const inodes = listeningInodes(socketPath);
	if (inodes.size === 0) return [];
	const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${entry}/fd`);
		} catch {
			continue; // gone meanwhile
		}
		for (const fd of fds) {
			let target: string;
			try {
				target = readlinkSync(`/proc/${entry}/fd/${fd}`);
			} catch {
				continue;
			}
			if (wanted.has(target)) {
				pids.push(Number(entry));
				break;
			}
		}
	}
	return pids.sort((a, b) => a - b);
}

/** `docker --host unix:///var/run/docker.sock` with read-only commands only. */
async function hostDocker(args: string[]): Promise<string> {
	const env = {...process.env};
	for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[name];
	const {stdout} = await run('docker', ['--host', `unix://${HOST_SOCKET}`, ...args], {timeout: 15_000, env});
	return stdout.trim();
}

function pidFromFile(): number | undefined {
	try {
		const pid = Number(readFileSync(HOST_PID_FILE, 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 && commandLine(pid)?.includes('dockerd') ? pid : undefined;
	} catch {
		return undefined;
	}
}

function isDockerd(pid: number): boolean {
	return /(^|\/)dockerd( |$)/.test(commandLine(pid) ?? '');
}

export async function snapshotHostDocker(): Promise<HostDocker> {
	const socketExists = existsSync(HOST_SOCKET);
	const listeners = socketExists ? socketListeners(HOST_SOCKET) : [];
	const socketActivated =
		listeners.includes(1) && /systemd/.test(commandLine(1) ?? '') && !listeners.some(isDockerd) && pidFromFile() === undefined;
	// A tripwire of a test run (this one's or another's) counts every connection: it is not asked either.
	const tripwire = listeners.length > 0 && listeners.every((pid) => commandLine(pid)?.includes(TRIPWIRE_MAIN));
	const answers =
		socketExists &&
		!socketActivated &&
		!tripwire &&
		(await hostDocker(['version', '--format', '{{.Server.Version}}']).then(
			() => true,
			() => false,
		));
	// A listener that is no dockerd (systemd, a tripwire) is the daemon only when something answers there.
	const daemonPid = pidFromFile() ?? listeners.find(isDockerd) ?? (answers ? listeners[0] : undefined);
	const snapshot: HostDocker = {socketExists, listeners, socketActivated, answers, containers: []};
	if (daemonPid !== undefined) snapshot.daemonPid = daemonPid;
	if (answers) {
		const ids = (await hostDocker(['ps', '-q', '--no-trunc'])).split('\n').filter(Boolean);
		snapshot.containers = await hostContainers(ids);
	}
	return snapshot;
}

const INSPECT = '{{.Id}}|{{.Name}}|{{.State.StartedAt}}|{{.RestartCount}}|{{.State.Running}}|{{.State.ExitCode}}|{{.State.FinishedAt}}';

/** The host containers with these ids (read-only inspect); one removed meanwhile is simply not listed. */
export async function hostContainers(ids: string[]): Promise<HostContainer[]> {
	const found: HostContainer[] = [];
	for (const id of ids) {
		const out = await hostDocker(['inspect', '--format', INSPECT, id]).catch(() => undefined);
		if (!out) continue;
		const [fullId, name, startedAt, restarts, running, exitCode, finishedAt] = out.split('|');
		const container: HostContainer = {
			id: fullId,
			name: printable(name.replace(/^\//, '')),
			startedAt,
			restartCount: Number(restarts),
			running: running === 'true',
		};
		if (!container.running) Object.assign(container, {exitCode: Number(exitCode), finishedAt});
		found.push(container);
	}
	return found;
}

/** Names come from the host's daemon: printable ASCII only before they reach a report. */
function printable(text: string): string {
	return text.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * What changed on the host between two snapshots, one line each; empty when its daemon and every container
 * it ran were left alone. A daemon that did not answer before must not answer after (the tests started none).
 */
export async function hostChanges(before: HostDocker, now: HostDocker): Promise<string[]> {
	const problems: string[] = [];
	if (!before.answers) {
		if (now.answers) problems.push(`a Docker daemon answers on ${HOST_SOCKET} now; none did before the tests`);
		if (!before.socketExists && now.socketExists) problems.push(`${HOST_SOCKET} appeared during the tests`);
		if (before.socketActivated && now.daemonPid !== undefined && isDockerd(now.daemonPid)) {
			problems.push(`the socket-activated host daemon was started (dockerd pid ${now.daemonPid})`);
		}
	} else {
		if (!now.answers) problems.push(`the host's Docker daemon (pid ${before.daemonPid ?? '?'}) no longer answers`);
		if (now.daemonPid !== before.daemonPid)
			problems.push(`the host's dockerd was restarted: pid ${before.daemonPid ?? 'none'} before, ${now.daemonPid ?? 'none'} now`);
	}
	if (JSON.stringify(now.listeners) !== JSON.stringify(before.listeners)) {
		problems.push(`listeners on ${HOST_SOCKET} changed: [${before.listeners.join(', ')}] before, [${now.listeners.join(', ')}] now`);
	}
	if (before.containers.length === 0) return problems;
	const after = new Map((await hostContainers(before.containers.map((c) => c.id))).map((c) => [c.id, c]));
	for (const was of before.containers) {
		const is = after.get(was.id);
		if (!is) problems.push(`host container ${was.name} (${was.id.slice(0, 12)}) is gone`);
		else if (!is.running) problems.push(`host container ${was.name} stopped: exit code ${is.exitCode} at ${is.finishedAt}`);
		else if (is.startedAt !== was.startedAt || is.restartCount !== was.restartCount) {
			problems.push(
				`host container ${was.name} was restarted: started ${was.startedAt} (restarts ${was.restartCount}) before,` +
					` ${is.startedAt} (restarts ${is.restartCount}) now`,
			);
		}
	}
	return problems;
}

export interface Tripwire {
	/** The detached process that holds the socket. */
	readonly pid: number;
	readonly socketPath: string;
	/** Connections it accepted since it was set, and the first line each one sent. */
	state(): TripwireState;
	/** Stops it: it removes its socket file (only while the file at the path is still its own). */
	close(): Promise<TripwireState>;
}

export interface TripwireState {
	pid: number;
	socket: string;
	listening: boolean;
	inode: number;
	connections: number;
	requests: string[];
	/** Why it stopped, once it has. */
	ended: string;
}

const TRIPWIRE_MAIN = fileURLToPath(new URL('host-tripwire.mjs', import.meta.url));

/** The state a tripwire wrote last, from its state file. */
export function tripwireState(stateFile: string): TripwireState | undefined {
	return readJson<TripwireState>(stateFile);
}

/**
 * Where no host daemon is (nothing at /var/run/docker.sock), a listener there that only counts connections:
 * any code that falls back to the default socket instead of naming the private engine is caught. Held by a
 * detached process that ends with the test run even when the run is killed (see host-tripwire.mjs), and
 * recorded for the next run to end should it not. Undefined when something is at the path already (then it
 * is the host's, and left alone) or the path is not ours to bind (not root). `socketPath` and `run` other
 * than the defaults are for the tripwire's own tests.
 */
export async function startTripwire(
	stateFile: string,
	socketPath = HOST_SOCKET,
	run: ProcessId = currentRun(),
): Promise<Tripwire | undefined> {
	if (existsSync(socketPath)) return undefined;
	rmSync(stateFile, {force: true});
	const child = spawn(process.execPath, [TRIPWIRE_MAIN, socketPath, stateFile, String(run.pid), String(run.start)], {
		detached: true,
		stdio: 'ignore',
	});
	child.unref();
	const pid = child.pid!;
	const deadline = Date.now() + 10_000;
	let state = tripwireState(stateFile);
	while (!state?.listening && !state?.ended && Date.now() < deadline) {
		await delay(20);
		state = tripwireState(stateFile);
	}
	if (!state?.listening) {
		// Not root, or something took the path first: no tripwire, and nothing of ours is left running.
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already ended
		}
		return undefined;
	}
	recordChild(pid);
	return tripwireHandle(pid, socketPath, stateFile);
}

/** A tripwire started by another test file of this run, found by its state file. */
export function runningTripwire(stateFile: string): Tripwire | undefined {
	const state = tripwireState(stateFile);
	// The pid is taken for the tripwire only while it still runs the tripwire (a pid may be reused).
	return state?.listening && commandLine(state.pid)?.includes(TRIPWIRE_MAIN)
		? tripwireHandle(state.pid, state.socket, stateFile)
		: undefined;
}

function tripwireHandle(pid: number, socketPath: string, stateFile: string): Tripwire {
	const id = processId(pid);
	return {
		pid,
		socketPath,
		state: () => tripwireState(stateFile)!,
		async close() {
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// ended by itself (its run is over or its socket was replaced)
			}
			// It writes why it stopped just before it exits: both, so no caller sees it still running.
			const until = Date.now() + 10_000;
			while ((!tripwireState(stateFile)?.ended || (id && stillRuns(id))) && Date.now() < until) await delay(20);
			const last = tripwireState(stateFile);
			if (!last?.ended || (id && stillRuns(id))) throw new Error(`the tripwire (pid ${pid}) did not stop within 10 s`);
			return last;
		},
	};
}

/**
 * A tripwire killed outright (SIGKILL) leaves its socket file, which nothing listens on: it is removed
 * when it is still the very file (same inode) an ended run's tripwire recorded.
 */
export function removeStaleTripwireSocket(stateFiles: string[], socketPath = HOST_SOCKET): boolean {
	let inode: number;
	try {
		inode = statSync(socketPath).ino;
	} catch {
		return false;
	}
	if (socketListeners(socketPath).length > 0) return false;
	for (const file of stateFiles) {
		if (tripwireState(file)?.inode === inode) {
			rmSync(socketPath);
			return true;
		}
	}
	return false;
}

export interface TripwireReport {
	/** Connections before our own probe, with the first line each sent. */
	connections: number;
	requests: string[];
	/** Our own probe was counted: the tripwire was listening all along. */
	probeCounted: boolean;
	/** Its socket file is gone after it stopped (it was still its own). */
	socketRemoved: boolean;
	ended: string;
}

/** Reads what the tripwire counted, proves it listens with one connection of our own, then stops it. */
export async function closeTripwire(tripwire: Tripwire): Promise<TripwireReport> {
	const {connections, requests} = tripwire.state();
	const probe = net.connect(tripwire.socketPath);
	probe.on('error', () => {});
	const deadline = Date.now() + 5000;
	while (tripwire.state().connections === connections && Date.now() < deadline) await delay(20);
	const probeCounted = tripwire.state().connections === connections + 1;
	probe.destroy();
	const last = await tripwire.close();
	return {connections, requests, probeCounted, socketRemoved: !existsSync(tripwire.socketPath), ended: last.ended};
}
