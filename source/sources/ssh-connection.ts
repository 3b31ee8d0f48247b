/**
 * One SSH connection per ssh:// Docker host, shared by every request of the process (the containers'
 * stats streams, events, logs, the --container exec): each HTTP request is one channel on it, a
 * direct-streamlocal channel to the remote Docker socket (OpenSSH's `ssh -L local:/var/run/docker.sock`
 * kind). Those channels are not sessions, so sshd's MaxSessions (10 by default) does not cap them; the
 * docker-modem way (a new SSH connection running `docker system dial-stdio` per request) would cost a
 * handshake per request and hit that cap. When sshd forbids stream-local forwarding
 * (AllowStreamLocalForwarding no), the connection falls back to one `docker system dial-stdio` exec
 * per request, which needs the docker CLI on the remote host and is limited by MaxSessions.
 *
 * Authentication is OpenSSH's usual order without a config file: the SSH_AUTH_SOCK agent, then the
 * unencrypted ~/.ssh/id_ed25519, id_ecdsa, id_rsa. The host key must be in ~/.ssh/known_hosts
 * (ssh-known-hosts.ts). ssh2 is loaded on the first connection only (~13 MB of RSS), so a unix or tcp
 * host pays nothing for it.
 */
import {readFileSync} from 'node:fs';
import http from 'node:http';
import {homedir, userInfo} from 'node:os';
import path from 'node:path';
import type {Duplex} from 'node:stream';
import type {Client, ClientChannel, ConnectConfig} from 'ssh2';
import {checkHostKey, type HostKeyVerdict, hostKeyMessage, knownKeyTypes} from './ssh-known-hosts.js';

export interface SshTarget {
	host: string;
	port: number;
	username?: string;
	/** The Docker socket on the remote host. */
	socketPath: string;
}

/** SSH keepalives: a silent peer (cable pulled, host gone) is noticed within about a minute, as a lost connection. */
const KEEPALIVE_MS = 15_000;
const KEEPALIVE_COUNT = 3;
const READY_TIMEOUT_MS = 15_000;

/**
 * The exec fallback's sessions at once, under sshd's default MaxSessions of 10: live stats streams of more
 * containers than this wait (that is why stream-local forwarding is the way, and the fallback a fallback).
 */
const MAX_EXEC_SESSIONS = 8;
/** Retries of a session sshd refused while others were open (see dialStdioRetrying). */
const SESSION_RETRIES = 5;

const KEY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function sshError(message: string): Error {
	// Not a socket code: describeDockerError shows the message as it is, after the host's label.
	return Object.assign(new Error(message), {code: 'ESSH'});
}

function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

type Ssh2 = typeof import('ssh2');

async function loadSsh2(): Promise<Ssh2> {
	// ssh2 (also docker-modem's dependency, the same copy) is CommonJS, so its exports are the default.
	const module = (await import('ssh2')) as Ssh2 & {default?: Ssh2};
	return module.default ?? module;
}

/** A channel made to look enough like a net.Socket for node:http (which sets these on its sockets). */
function asSocket(channel: ClientChannel): Duplex {
	const socket = channel as unknown as Record<string, unknown>;
	for (const name of ['setNoDelay', 'setKeepAlive', 'setTimeout', 'ref', 'unref']) {
		if (typeof socket[name] !== 'function') socket[name] = () => channel;
	}
	return channel;
}

export class SshConnection {
	refs = 0;
	private client: Client | undefined;
	private ready: Promise<Client> | undefined;
	/** How channels reach the socket: unknown until one worked (then stream-local forwarding, or the exec fallback). */
	private way: 'unknown' | 'streamlocal' | 'exec' = 'unknown';
	private execs = 0;
	private readonly execWaiting: Array<() => void> = [];
	private ended = false;

	constructor(private readonly target: SshTarget) {}

