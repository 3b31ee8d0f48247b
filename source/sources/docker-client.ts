/**
 * A dockerode client for a parsed Docker host, with its own HTTP agent so stop() can destroy every
 * socket it opened (the global agent keeps idle sockets alive), and, for a unix socket or plain TCP,
 * connections that can be held between refreshes (holdable-connection.ts). dockerode reads DOCKER_HOST itself and
 * lets it win over an explicit socketPath, so it is hidden while the client is built: we already
 * resolved the host with the CLI's precedence (--docker-host, then DOCKER_HOST).
 */
import type http from 'node:http';
import {inspect} from 'node:util';
// Must come before dockerode: it keeps dockerode from loading gRPC and ssh2 (see that module).
import './dockerode-lean.js';
import Docker from 'dockerode';
import type {DockerHost} from '../core/docker-host.js';
import {readTlsFiles, tlsAgent} from './docker-tls.js';
import {holdingAgent} from './holdable-connection.js';
import {sshAgent} from './ssh-connection.js';

export interface DockerClient {
	docker: Docker;
	/** Destroys every socket of this client, idle or in use; for ssh://, lets go of the shared SSH connection (the last user closes it). */
	destroy(): void;
}

export function createDockerClient(host: DockerHost): DockerClient {
	if (host.kind === 'invalid') throw Object.assign(new Error(host.message), {code: 'EINVALIDHOST'});
	let agent: http.Agent | undefined;
	let release: (() => void) | undefined;
	let options: Docker.DockerOptions;
	if (host.kind === 'unix') {
		agent = holdingAgent({path: host.path});
		options = {socketPath: host.path};
	} else if (host.kind === 'tcp') {
		options = {host: host.host, port: host.port, protocol: host.tls ? 'https' : 'http'};
		if (host.tls && host.certPath) {
			// A missing file throws ENOENT with its path, a bad one one line; the caller shows either as the status.
			Object.assign(options, readTlsFiles(host.certPath));
		}
		// TLS connections cannot be held (holdable-connection.ts wraps a plain socket): they are read as they come.
		agent = host.tls ? tlsAgent(host.certPath) : holdingAgent({host: host.host, port: host.port});
	} else {
		// Not docker-modem's own ssh (one SSH connection per request): every request is a channel on the
		// process's one connection to that host (ssh-connection.ts). The socket path only names the remote
		// socket in the Host-less request docker-modem builds; the agent ignores where node:http would connect.
		const ssh = sshAgent({host: host.host, port: host.port, socketPath: host.socketPath, ...(host.username && {username: host.username})});
		agent = ssh;
		release = () => ssh.release();
		options = {socketPath: host.socketPath};
	}
	// DockerOptions lacks `agent`, but docker-modem hands it to every request.
	if (agent) (options as Docker.DockerOptions & {agent?: http.Agent}).agent = withShortInspect(agent);
	const docker = withoutDockerEnv(() => new Docker(options));
	return {
		docker,
		destroy: () => {
			agent?.destroy();
			release?.();
		},
	};
}

function withoutDockerEnv<T>(build: () => T): T {
	const saved = process.env.DOCKER_HOST;
	delete process.env.DOCKER_HOST;
	try {
		return build();
	} finally {
		if (saved !== undefined) process.env.DOCKER_HOST = saved;
	}
}

/**
 * docker-modem formats each request's options for its debug log even when that log is off
 * (`util.inspect(options, {showHidden: true, depth: null})`), and the options hold the agent: every open
 * socket with its request, response and parser. Opening 100 stats streams walked all of that once per
 * request (quadratic): seconds of CPU at start, and enough short-lived garbage to grow V8's young
 * generation to its maximum for good (about 20 MB of RSS). A one-word inspection makes that walk free.
 */
function withShortInspect<T extends http.Agent>(agent: T): T {
	Object.defineProperty(agent, inspect.custom, {value: () => `[${agent.constructor.name}]`});
	return agent;
}
