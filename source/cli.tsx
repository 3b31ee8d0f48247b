import {accessSync, constants, existsSync, type Stats, statSync} from 'node:fs';
import {FLAGS, HELP} from './cli-spec.js';
import {parseArgs, UsageError} from './commands/args.js';
import {parseRegression} from './commands/check-args.js';
import {readDetailFlags} from './commands/detail-args.js';
import {readListenFlags} from './commands/listen-flags.js';
import type {Config} from './config.js';
import {MAX_INTERVAL_MS, MIN_INTERVAL_MS} from './config.js';
import {DDC_CONTAINER_METRICS} from './core/container-file-target.js';
import {dockerHostFlagError} from './core/docker-host.js';
import {errorCode} from './core/error-code.js';
import {nonRegularKind, notRegularText} from './core/file-kind.js';
import {parseFilter} from './core/filter.js';
import {resolveMetricsPath} from './core/metrics-path.js';
import {WINDOWS, type WindowName} from './core/windows.js';

export {HELP, UsageError};

export interface CliEnv {
	argv: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	stdoutIsTTY: boolean;
}

export type CliResult = {kind: 'run'; config: Config} | {kind: 'help'} | {kind: 'version'};

/** argv -> what to do, or a UsageError with one line for the operator. Never exits by itself. */
export function parseCli({argv, cwd, env, stdoutIsTTY}: CliEnv): CliResult {
	const parsed = parseArgs(argv, import.meta, FLAGS);
	const f = parsed.flags;
	if (f.help) return {kind: 'help'};
	if (f.version) return {kind: 'version'};
	const flags = {
		metrics: f.metrics as string | undefined,
		container: ((f.container as string | undefined) ?? env.DDC_CONTAINER ?? '').trim() || undefined,
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
	if (parsed.input.length > 0) throw new UsageError(`unknown command: ${parsed.input[0]} (commands: cleanup, export, serve, check)`);
	if (!WINDOWS.includes(flags.window as WindowName)) {
		throw new UsageError(`--window must be one of ${WINDOWS.join(', ')} (got "${flags.window}")`);
	}
	const interval = Number(flags.interval);
	if (!/^\d+$/.test(flags.interval) || interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_MS) {
		throw new UsageError(
			`--interval must be a whole number of milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS} (got "${flags.interval}")`,
		);
	}
	const filter = parseFilter(flags.filter);
	if (!filter.ok) throw new UsageError(`--filter: ${filter.error}`);
	const hostError = dockerHostFlagError(flags.dockerHost);
	if (hostError) throw new UsageError(hostError);
	if (flags.json && !flags.once && stdoutIsTTY) throw new UsageError('--json needs --once');
	const detail = readDetailFlags({
		op: f.op as string | undefined,
		recent: f.recent as string | undefined,
		from: f.from as string | undefined,
		to: f.to as string | undefined,
	});
	// As --json: the live view has no --op (Enter opens an operation there); a pipe is --once anyway.
	if (detail && !flags.once && stdoutIsTTY) throw new UsageError('--op needs --once (or ddc-top export --op)');
	if (flags.demo && flags.metrics) throw new UsageError('--demo and --metrics cannot be combined');
	if (flags.demo && f.container !== undefined) throw new UsageError('--demo and --container cannot be combined');
	if (flags.container && (flags.container.startsWith('-') || /[\s/]/.test(flags.container)))
		throw new UsageError(`--container must be a container name or id (got "${flags.container}")`);
	const listenFlag = f.listen as string | undefined;
	const tokenFile = f.listenTokenFile as string | undefined;
	if (tokenFile !== undefined && listenFlag === undefined) throw new UsageError('--listen-token-file needs --listen');
	const listen = listenFlag === undefined ? undefined : readListenFlags(listenFlag, tokenFile);
	if (listen && (flags.once || !stdoutIsTTY || env.TERM === 'dumb'))
		throw new UsageError('--listen goes with the live view in a terminal; without one: ddc-top serve --listen ADDR');
	const minEffectPct = parseRegression(f.regression as string | undefined);
	for (const name of ['slo', 'baseline'] as const) if (f[name] === '') throw new UsageError(`--${name} needs a file name`);
	const judgeFlags = {slo: f.slo as string | undefined, baseline: f.baseline as string | undefined, minEffectPct};
	// In a container, --metrics is the path inside it, taken as given (DDC's by default).
	const container = flags.demo ? undefined : flags.container;
	const resolved = container
		? {path: flags.metrics || DDC_CONTAINER_METRICS, source: 'flag' as const}
		: resolveMetricsPath({flag: flags.metrics, cwd, env, exists: existsSync});
	if (container && !resolved.path.startsWith('/'))
		throw new UsageError(`--metrics with --container must be an absolute path inside it (got "${resolved.path}")`);
	if (!flags.demo && !container) checkReadable(resolved.path, resolved.source === 'flag');
	return {
		kind: 'run',
		config: {
			metricsPath: resolved.path,
			...(container && {container: {name: container}}),
			...(!flags.demo && resolved.source === 'default' && {metricsDefault: true}),
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
			...(detail && {detail}),
			...(listen && {listen}),
			judgeFlags,
		},
	};
}

/** A missing file is waited for; a path that exists but cannot be read is a usage error now. */
function checkReadable(path: string, explicit: boolean): void {
	let st: Stats;
	try {
		st = statSync(path);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOENT') return;
		if (explicit || code === 'EACCES') throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
		return;
	}
	// Only a regular file is read: a FIFO would block the reader, /dev/zero never ends.
	const kind = nonRegularKind(st);
	if (kind) throw new UsageError(notRegularText(path, kind));
	try {
		accessSync(path, constants.R_OK);
	} catch (error) {
		throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
	}
}
