/**
 * tcp:// with TLS as the docker CLI does it: DOCKER_CERT_PATH (default ~/.docker) holds ca.pem, cert.pem and
 * key.pem; the daemon's certificate must be signed by ca.pem, and ours is shown to it. A certificate problem
 * becomes one line that names the file to fix, instead of OpenSSL's error text.
 */
import {readFileSync} from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type {Duplex} from 'node:stream';
import {createSecureContext} from 'node:tls';

export interface TlsFiles {
	ca: Buffer;
	cert: Buffer;
	key: Buffer;
}

function tlsError(message: string): Error {
	return Object.assign(new Error(message), {code: 'ETLS'});
}

/** Reads and checks the three files; throws ENOENT (with the path) for a missing one, one line for a bad one. */
export function readTlsFiles(certPath: string): TlsFiles {
	const files = {
		ca: readFileSync(path.join(certPath, 'ca.pem')),
		cert: readFileSync(path.join(certPath, 'cert.pem')),
		key: readFileSync(path.join(certPath, 'key.pem')),
	};
	try {
		createSecureContext(files);
	} catch (error) {
		const reason = (error as Error).message.replace(/^error:[0-9A-F]+:/i, '').replace(/\s+/g, ' ');
		throw tlsError(`the TLS files in ${certPath} (ca.pem, cert.pem, key.pem) cannot be used: ${reason}`);
	}
	return files;
}

/** What the daemon's or our certificate got wrong, by OpenSSL's code; undefined for a non-TLS error. */
export function tlsProblem(error: {code?: string; message?: string}, certPath: string | undefined): string | undefined {
	const ca = certPath ? path.join(certPath, 'ca.pem') : 'ca.pem';
	const code = error.code ?? '';
	switch (code) {
		case 'SELF_SIGNED_CERT_IN_CHAIN':
		case 'DEPTH_ZERO_SELF_SIGNED_CERT':
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'UNABLE_TO_GET_ISSUER_CERT':
		case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
		case 'CERT_SIGNATURE_FAILURE':
			return `the daemon's TLS certificate is not signed by ${ca} (${code}) — is DOCKER_CERT_PATH the right one for this host?`;
		case 'CERT_HAS_EXPIRED':
		case 'CERT_NOT_YET_VALID':
			return `the daemon's TLS certificate is not valid now (${code})`;
		case 'ERR_TLS_CERT_ALTNAME_INVALID':
			return `the daemon's TLS certificate is not for this host name: ${(error.message ?? '').replace(/\s+/g, ' ')}`;
		default:
			break;
	}
	// The daemon refused our certificate: an alert from its side (bad or unknown certificate, none sent).
	if (/^ERR_SSL_(TLSV1|TLSV13|SSLV3)_ALERT_/.test(code)) return refusedText(certPath, code);
	if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return `TLS failed: ${code}`;
	return undefined;
}

/**
 * An https.Agent whose connection errors about certificates read as one line (code ETLS). A daemon that
 * refuses our client certificate under TLS 1.3 may just close the connection once the handshake is done
 * (no alert reaches us): a new connection closed before a single byte of answer is said to be that.
 */
export function tlsAgent(certPath: string | undefined): https.Agent {
	const agent = new https.Agent({keepAlive: true});
	const refused = () => tlsError(`${refusedText(certPath, 'it closed the connection before answering')}`);
	const create = agent.createConnection.bind(agent) as (options: object, done?: unknown) => Duplex & {bytesRead?: number};
	(agent as unknown as {createConnection: unknown}).createConnection = (options: object, done?: unknown) => {
		const socket = create(options, done);
		if (!socket) return socket;
		const unanswered = () => (socket.bytesRead ?? 0) === 0;
		// First among the listeners: node:http sees the rewritten error, or ours before its "socket hang up".
		socket.prependListener('error', (error: Error & {code?: string}) => {
			const problem = tlsProblem(error, certPath) ?? (error.code === 'ECONNRESET' && unanswered() ? refused().message : undefined);
			if (problem === undefined) return;
			error.message = problem;
			error.code = 'ETLS';
		});
		socket.prependOnceListener('end', () => {
			if (unanswered()) socket.emit('error', refused());
		});
		return socket;
	};
	return agent;
}

function refusedText(certPath: string | undefined, how: string): string {
	const cert = certPath ? path.join(certPath, 'cert.pem') : 'cert.pem';
	return `the daemon refused our TLS client certificate (${how}) — is ${cert} signed by its CA?`;
}
