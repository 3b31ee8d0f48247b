import type {DetailRequest} from './core/detail/detail-json.js';
import type {JudgeSetup} from './core/judge/live-judge.js';
import type {WindowName} from './core/latency-windows.js';
import type {ListenAddress} from './core/listen-address.js';

export interface Config {
	/** A local path, or with `container` the path inside that container. */
	metricsPath: string;
	/**
	 * --container / DDC_CONTAINER (issue #15 §1): the metrics file is read inside this container (name or id)
	 * through the Docker API. `auto`: found by ddc-top (a running `ddc`) because nothing was at `localPath`.
	 */
	container?: {name: string; auto?: {localPath: string}};
	/**
	 * Nothing said where the file is (no --metrics, DDC_METRICS_FILE or --container) and the default local
	 * path does not exist: a running DDC container is looked for, and a missing file is not an error.
	 */
	metricsDefault?: boolean;
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
	/** --slo, --baseline, --regression as given (issue #16); main.tsx reads the files into `judge`. */
	judgeFlags?: {slo?: string; baseline?: string; minEffectPct: number};
	/** The thresholds and baseline read (./pytest.ini without --slo; DDC's values without either). */
	judge?: JudgeSetup;
}

export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 60_000;
