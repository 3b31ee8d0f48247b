import {existsSync} from 'node:fs';
import type {Clock} from '../core/clock.js';
import {DDC_CONTAINER_METRICS} from '../core/container-file-target.js';
import {dockerHostFlagError} from '../core/docker-host.js';
import {DEFAULT_LISTEN, formatHostPort} from '../core/listen-address.js';
import {resolveMetricsPath} from '../core/metrics-path.js';
import {sanitize} from '../core/sanitize.js';
import type {Source} from '../sources/source.js';
import {type FlagSpec, parseArgs, UsageError} from './args.js';
import {describeError} from './describe-error.js';
import {type CommandIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE} from './io.js';
import {exposedWarning, type ListenConfig, readListenFlags} from './listen-flags.js';

const HELP = `Usage: ddc-top serve [options]

Headless: reads the metrics file, containers and host as the live view does and serves them to Prometheus.
GET /metrics (Prometheus text, or OpenMetrics when asked for) and GET /healthz; nothing else.

Options
  --listen ADDR            where to listen (default ${DEFAULT_LISTEN}); HOST:PORT or [IPv6]:PORT. Another
                           machine can connect only to an address given here, and a warning says so
  --listen-token-file FILE every request must carry "Authorization: Bearer <the file's token>"
  --metrics PATH           the metrics file (default: ./data/metrics/performance_metrics.jsonl if it exists,
                           else $DDC_METRICS_FILE, else the file inside a running container named ddc);
                           waited for while it does not exist
  --container NAME|ID      read the metrics file inside this container through the Docker API (or
                           $DDC_CONTAINER); --metrics is then the path inside it (default ${DDC_CONTAINER_METRICS})
  --no-docker              no container series
  --docker-host URL        Docker endpoint (unix://, tcp://, ssh://); default $DOCKER_HOST, else the local socket
  --poll                   poll the file instead of inotify (NFS/CIFS, Docker Desktop mounts)
  --interval MS            how often the file, containers and host are read (default 5000: a scrape
                           every 15 s sees each figure fresh, at a fraction of the live view's cost)

Series and buckets: README, section "Prometheus". Stops on SIGINT, SIGTERM or SIGHUP (exit 0).
Exit codes: 0 stopped, 1 cannot listen, 2 usage error
`;

const FLAGS: Record<string, FlagSpec> = {
	listen: {type: 'string'},
	listenTokenFile: {type: 'string'},
	metrics: {type: 'string'},
	container: {type: 'string'},
	docker: {type: 'boolean', default: true},
	dockerHost: {type: 'string'},
	poll: {type: 'boolean'},
	interval: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h'},
};

/**
 * serve's refresh: every 5 s rather than the live view's 1 s. Nobody watches, Prometheus scrapes every 15 s by
 * default, and most of an idle ddc-top's CPU is reading the stats streams at each refresh (README: Prometheus).
 */
const SERVE_INTERVAL_MS = 5000;

interface ServeArgs {
	listen: ListenConfig;
	metricsPath: string;
	/** --container / DDC_CONTAINER: the file is read inside it, as the live view does. */
	container?: {name: string};
	/** Nothing said where the file is: a running DDC container is looked for, as the live view does. */
	metricsDefault: boolean;
	docker: boolean;
	dockerHost?: string;
	poll: boolean;
	intervalMs: number;
}

function readArgs(argv: string[], io: CommandIo): ServeArgs | 'help' {
	const {flags, input} = parseArgs(argv, import.meta, FLAGS);
	if (flags.help) return 'help';
	if (input.length > 0) throw new UsageError(`unexpected argument ${input[0]}`);
	const hostError = dockerHostFlagError(flags.dockerHost as string | undefined);
	if (hostError) throw new UsageError(hostError);
	const interval = (flags.interval as string | undefined) ?? String(SERVE_INTERVAL_MS);
	if (!/^\d+$/.test(interval) || Number(interval) < 100 || Number(interval) > 60_000) {
		throw new UsageError(`--interval must be a whole number of milliseconds from 100 to 60000 (got "${interval}")`);
	}
	// The same rules as the live view's --container (cli.tsx).
	const container = ((flags.container as string | undefined) ?? io.env.DDC_CONTAINER ?? '').trim() || undefined;
	if (container && (container.startsWith('-') || /[\s/]/.test(container)))
		throw new UsageError(`--container must be a container name or id (got "${container}")`);
	if (container && flags.docker === false) throw new UsageError('--container reads through Docker: it cannot be combined with --no-docker');
	const metrics = flags.metrics as string | undefined;
	const resolved = container
		? {path: metrics || DDC_CONTAINER_METRICS, source: 'flag' as const}
		: resolveMetricsPath({flag: metrics, cwd: io.cwd, env: io.env, exists: existsSync});
	if (container && !resolved.path.startsWith('/'))
		throw new UsageError(`--metrics with --container must be an absolute path inside it (got "${resolved.path}")`);
	return {
		listen: readListenFlags((flags.listen as string | undefined) ?? DEFAULT_LISTEN, flags.listenTokenFile as string | undefined),
		metricsPath: resolved.path,
		...(container && {container: {name: container}}),
		metricsDefault: resolved.source === 'default',
		docker: flags.docker !== false,
		dockerHost: flags.dockerHost as string | undefined,
		poll: flags.poll === true || io.env.CHOKIDAR_USEPOLLING === '1',
		intervalMs: Number(interval),
	};
}

