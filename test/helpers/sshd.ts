/**
 * A real OpenSSH server on 127.0.0.1 for the ssh:// Docker host tests, in front of the PRIVATE test engine.
 * Everything is generated in a temp dir: host key, the client's key (in a fake HOME's ~/.ssh), its
 * authorized_keys, known_hosts, the config and pid file. sshd runs in its own mount namespace where /run is
 * an empty tmpfs and /run/docker.sock (so /var/run/docker.sock, the default remote socket) is the private
 * engine's socket: nothing that comes through this sshd can reach the host's daemon, even by the default
 * path. Exec sessions are refused (ForceCommand /bin/false). A missing sshd THROWS: the test fails, never skips.
 */
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {createHmac, randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, connect as netConnect} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ENGINE_SOCKET} from './docker-engine.js';
import {waitFor} from './wait-for.js';

export const SSHD = '/usr/sbin/sshd';

export interface Sshd {
	port: number;
	/** A HOME with .ssh/id_ed25519 (authorized) and .ssh/known_hosts naming this server. */
	home: string;
	/** The server's public host key line, `type base64`. */
	hostKey: string;
	/** The private engine's socket as sshd sees it under another path (for ssh://…/path URLs). */
	enginePath: string;
	/** The sshd's log (stderr), for failure messages. */
	log(): string;
	/** Client connections open now: one sshd process per connection, a child of the listener. */
	connections(): number;
	/** Ends every client connection (kills their sshd processes, as a network loss would); the listener stays. */
	dropConnections(): void;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise((resolve) => server.close(resolve));
	return port;
}

function keygen(file: string): string {
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ddc-top-test', '-f', file]);
	return readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
}

/** A known_hosts line for this server: hashed (`|1|salt|hmac`, as HashKnownHosts writes it) or plain. */
export function knownHostsLine(name: string, hostKey: string, hashed: boolean): string {
	if (!hashed) return `${name} ${hostKey}`;
	const salt = randomBytes(20);
	const hmac = createHmac('sha1', salt).update(name).digest('base64');
	return `|1|${salt.toString('base64')}|${hmac} ${hostKey}`;
}

function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

export interface SshdOptions {
	/** known_hosts holds the server hashed, as with HashKnownHosts yes. */
	hashedKnownHosts?: boolean;
	/**
	 * No stream-local forwarding: every exec runs a relay from its stdin/stdout to /run/docker.sock, which
	 * is what `docker system dial-stdio` does on a real host (the client's fallback).
	 */
	execRelay?: boolean;
}

/** Starts sshd; the caller stops it (stop() also removes its directory), e.g. in after(). */
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
	if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install openssh-server (.ci/run does)`);
	if (!existsSync(ENGINE_SOCKET)) throw new Error(`the private engine's socket ${ENGINE_SOCKET} is missing: ensureEngine() first`);
	// Not tempDir(): its cleanup, registered from a before() hook, would run as soon as the hook ends. stop() removes it.
	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-sshd-'));
	const home = path.join(dir, 'home');
	mkdirSync(path.join(home, '.ssh'), {recursive: true, mode: 0o700});
	const hostKey = keygen(path.join(dir, 'host_ed25519'));
	const userKey = keygen(path.join(home, '.ssh', 'id_ed25519'));
	writeFileSync(path.join(dir, 'authorized_keys'), `${userKey}\n`);
	const port = await freePort();
	writeFileSync(
		path.join(home, '.ssh', 'known_hosts'),
		`# a comment, and another host's key first\nexample.org ${hostKey.split(' ')[0]} AAAAC3NzaC1lZDI1NTE5AAAAIOfakefakefakefakefakefakefakefakefakefakefake\n${knownHostsLine(`[127.0.0.1]:${port}`, hostKey, options.hashedKnownHosts ?? false)}\n`,
	);
	const enginePath = path.join(dir, 'engine.sock');
	writeFileSync(enginePath, '');
	const relay = path.join(dir, 'relay.mjs');
	writeFileSync(
		relay,
		[
			"import {connect} from 'node:net';",
			"const socket = connect('/run/docker.sock');",
			'process.stdin.pipe(socket);',
			'socket.pipe(process.stdout);',
			"socket.on('close', () => process.exit(0));",
			"socket.on('error', (error) => { process.stderr.write('relay: ' + error.message + '\\n'); process.exit(1); });",
			'',
		].join('\n'),
	);
	const config = path.join(dir, 'sshd_config');
	writeFileSync(
		config,
		[
			'ListenAddress 127.0.0.1',
			`Port ${port}`,
			`HostKey ${path.join(dir, 'host_ed25519')}`,
			`PidFile ${path.join(dir, 'sshd.pid')}`,
			`AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
			'StrictModes no',
			'UsePAM no',
			'PubkeyAuthentication yes',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'PermitRootLogin prohibit-password',
			`AllowStreamLocalForwarding ${options.execRelay ? 'no' : 'yes'}`,
			// Stream-local channels are refused unless local forwarding is allowed too (sshd treats them as one permission).
			'AllowTcpForwarding local',
			'X11Forwarding no',
			'PermitTTY no',
			// Exec never reaches a shell: the host's docker CLI would talk to the host's daemon.
			options.execRelay ? `ForceCommand ${process.execPath} ${relay}` : 'ForceCommand /bin/false',
			// The login shell that runs a ForceCommand reads ~/.bashrc when started by sshd: not root's own one.
			`SetEnv HOME=${dir}`,
			'LogLevel ERROR',
			'',
		].join('\n'),
	);
	// Run inside the new mount namespace: the engine's socket bound into the temp dir first (the tmpfs over
	// /run hides its real path), then /run emptied and /run/docker.sock made the engine's.
	const script = [
		'set -e',
		`mount --bind ${ENGINE_SOCKET} ${enginePath}`,
		'mount -t tmpfs -o mode=755 ddc-top-sshd /run',
		'mkdir -p /run/sshd',
		': > /run/docker.sock',
		`mount --bind ${enginePath} /run/docker.sock`,
		`exec ${SSHD} -D -e -f ${config}`,
	].join('\n');
	let log = '';
	const child: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		log += chunk.toString();
	});
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});
	const stop = async () => {
		if (!exited) {
			const gone = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await gone;
		}
		rmSync(dir, {recursive: true, force: true});
	};
	let listening = false;
	const probe = () => {
		const socket = netConnect(port, '127.0.0.1');
		socket.once('connect', () => {
			listening = true;
			socket.destroy();
		});
		socket.once('error', () => socket.destroy());
	};
	await waitFor(
		() => {
			if (exited) throw new Error(`sshd exited at start: ${log.trim()}`);
			if (!listening) probe();
			return listening;
		},
		15_000,
		`sshd listening on 127.0.0.1:${port}`,
		100,
	);
	const pid = child.pid!;
	return {
		port,
		home,
		hostKey,
		enginePath,
		log: () => log,
		connections: () => childrenOf(pid).length,
		dropConnections() {
			for (const connection of childrenOf(pid)) {
				try {
					process.kill(connection, 'SIGKILL');
				} catch {
					// Gone already.
				}
			}
		},
		stop,
	};
}
