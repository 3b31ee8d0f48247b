/**
 * A Docker daemon behind TLS, as `dockerd --tlsverify` runs one, for the tcp:// tests: a node:tls server on
 * 127.0.0.1 that requires a client certificate signed by its CA and pipes each connection to the PRIVATE
 * engine's socket. Certificates are made with openssl as the Docker docs make them: a CA, a server
 * certificate for IP 127.0.0.1, a client certificate; the client's directory is a DOCKER_CERT_PATH.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import path from 'node:path';
import {createServer, type Server} from 'node:tls';
import {ENGINE_SOCKET} from './docker-engine.js';

const openssl = (args: string[]) => execFileSync('openssl', args, {stdio: ['ignore', 'ignore', 'pipe']});

function newKey(file: string): void {
	openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', file]);
}

/** A CA in `dir` (ca.pem, ca-key.pem). */
export function makeCa(dir: string, name: string): void {
	mkdirSync(dir, {recursive: true});
	newKey(path.join(dir, 'ca-key.pem'));
	openssl([
		'req',
		'-x509',
		'-new',
		'-key',
		path.join(dir, 'ca-key.pem'),
		'-out',
		path.join(dir, 'ca.pem'),
		'-days',
		'2',
		'-subj',
		`/CN=${name}`,
	]);
}

/** A certificate `name`.pem with `name`-key.pem signed by the CA in `caDir`, for a server (IP 127.0.0.1) or a client. */
export function makeCert(caDir: string, outDir: string, name: string, role: 'server' | 'client'): void {
	mkdirSync(outDir, {recursive: true});
	const key = path.join(outDir, `${name}-key.pem`);
	const csr = path.join(outDir, `${name}.csr`);
	const ext = path.join(outDir, `${name}.ext`);
	newKey(key);
	openssl(['req', '-new', '-key', key, '-out', csr, '-subj', `/CN=${role === 'server' ? '127.0.0.1' : 'ddc-top-test-client'}`]);
	writeFileSync(ext, role === 'server' ? 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' : 'extendedKeyUsage=clientAuth\n');
	openssl([
		'x509',
		'-req',
		'-in',
		csr,
		'-CA',
		path.join(caDir, 'ca.pem'),
		'-CAkey',
		path.join(caDir, 'ca-key.pem'),
		'-CAcreateserial',
		'-out',
		path.join(outDir, `${name}.pem`),
		'-days',
		'2',
		'-extfile',
		ext,
	]);
}

/** A DOCKER_CERT_PATH: ca.pem (the CA that signed the server), cert.pem and key.pem (a client cert of `clientCa`). */
export function certPath(dir: string, serverCa: string, clientCa: string): string {
	makeCert(clientCa, dir, 'client', 'client');
	writeFileSync(path.join(dir, 'ca.pem'), readFileSync(path.join(serverCa, 'ca.pem')));
	writeFileSync(path.join(dir, 'cert.pem'), readFileSync(path.join(dir, 'client.pem')));
	writeFileSync(path.join(dir, 'key.pem'), readFileSync(path.join(dir, 'client-key.pem')));
	return dir;
}

export interface TlsFront {
	port: number;
	/** Connections whose client certificate was accepted. */
	accepted(): number;
	close(): Promise<void>;
}

/** The TLS daemon stand-in: server certificate from `serverDir`, client certificates checked against `caDir`. */
export async function startTlsFront(serverDir: string, caDir: string, options: {maxVersion?: 'TLSv1.2'} = {}): Promise<TlsFront> {
	let accepted = 0;
	const open = new Set<{destroy(): void}>();
	const server: Server = createServer(
		{
			key: readFileSync(path.join(serverDir, 'server-key.pem')),
			cert: readFileSync(path.join(serverDir, 'server.pem')),
			ca: readFileSync(path.join(caDir, 'ca.pem')),
			requestCert: true,
			rejectUnauthorized: true,
			// TLS 1.2 checks the client certificate inside the handshake and sends an alert, as Go's daemon does.
			...options,
		},
		(tls) => {
			accepted++;
			const engine = connect(ENGINE_SOCKET);
			open.add(tls).add(engine);
			tls.pipe(engine).pipe(tls);
			const end = () => {
				tls.destroy();
				engine.destroy();
				open.delete(tls);
				open.delete(engine);
			};
			tls.on('error', end).on('close', end);
			engine.on('error', end).on('close', end);
		},
	);
	// A rejected client certificate is an error of that connection only.
	server.on('tlsClientError', () => {});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	return {
		port,
		accepted: () => accepted,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of open) socket.destroy();
			}),
	};
}