/** What serve waits on to stop; the CLI's is the process' signals, a test's its own. */
export interface ServeDeps {
	/** Resolves when serving should end. */
	stopped?: Promise<unknown>;
}

/**
 * `ddc-top serve ...`: the same sources, store and statistics as the live view, published on the refresh
 * timer; the exporter reads the store at each scrape. Resolves with the exit code once stopped.
 */
export async function serveCommand(argv: string[], io: CommandIo, deps: ServeDeps = {}): Promise<number> {
	let args: ServeArgs | 'help';
	try {
		args = readArgs(argv, io);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`ddc-top serve: ${error.message} (see ddc-top serve --help)\n`);
		return EXIT_USAGE;
	}
	if (args === 'help') {
		io.stdout.write(HELP);
		return EXIT_OK;
	}
	const clock: Clock = io.now;
	const [{startExporter}, {createStore}, {startTicker}, {createMetricsFileSource}, {createHostSource, markCpu}, docker] = await Promise.all(
		[
			import('../exporter/exporter.js'),
			import('../state/store.js'),
			import('../tick.js'),
			import('../sources/metrics-file.js'),
			import('../sources/host.js'),
			args.docker ? import('../sources/docker.js') : undefined,
		],
	);
	const {address, token} = args.listen;
	let exporter: Awaited<ReturnType<typeof startExporter>>;
	try {
		exporter = await startExporter({address, token, version: io.version});
	} catch (error) {
		io.stderr.write(`ddc-top serve: cannot listen on ${formatHostPort(address.host, address.port)}: ${describeError(error)}\n`);
		return EXIT_FAILED;
	}
	if (!address.loopback) io.stderr.write(`ddc-top serve: ${exposedWarning(address, token !== undefined)}\n`);
	let where: Pick<ServeArgs, 'metricsPath' | 'container' | 'metricsDefault' | 'docker' | 'dockerHost'> = args;
	const wiring = args.container || (args.metricsDefault && args.docker) ? await import('../sources/container-file-wiring.js') : undefined;
	if (wiring && !where.container) where = await wiring.withAutoContainer(where);
	const label = wiring ? wiring.metricsLabel(where) : where.metricsPath;
	const store = createStore({clock, metricsPath: label, dockerEnabled: args.docker});
	const sources: Source[] = [
		wiring && where.container
			? await wiring.createContainerSource({...where, intervalMs: args.intervalMs})
			: createMetricsFileSource({path: where.metricsPath, poll: args.poll, ticked: true}),
		createHostSource({clock, intervalMs: Math.max(args.intervalMs, 1000), ticked: true, since: markCpu()}),
	];
	if (docker)
		sources.push(docker.createDockerSource({host: args.dockerHost, clock, refreshIntervalMs: args.intervalMs, newestStatsOnly: true}));
	for (const source of sources) source.start(store.ingest);
	exporter.attach(store);
	// Nothing reads snapshots here: the ticks only drive the sources, and each scrape reads the store itself.
	const ticker = startTicker({sources, publish: () => {}, intervalMs: args.intervalMs});
	io.stderr.write(`ddc-top serve: ${exporter.url}/metrics, reading ${sanitize(label)}\n`);
	await (deps.stopped ?? signalled());
	ticker.stop();
	await Promise.allSettled([exporter.stop(), ...sources.map((s) => s.stop())]);
	return EXIT_OK;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Resolves at the first of SIGINT, SIGTERM, SIGHUP (systemd stops a service with SIGTERM). */
function signalled(): Promise<NodeJS.Signals> {
	return new Promise((resolve) => {
		const on = (signal: NodeJS.Signals) => {
			for (const s of SIGNALS) process.off(s, on);
			resolve(signal);
		};
		for (const s of SIGNALS) process.on(s, on);
	});
}
