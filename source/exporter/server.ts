import {createHash, timingSafeEqual} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {formatHostPort, type ListenAddress} from '../core/listen-address.js';

export interface Exposition {
	contentType: string;
	body: string;
}

export interface ServerOptions {
	address: ListenAddress;
	/** When set, every request must carry `Authorization: Bearer <token>`. */
	token?: string;
	/** Whether there is anything to read yet (the store exists). */
	ready(): boolean;
	/** The exposition, OpenMetrics when the scraper asked for it. */
	metrics(openMetrics: boolean): Promise<Exposition>;
}

export interface MetricsServer {
	/** http://host:port, with the port the system gave for port 0. */
	readonly url: string;
	readonly port: number;
	close(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Prometheus asks for OpenMetrics first in its Accept header when it can read it. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
	return accept !== undefined && /application\/openmetrics-text/i.test(accept);
}

/**
 * The exporter's HTTP server: GET (or HEAD) /metrics and /healthz, nothing else, and nothing that changes
 * anything. A token is compared in constant time (of its hash, so its length is not told either).
 */
export function startServer(options: ServerOptions): Promise<MetricsServer> {
	const expected = options.token === undefined ? undefined : digest(`Bearer ${options.token}`);
	const authorized = (req: IncomingMessage) => expected === undefined || timingSafeEqual(digest(req.headers.authorization ?? ''), expected);

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const path = (req.url ?? '/').split('?')[0];
		const send = (status: number, body: string, headers: Record<string, string> = {}) => {
			res.writeHead(status, {
				'Content-Type': 'text/plain; charset=utf-8',
				'Cache-Control': 'no-store',
				'X-Content-Type-Options': 'nosniff',
				...headers,
			});
			res.end(req.method === 'HEAD' ? undefined : body);
		};
		if (path !== '/metrics' && path !== '/healthz') return send(404, 'not found: ddc-top serves /metrics and /healthz\n');
		if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET\n', {Allow: 'GET, HEAD'});
		if (!authorized(req)) return send(401, 'unauthorized\n', {'WWW-Authenticate': 'Bearer realm="ddc-top"'});
		if (!options.ready()) return send(503, 'starting\n');
		if (path === '/healthz') return send(200, 'ok\n');
		const exposition = await options.metrics(wantsOpenMetrics(req.headers.accept));
		send(200, exposition.body, {'Content-Type': exposition.contentType});
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, {'Content-Type': 'text/plain; charset=utf-8'});
			res.end(`error: ${error instanceof Error ? error.message : String(error)}\n`);
		});
	});
	// A scraper is one client with small requests: a slow or stuck one is dropped instead of held.
	server.headersTimeout = 10_000;
	server.requestTimeout = 10_000;
	server.maxConnections = 64;
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({host: options.address.host, port: options.address.port}, () => {
			server.off('error', reject);
			const port = (server.address() as AddressInfo).port;
			resolve({
				url: `http://${formatHostPort(options.address.host, port)}`,
				port,
				close: () =>
					new Promise<void>((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}
