import {FLAGS, HELP} from './cli-spec.js';
import type {CommandIo} from './commands/io.js';
import {checkKnown} from './commands/known-flags.js';
import {UsageError} from './commands/usage-error.js';
import type {Config} from './config.js';
import type {Clock} from './core/clock.js';
import type {ExtrasInput} from './core/export-extras.js';
import {type CpuMark, markCpu} from './sources/host.js';
import {VERSION} from './version.js';

// Only what every path needs is imported above (and the host's CPU reader, node built-ins only, for a reading
// as early as possible); each path loads the rest itself with import(), so --help,
// --version and a usage error answer before Ink, React, dockerode, systeminformation or the statistics load,
// and --once --no-docker never loads Ink, React or dockerode (Ink and its layout engine alone take ~0.7 s
// and ~45 MB; dockerode, without the gRPC and SSH modules it never needs here, about 7 MB).

const clock: Clock = () => Date.now();

/** Builds the real dependencies from the command line and runs; resolves with the process exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
	if (argv[0] === 'cleanup' || argv[0] === 'export' || argv[0] === 'serve' || argv[0] === 'check')
		return subcommand(argv[0], argv.slice(1));
	let config: Config;
	let since: CpuMark;
	try {
		// Checked on the raw arguments: an unknown flag, --help and --version need nothing else (not even meow).
		const given = checkKnown(argv, FLAGS);
		if (given.help) {
			process.stdout.write(HELP.trimStart());
			return 0;
		}
		if (given.version) {
			process.stdout.write(`${VERSION}\n`);
			return 0;
		}
		// The host's CPU % needs two readings: the first is taken now, so the gap is the start-up itself and the
		// host line is in the first frame (live) or needs little or no extra wait (--once), whatever --interval is.
		since = markCpu();
		const {parseCli} = await import('./cli.js');
		const parsed = parseCli({argv, cwd: process.cwd(), env: process.env, stdoutIsTTY: process.stdout.isTTY === true});
		if (parsed.kind !== 'run') throw new Error(`unexpected ${parsed.kind} after the flag check`);
		config = parsed.config;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`ddc-top: ${error.message} (see ddc-top --help)\n`);
		return 2;
	}
	if (config.judgeFlags) {
		// Before the screen is taken (or --once reads the file): a bad --slo or --baseline is one line and exit 2.
		const loaded = await (await import('./judge-setup.js')).loadJudgeSetup(config.judgeFlags, process.cwd());
		if (!loaded.ok) {
			process.stderr.write(`ddc-top: ${loaded.problem} (see ddc-top --help)\n`);
			return 2;
		}
		config = {...config, judge: loaded.setup};
	}
	let demo: import('./sources/demo.js').DemoWriter | undefined;
	if (config.demo) {
		const {startDemoWriter} = await import('./sources/demo.js');
		demo = await startDemoWriter({clock});
		config = {...config, metricsPath: demo.path};
	}
	// Issue #15: no file where nothing said to look, and a DDC container running: its file is read instead.
	if (config.metricsDefault && !config.container && config.docker)
		config = await (await import('./sources/container-file-wiring.js')).withAutoContainer(config);
	if (config.once) {
		try {
			return await runOnce(config, since);
		} finally {
			await demo?.stop();
		}
	}
	return runLive(config, since, demo);
}

async function runOnce(config: Config, since: CpuMark): Promise<number> {
	// Before the statistics' modules load: a missing file is reported at once (a container's is looked for by
	// once.ts; nothing anywhere ddc-top looked by default is said there too, and is not an error).
	const missing =
		!config.container && !config.metricsDefault && (await (await import('./once-file.js')).checkMetricsFile(config.metricsPath));
	if (missing) {
		process.stderr.write(missing);
		return 2;
	}
	const once = await import('./once.js');
	return once.runOnce({
		config,
		clock,
		stdout: process.stdout,
		stderr: process.stderr,
		collectExtras: () => sampleExtras({docker: config.docker, dockerHost: config.dockerHost, since, ddcContainer: config.container?.name}),
	});
}

async function runLive(config: Config, since: CpuMark, demo?: import('./sources/demo.js').DemoWriter): Promise<number> {
	// --listen: bound before the terminal is taken, so an address in use is one line and exit 1, not a torn screen.
	const exporter = config.listen && (await startListening(config.listen));
	if (exporter === null) {
		await demo?.stop();
		return 1;
	}
	const [{startApp}, {createMetricsFileSource}, {createHostSource}, docker] = await Promise.all([
		import('./app.js'),
		import('./sources/metrics-file.js'),
		import('./sources/host.js'),
		config.docker ? import('./sources/docker.js') : undefined,
	]);
	const sources: import('./sources/source.js').Source[] = [
		// All are ticked by the app's refresh timer: one wakeup per interval for everything periodic, and
		// what arrives between two refreshes (file appends, stats samples) is read at the refresh.
		config.container
			? await (await import('./sources/container-file-wiring.js')).createContainerSource(config)
			: createMetricsFileSource({path: config.metricsPath, poll: config.poll, ticked: true}),
		createHostSource({clock, intervalMs: Math.max(config.intervalMs, 1000), ticked: true, since}),
	];
	if (docker) sources.push(docker.createDockerSource({host: config.dockerHost, clock, refreshIntervalMs: config.intervalMs}));
	return startApp({
		config,
		clock,
		sources,
		version: VERSION,
		stdout: process.stdout,
		stdin: process.stdin,
		stderr: process.stderr,
		// Loaded with Ink at the first key (cleanup and export code is not needed before the menu can open).
		menu: async (store, cfg) =>
			(await import('./menu-effects.js')).createMenu({store, config: cfg, clock, cwd: process.cwd(), version: VERSION}),
		onStore: exporter ? (store) => exporter.attach(store) : undefined,
		onStopped: async () => {
			await exporter?.stop();
			await demo?.stop();
		},
	});
}

/** The Prometheus exporter beside the live view (prom-client loads only here); null when it cannot listen. */
async function startListening(listen: NonNullable<Config['listen']>): Promise<import('./exporter/exporter.js').Exporter | null> {
	const [{startExporter}, {exposedWarning}, {formatHostPort}] = await Promise.all([
		import('./exporter/exporter.js'),
		import('./commands/listen-flags.js'),
		import('./core/listen-address.js'),
	]);
	try {
		const exporter = await startExporter({...listen, version: VERSION});
		if (!listen.address.loopback) process.stderr.write(`ddc-top: ${exposedWarning(listen.address, listen.token !== undefined)}\n`);
		return exporter;
	} catch (error) {
		const where = formatHostPort(listen.address.host, listen.address.port);
		process.stderr.write(`ddc-top: cannot listen on ${where}: ${error instanceof Error ? error.message : String(error)}\n`);
		return null;
	}
}

