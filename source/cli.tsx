import {accessSync, constants, existsSync, statSync} from 'node:fs';
import type {Config} from './config.js';
import {MAX_INTERVAL_MS, MIN_INTERVAL_MS} from './config.js';
import {WINDOWS, type WindowName} from './core/latency-windows.js';
import {resolveMetricsPath} from './core/metrics-path.js';
import {parseFilter} from './core/filter.js';
import {parseArgs, UsageError, type FlagSpec} from './commands/args.js';

export const HELP = `
  Usage
    $ ddc-top [options]              live view of DDC's operations, containers and host
    $ ddc-top cleanup --days N ...   remove old lines from the metrics file (see: ddc-top cleanup --help)
    $ ddc-top export [--out FILE]    write a snapshot as json, csv or md (see: ddc-top export --help)

  Options
    --metrics PATH      DDC's performance_metrics.jsonl. Default: data/metrics/performance_metrics.jsonl
                        under the current directory if it exists, else $DDC_METRICS_FILE
    --window 1h|24h|all statistics window to start with (default 24h, as DDC's get_stats)
    --filter TEXT       operation filter: case-insensitive text, or /regex/
    --interval MS       refresh interval in milliseconds (default 1000, ${MIN_INTERVAL_MS}..${MAX_INTERVAL_MS})
    --no-docker         no containers panel
    --docker-host URL   Docker endpoint (unix://, tcp://, ssh://); default $DOCKER_HOST, else the local socket
    --poll              poll the file instead of inotify (NFS/CIFS, Docker Desktop mounts; or CHOKIDAR_USEPOLLING=1)
    --once              print the statistics once as plain text and exit (the default when stdout is not a terminal)
    --json              with --once: one JSON document with DDC's export keys plus a ddc_top object
    --demo              tail a built-in writer of realistic DDC lines in a temporary file
    --no-color          no colors (NO_COLOR is honoured too)
    --help, --version

  Keys
    ? help   w window   s/S or >/< sort column   r reverse   / filter (Enter applies, Esc clears)
    f failures only   Tab focus operations/containers   m menu (cleanup, export)   q or Ctrl-C quit

  Exit codes: 0 ok, 1 failed, 2 usage (bad flag or value, unreadable file)
`;

export {UsageError};

export interface CliEnv {
	argv: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	stdoutIsTTY: boolean;
}

const FLAGS: Record<string, FlagSpec> = {
	metrics: {type: 'string'},
	window: {type: 'string'},
	filter: {type: 'string'},
	interval: {type: 'string'},
	docker: {type: 'boolean', default: true},
	dockerHost: {type: 'string'},
	poll: {type: 'boolean'},
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	demo: {type: 'boolean'},
	// Accepted here; the bin settles colors (FORCE_COLOR) before anything that draws is loaded.
	color: {type: 'boolean', default: true},
	help: {type: 'boolean', shortFlag: 'h'},
	version: {type: 'boolean'},
};

export type CliResult = {kind: 'run'; config: Config} | {kind: 'help'} | {kind: 'version'};

/** argv -> what to do, or a UsageError with one line for the operator. Never exits by itself. */
export function parseCli({argv, cwd, env, stdoutIsTTY}: CliEnv): CliResult {
	const parsed = parseArgs(argv, import.meta, FLAGS);
	const f = parsed.flags;
	if (f.help) return {kind: 'help'};
	if (f.version) return {kind: 'version'};
	const flags = {
		metrics: f.metrics as string | undefined,
		window: (f.window as string | undefined) ?? '24h',
		filter: (f.filter as string | undefined) ?? '',
		interval: (f.interval as string | undefined) ?? '1000',
		docker: f.docker !== false,
		dockerHost: f.dockerHost as string | undefined,
		poll: f.poll === true,
		once: f.once === true,
		json: f.json === true,
		demo: f.demo === true,
	};
	if (parsed.input.length > 0) throw new UsageError(`unknown command: ${parsed.input[0]} (commands: cleanup, export)`);
	if (!WINDOWS.includes(flags.window as WindowName)) {
		throw new UsageError(`--window must be one of ${WINDOWS.join(', ')} (got "${flags.window}")`);
	}
	const interval = Number(flags.interval);
	if (!/^\d+$/.test(flags.interval) || interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_MS) {
		throw new UsageError(`--interval must be a whole number of milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS} (got "${flags.interval}")`);
	}
	const filter = parseFilter(flags.filter);
	if (!filter.ok) throw new UsageError(`--filter: ${filter.error}`);
	if (flags.json && !flags.once && stdoutIsTTY) throw new UsageError('--json needs --once');
	if (flags.demo && flags.metrics) throw new UsageError('--demo and --metrics cannot be combined');
	const resolved = resolveMetricsPath({flag: flags.metrics, cwd, env, exists: existsSync});
	if (!flags.demo) checkReadable(resolved.path, resolved.source === 'flag');
	return {kind: 'run', config: {
		metricsPath: resolved.path,
		window: flags.window as WindowName,
		filter: flags.filter,
		intervalMs: interval,
		docker: flags.docker,
		dockerHost: flags.dockerHost,
		poll: flags.poll || env.CHOKIDAR_USEPOLLING === '1',
		demo: flags.demo,
		// A pipe, a file or a dumb terminal cannot redraw in place: print the table once instead.
		once: flags.once || !stdoutIsTTY || env.TERM === 'dumb',
		json: flags.json,
	}};
}

/** A missing file is waited for; a path that exists but cannot be read is a usage error now. */
function checkReadable(path: string, explicit: boolean): void {
	let st;
	try {
		st = statSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return;
		if (explicit || code === 'EACCES') throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
		return;
	}
	if (st.isDirectory()) throw new UsageError(`${path} is a directory, not DDC's metrics file`);
	try {
		accessSync(path, constants.R_OK);
	} catch (error) {
		throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
	}
}
