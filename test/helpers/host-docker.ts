/**
 * What the HOST's Docker daemon (the one on /var/run/docker.sock, an operator's) looks like, read without
 * changing anything: who listens on its socket, its pid, and one running container. The tests compare a
 * snapshot taken before the private engine is started and restarted with one taken after.
 */
import {execFile} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync} from 'node:fs';
import net from 'node:net';
import {promisify} from 'node:util';
import {commandLine} from './docker-engine.js';

const run = promisify(execFile);
export const HOST_SOCKET = '/var/run/docker.sock';
const HOST_PID_FILE = '/var/run/docker.pid';

export interface HostDocker {
	/** A file exists at /var/run/docker.sock. */
	socketExists: boolean;
	/** Pids of the processes listening on /var/run/docker.sock (usually none or one dockerd). */
	listeners: number[];
	/** `docker version` on that socket answered. */
	answers: boolean;
	/** The host's dockerd: its pid file when that names a live dockerd, else the socket's listener. */
	daemonPid?: number;
	/** One running container of the host's daemon, when it runs any. */
	container?: {id: string; name: string; startedAt: string};
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
	const wanted = new Set([...inodes].map(inode => `socket:[${inode}]`));
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

export async function snapshotHostDocker(): Promise<HostDocker> {
	const socketExists = existsSync(HOST_SOCKET);
	const listeners = socketExists ? socketListeners(HOST_SOCKET) : [];
	const answers = socketExists && (await hostDocker(['version', '--format', '{{.Server.Version}}']).then(() => true, () => false));
	const snapshot: HostDocker = {socketExists, listeners, answers};
	const daemonPid = pidFromFile() ?? listeners[0];
	if (daemonPid !== undefined) snapshot.daemonPid = daemonPid;
	if (answers) {
		const id = (await hostDocker(['ps', '-q', '--no-trunc'])).split('\n')[0];
		if (id) snapshot.container = await hostContainer(id);
	}
	return snapshot;
}

/** A host container's name, StartedAt and whether it runs (read-only inspect). */
export async function hostContainer(id: string): Promise<{id: string; name: string; startedAt: string; running?: boolean}> {
	const out = await hostDocker(['inspect', '--format', '{{.Name}}|{{.State.StartedAt}}|{{.State.Running}}', id]);
	const [name, startedAt, running] = out.split('|');
	return {id, name: name.replace(/^\//, ''), startedAt, running: running === 'true'};
}

export interface Tripwire {
	/** Connections accepted since it was set. */
	readonly connections: number;
	/** Stops listening and removes its socket file (only while the file at the path is still its own). */
	close(): Promise<void>;
}

/**
 * Where no host daemon is (nothing at /var/run/docker.sock), a listener there that only counts connections:
 * any code that falls back to the default socket instead of naming the private engine is caught. Undefined
 * when something is at the path already (then it is the host's, and left alone) or the path is not ours to
 * bind (not root).
 */
export async function setTripwire(): Promise<Tripwire | undefined> {
	if (existsSync(HOST_SOCKET)) return undefined;
	let connections = 0;
	const server = net.createServer(socket => {
		connections++;
		socket.destroy();
	});
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(HOST_SOCKET, resolve);
		});
	} catch {
		return undefined;
	}
	const inode = statSync(HOST_SOCKET).ino;
	return {
		get connections() {
			return connections;
		},
		async close() {
			await new Promise(resolve => server.close(resolve));
			// A daemon started meanwhile replaces the file (new inode): that one is not ours to remove.
			try {
				if (statSync(HOST_SOCKET).ino === inode) rmSync(HOST_SOCKET);
			} catch {
				// already gone
			}
		},
	};
}