async function subcommand(name: 'cleanup' | 'export' | 'serve' | 'check', args: string[]): Promise<number> {
	const io: CommandIo = {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		cwd: process.cwd(),
		env: process.env,
		now: clock,
		version: VERSION,
		collectExtra: sampleExtras,
	};
	if (name === 'cleanup') return (await import('./commands/cleanup.js')).cleanupCommand(args, io);
	if (name === 'serve') return (await import('./commands/serve.js')).serveCommand(args, io);
	if (name === 'check') return (await import('./commands/check.js')).checkCommand(args, io);
	return (await import('./commands/export.js')).exportCommand(args, io);
}

/**
 * Containers and host for `--once` and export (one wiring for both), sampled the way `docker stats
 * --no-stream` does. Never rejects: what cannot be read is left out. `since`, the start-up's CPU mark
 * (--once): the host's reading needs 150 ms from it, enough CPU ticks for a real percentage, mostly spent
 * reading the file; without it, the reading takes its own gap.
 */
async function sampleExtras(options: {docker: boolean; dockerHost?: string; since?: CpuMark; ddcContainer?: string}): Promise<ExtrasInput> {
	const [{readHostOnce}, dockerOnce] = await Promise.all([
		import('./sources/host.js'),
		options.docker ? import('./sources/docker-once.js') : undefined,
	]);
	const [host, docker] = await Promise.all([
		(options.since ? readHostOnce(clock, 150, options.since) : readHostOnce(clock)).catch(() => undefined),
		// DDC's own container too (issue #15 §3): the one --container names, else one named ddc or of DDC's image.
		dockerOnce?.collectContainersOnce({host: options.dockerHost, clock, ddc: {wanted: options.ddcContainer}}).catch(() => undefined),
	]);
	return {containers: docker?.containers, dockerStatus: docker?.status, host, ...(options.docker && {ddc: docker?.ddc ?? null})};
}
