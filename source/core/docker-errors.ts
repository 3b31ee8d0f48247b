/**
 * Connection failures -> one sentence an operator can act on. Node's raw "connect ENOENT
 * /var/run/docker.sock" tells them nothing about what to do next.
 */
import type {DockerHost} from './docker-host.js';

interface ErrorLike {
	code?: string;
	statusCode?: number;
	path?: string;
	message?: string;
	json?: {message?: string} | null;
}

export function describeDockerError(error: unknown, host: DockerHost): string {
	const e = (typeof error === 'object' && error !== null ? error : {message: String(error)}) as ErrorLike;
	if (host.kind === 'invalid') return host.message;
	if (typeof e.statusCode === 'number') {
		const detail = e.json?.message ?? e.message ?? '';
		return `Docker at ${host.label} answered HTTP ${e.statusCode}${detail ? `: ${oneLine(detail)}` : ''}`;
	}
	const socket = host.kind === 'unix' ? host.path : undefined;
	switch (e.code) {
		case 'ENOENT':
			if (socket) return `Docker socket ${socket} not found — is Docker running? (set DOCKER_HOST or --docker-host)`;
			return `File ${e.path ?? ''} not found — check DOCKER_CERT_PATH`;
		case 'EACCES':
		case 'EPERM':
			if (socket) {
				return `Permission denied on ${socket} — the user needs access to the Docker socket (e.g. add it to the docker group)`;
			}
			return `Permission denied connecting to ${host.label}`;
		case 'ECONNREFUSED':
			if (socket) return `Docker socket ${socket} refuses connections — is the Docker daemon running?`;
			return `Connection refused by ${host.label} — is the Docker daemon listening there?`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `Cannot resolve the Docker host in ${host.label}`;
		case 'ETIMEDOUT':
			return `Timed out connecting to Docker at ${host.label}`;
		case 'ECONNRESET':
		case 'EPIPE':
		case 'STREAM_ENDED':
			return `Lost the connection to Docker at ${host.label} — reconnecting`;
		default:
			return `Docker at ${host.label}: ${oneLine(e.message ?? 'unknown error')}`;
	}
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}