	/** The user ssh would log in as: the URL's, else the local user's name. */
	private get username(): string {
		return this.target.username ?? userInfo().username;
	}

	/** A new channel to the remote Docker socket, connecting (again) first when needed. */
	async channel(socketPath: string): Promise<Duplex> {
		const client = await this.connect();
		let refused: Error | undefined;
		if (this.way !== 'exec') {
			try {
				const channel = await new Promise<ClientChannel>((resolve, reject) =>
					client.openssh_forwardOutStreamLocal(socketPath, (error, opened) => (error ? reject(error) : resolve(opened))),
				);
				this.way = 'streamlocal';
				return asSocket(channel);
			} catch (error) {
				// sshd gives the same answer for "forwarding not allowed" and "no such socket": once forwarding
				// has worked on this connection it is the socket; before, dial-stdio is worth one try.
				if (this.way === 'streamlocal') throw this.socketError(socketPath, error as Error);
				refused = error as Error;
			}
		}
		// Sessions are capped by sshd (MaxSessions, 10 by default): beyond a few at once, requests wait for one to end.
		await this.execSlot();
		try {
			const channel = await this.dialStdioRetrying(client, socketPath, refused);
			// At close, not at the command's exit: sshd counts the session until both sides have sent their close.
			channel.once('close', () => this.freeExecSlot());
			return channel;
		} catch (error) {
			this.freeExecSlot();
			throw error;
		}
	}

