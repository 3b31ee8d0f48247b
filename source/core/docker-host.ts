/**
 * Where the Docker CLI would connect, from --docker-host or DOCKER_HOST (same precedence and schemes as
 * the CLI). Pure: the environment is passed in, certificate files are read by the caller.
 */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type DockerHost =
	| {kind: 'unix'; label: string; path: string}
	| {kind: 'tcp'; label: string; host: string; port: number; tls: boolean; certPath?: string}
	/** socketPath: the Docker socket on the remote host, from the URL's path (ssh://user@host/run/docker.sock). */
	| {kind: 'ssh'; label: string; host: string; port: number; username?: string; socketPath: string}
	| {kind: 'invalid'; label: string; message: string};

export interface DockerEnv {
	DOCKER_HOST?: string;
	DOCKER_TLS_VERIFY?: string;
	DOCKER_CERT_PATH?: string;
	HOME?: string;
}

export function parseDockerHost(override: string | undefined, env: DockerEnv): DockerHost {
	const raw = (override || env.DOCKER_HOST || '').trim();
	if (raw === '') return unix(DEFAULT_DOCKER_SOCKET);
	if (raw.startsWith('unix://')) return unix(raw.slice('unix://'.length) || DEFAULT_DOCKER_SOCKET);
	// A bare path is what people paste from `ls -l`; the CLI rejects it, we accept it.
	if (raw.startsWith('/')) return unix(raw);
	let url: URL;
	try {
		url = new URL(raw.includes('://') ? raw : `tcp://${raw}`);
	} catch {
		return invalid(raw);
	}
	if (url.protocol === 'ssh:') {
		if (!url.hostname) return invalid(raw);
		// The CLI allows no path here; ddc-top reads one as the remote socket (a rootless Docker's, or a test engine's).
		const socketPath = url.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname) : DEFAULT_DOCKER_SOCKET;
		const host: DockerHost = {kind: 'ssh', label: raw, host: hostName(url), port: Number(url.port || 22), socketPath};
		if (url.username) host.username = decodeURIComponent(url.username);
		return host;
	}
	if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
		if (!url.hostname) return invalid(raw);
		// Like the CLI: any non-empty DOCKER_TLS_VERIFY turns TLS on; 2376 is Docker's TLS port.
		const tls = Boolean(env.DOCKER_TLS_VERIFY) || url.port === '2376' || url.protocol === 'https:';
		const port = Number(url.port || (tls ? 2376 : 2375));
		const host: DockerHost = {kind: 'tcp', label: `tcp://${url.hostname}:${port}`, host: url.hostname, port, tls};
		const certPath = env.DOCKER_CERT_PATH || (env.HOME ? `${env.HOME}/.docker` : undefined);
		if (tls && certPath) host.certPath = certPath;
		return host;
	}
	return invalid(raw);
}

/**
 * `--docker-host VALUE` checked when the command line is read: a value no scheme fits is a usage error
 * (one line, exit 2), not a Docker panel that retries for ever. Empty means the default, as in the CLI.
 */
export function dockerHostFlagError(value: string | undefined): string | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const host = parseDockerHost(value, {});
	return host.kind === 'invalid' ? `--docker-host: ${host.message}` : undefined;
}

/** An IPv6 literal comes in brackets from URL; ssh and known_hosts want it bare. */
function hostName(url: URL): string {
	return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function unix(path: string): DockerHost {
	return {kind: 'unix', label: `unix://${path}`, path};
}

function invalid(raw: string): DockerHost {
	return {
		kind: 'invalid',
		label: raw,
		message: `Cannot understand Docker host "${raw}" — use unix:///path, tcp://host:port or ssh://user@host`,
	};
}
