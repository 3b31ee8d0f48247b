import type {DetailRequest} from './core/detail/detail-json.js';
import type {WindowName} from './core/latency-windows.js';
import type {ListenAddress} from './core/listen-address.js';

export interface Config {
	metricsPath: string;
	window: WindowName;
	filter: string;
	intervalMs: number;
	docker: boolean;
	dockerHost?: string;
	poll: boolean;
	demo: boolean;
	once: boolean;
	json: boolean;
	/** --op (with --once): one operation's detail instead of the table, or added to the JSON. */
	detail?: DetailRequest;
	/** --listen: the Prometheus exporter beside the live view, with --listen-token-file's token. */
	listen?: {address: ListenAddress; token?: string};
}

export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 60_000;