	/**
	 * sshd frees a session only after it has processed our close of it, so a session opened right after
	 * another one closed can still find MaxSessions full, and sshd's answer is a bare "open failed". While
	 * other sessions are open, that refusal is retried a few times with a growing pause (0.6 s in all).
	 */
	private async dialStdioRetrying(client: Client, socketPath: string, refused: Error | undefined): Promise<Duplex> {
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.dialStdio(client, socketPath, refused);
			} catch (error) {
				const full = (error as {openRefused?: boolean}).openRefused === true && this.execs > 1;
				if (!full || attempt >= SESSION_RETRIES) throw error;
				await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
			}
		}
	}

	private execSlot(): Promise<void> {
		if (this.execs < MAX_EXEC_SESSIONS) {
			this.execs++;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.execWaiting.push(resolve));
	}

	private freeExecSlot(): void {
		const next = this.execWaiting.shift();
		if (next) next();
		else this.execs--;
	}

	/** The fallback: `docker system dial-stdio` run on the remote host, its stdin and stdout the connection. */
	private dialStdio(client: Client, socketPath: string, refused: Error | undefined): Promise<Duplex> {
		const failed = (detail: string) =>
			refused ? this.socketError(socketPath, refused, detail) : sshError(`${this.where()}: \`docker system dial-stdio\` ${detail}`);
		return new Promise<Duplex>((resolve, reject) =>
			client.exec(`docker -H ${shellQuote(`unix://${socketPath}`)} system dial-stdio`, (error, channel) => {
				if (error) return reject(Object.assign(failed(`could not run (${error.message})`), {openRefused: true}));
				let stderr = '';
				channel.stderr.on('data', (chunk: Buffer) => {
					if (stderr.length < 500) stderr += chunk.toString();
				});
				// sshd sends EOF before the exit status: node:http would read that EOF as "socket hang up". Until
				// the command has answered, its EOF waits for the exit status, so a failure can say what failed.
				let answered = false;
				let heldEnd = false;
				const push = channel.push.bind(channel);
				channel.push = (chunk: unknown, encoding?: BufferEncoding) => {
					if (chunk === null && !answered && !heldEnd) {
						heldEnd = true;
						return false;
					}
					if (chunk !== null && !answered) {
						answered = true;
						this.way = 'exec';
					}
					return push(chunk, encoding);
				};
				channel.once('exit', (code: number | null) => {
					if (code !== 0 && !answered) {
						const said = stderr.trim().split('\n')[0] ?? '';
						// At once, not on destroy()'s next tick: ssh2 emits 'close' right after the exit status, and
						// node:http would report a bare "socket hang up" on a close it saw first.
						channel.emit('error', failed(`exited with ${code ?? 'a signal'}${said ? `: ${said}` : ''}`));
						(channel as Duplex).destroy();
					} else release();
				});
				const release = () => {
					if (heldEnd) push(null);
					heldEnd = false;
				};
				// No exit status at all (it died with the connection): the EOF is let through at close.
				channel.once('close', release);
				resolve(asSocket(channel));
			}),
		);
	}

	/** Closes the connection (its channels with it) for good: the pool makes a new one for the next user. */
	end(): void {
		this.ended = true;
		this.client?.end();
		this.client = undefined;
		this.ready = undefined;
	}

	private where(): string {
		return `SSH host ${this.target.host}${this.target.port === 22 ? '' : `:${this.target.port}`}`;
	}

	private socketError(socketPath: string, error: Error, dialStdio?: string): Error {
		const why = error.message.replace(/^\(SSH\) /, '');
		const fallback = dialStdio ? `; \`docker system dial-stdio\` there ${dialStdio}` : '';
		return sshError(
			`${this.where()} could not open the Docker socket ${socketPath} (${why}${fallback}) — is Docker running there, may ${this.username} use it, and does sshd allow stream-local forwarding?`,
		);
	}

	private connect(): Promise<Client> {
		// Released by its last user: a request still in flight then must not open a connection nobody closes.
		if (this.ended) return Promise.reject(sshError('SSH connection closed'));
		this.ready ??= this.open().catch((error: unknown) => {
			this.ready = undefined;
			throw error;
		});
		return this.ready;
	}

	private async open(): Promise<Client> {
		const {Client: SshClient, utils} = await loadSsh2();
		const home = homedir();
		const knownHostsFile = path.join(home, '.ssh', 'known_hosts');
		let knownHosts = '';
		try {
			knownHosts = readFileSync(knownHostsFile, 'utf8');
		} catch {
			// No file: every host is unknown, and the message says how to add this one.
		}
		const auth = this.methods(home, utils);
		if (auth.length === 0) {
			throw sshError(
				`no SSH key to log in to ${this.target.host} with: no SSH_AUTH_SOCK agent and no unencrypted ~/.ssh/${KEY_FILES.join(', ~/.ssh/')}`,
			);
		}
		let verdict: HostKeyVerdict | undefined;
		const {host, port} = this.target;
		const preferred = knownKeyTypes(knownHosts, host, port).flatMap((type) =>
			type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type],
		);
		const config: ConnectConfig = {
			host,
			port,
			username: this.username,
			readyTimeout: READY_TIMEOUT_MS,
			keepaliveInterval: KEEPALIVE_MS,
			keepaliveCountMax: KEEPALIVE_COUNT,
			authHandler: auth.map((method) => ({...method, username: this.username})) as ConnectConfig['authHandler'],
			hostVerifier: (key: Buffer) => {
				verdict = checkHostKey(knownHosts, host, port, key);
				return verdict.kind === 'known';
			},
		};
		if (preferred.length > 0) config.algorithms = {serverHostKey: {prepend: preferred} as never};
		const client = new SshClient();
		await new Promise<void>((resolve, reject) => {
			const fail = (error: Error & {level?: string; code?: string}) => {
				client.removeListener('ready', ready);
				client.end();
				if (verdict && verdict.kind !== 'known') return reject(sshError(hostKeyMessage(verdict, this.target, '~/.ssh/known_hosts')));
				reject(this.describe(error, auth));
			};
			const ready = () => {
				client.removeListener('error', fail);
				resolve();
			};
			client.once('ready', ready);
			client.once('error', fail);
			client.connect(config);
		});
		if (this.ended) {
			client.end();
			throw sshError('SSH connection closed');
		}
		// Lost later (sshd restarted, network gone): every channel closes with it, which ends the Docker
		// requests on them; the next request connects again.
		client.on('error', () => {});
		client.once('close', () => {
			if (this.client === client) {
				this.client = undefined;
				this.ready = undefined;
			}
		});
		this.client = client;
		return client;
	}

	/** Agent first, then each key file that exists and needs no passphrase, as OpenSSH tries them. */
	private methods(home: string, utils: Ssh2['utils']): Array<{type: 'agent'; agent: string} | {type: 'publickey'; key: Buffer}> {
		const methods: Array<{type: 'agent'; agent: string} | {type: 'publickey'; key: Buffer}> = [];
		if (process.env.SSH_AUTH_SOCK) methods.push({type: 'agent', agent: process.env.SSH_AUTH_SOCK});
		for (const name of KEY_FILES) {
			let key: Buffer;
			try {
				key = readFileSync(path.join(home, '.ssh', name));
			} catch {
				continue;
			}
			// An encrypted key would need a passphrase prompt, which a full-screen monitor cannot show: use an agent.
			if (!(utils.parseKey(key) instanceof Error)) methods.push({type: 'publickey', key});
		}
		return methods;
	}

	private describe(error: Error & {level?: string; code?: string}, auth: Array<{type: string}>): Error {
		const {host, port} = this.target;
		const where = this.where();
		if (error.level === 'client-authentication') {
			const tried = auth.map((method) => (method.type === 'agent' ? 'the agent' : 'a key file')).join(', ');
			return sshError(
				`${where} refused every key for ${this.username} (tried ${tried}) — is its public key in ~/.ssh/authorized_keys there?`,
			);
		}
		if (error.level === 'client-timeout') return sshError(`${where}: no SSH handshake within ${READY_TIMEOUT_MS / 1000} s`);
		switch (error.code) {
			case 'ECONNREFUSED':
				return sshError(`${where} refuses connections on port ${port} — is sshd running there?`);
			case 'ENOTFOUND':
			case 'EAI_AGAIN':
				return sshError(`cannot resolve the SSH host ${host}`);
			case 'ETIMEDOUT':
			case 'EHOSTUNREACH':
			case 'ENETUNREACH':
				return sshError(`${where} cannot be reached (${error.code})`);
			default:
				return sshError(`${where}: ${error.message.replace(/\s+/g, ' ').trim()}`);
		}
	}
}

