import type {Registry, RegistryContentType} from 'prom-client';
import type {ListenAddress} from '../core/listen-address.js';
import type {Store} from '../state/store.js';
import {createRegistry, type ReadFigures} from './metrics.js';
import {type MetricsServer, startServer} from './server.js';

// The entry point of the Prometheus exporter, for `ddc-top serve` and `--listen`; loaded with import() by those
// paths only, so prom-client (50-100 ms to load on this machine) is never part of the live view's start without --listen.

export interface Exporter {
	readonly url: string;
	/** From now on the scrapes read this store (until then /metrics and /healthz answer 503). */
	attach(store: Pick<Store, 'live'>): void;
	stop(): Promise<void>;
}

export interface ExporterOptions {
	address: ListenAddress;
	token?: string;
	version: string;
}

/** Binds the address (rejects when it cannot: in use, not an address of this machine) and serves. */
export async function startExporter(options: ExporterOptions): Promise<Exporter> {
	let store: Pick<Store, 'live'> | undefined;
	const read: ReadFigures = () => store?.live();
	// A registry per format, made at the first scrape that asks for it: a Prometheus asks for one format always.
	const registries = new Map<boolean, Registry<RegistryContentType>>();
	const registryFor = (openMetrics: boolean) => {
		let registry = registries.get(openMetrics);
		if (registry === undefined) registries.set(openMetrics, (registry = createRegistry(read, {openMetrics, version: options.version})));
		return registry;
	};
	const server: MetricsServer = await startServer({
		address: options.address,
		token: options.token,
		ready: () => store !== undefined,
		metrics: async (openMetrics) => {
			const registry = registryFor(openMetrics);
			return {contentType: registry.contentType, body: await registry.metrics()};
		},
	});
	return {
		url: server.url,
		attach(next) {
			store = next;
		},
		stop: () => server.close(),
	};
}