const connections = new Map<string, SshConnection>();

/**
 * The process's one connection to this host and user (several Docker clients share it: the containers
 * source, the --container reader); release() with the last user closes it.
 */
export function acquireSsh(target: SshTarget): {connection: SshConnection; release(): void} {
	const key = `${target.username ?? ''}@${target.host}:${target.port}`;
	let connection = connections.get(key);
	if (!connection) {
		connection = new SshConnection(target);
		connections.set(key, connection);
	}
	connection.refs++;
	let released = false;
	const held = connection;
	return {
		connection,
		release() {
			if (released) return;
			released = true;
			held.refs--;
			if (held.refs > 0) return;
			held.end();
			if (connections.get(key) === held) connections.delete(key);
		},
	};
}

/**
 * An http.Agent whose every connection is a new channel on the shared SSH connection. Channels are not
 * kept alive between requests: opening one is a single round trip on a connection already up.
 */
export function sshAgent(target: SshTarget): http.Agent & {release(): void} {
	const {connection, release} = acquireSsh(target);
	const agent = new http.Agent({keepAlive: false}) as http.Agent & {release(): void};
	(agent as unknown as {createConnection: unknown}).createConnection = (
		_options: unknown,
		done: (error: Error | null, socket?: Duplex) => void,
	): undefined => {
		connection.channel(target.socketPath).then(
			(socket) => done(null, socket),
			(error: Error) => done(error),
		);
		return undefined;
	};
	agent.release = release;
	return agent;
}
