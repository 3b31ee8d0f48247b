import type {Config} from './config.js';
import {HELP, parseCli, UsageError} from './cli.js';
import {runOnce} from './once.js';
import {startApp} from './app.js';
import {VERSION} from './version.js';
import {createMetricsFileSource} from './sources/metrics-file.js';
import {startDemoWriter, type DemoWriter} from './sources/demo.js';
import {collectContainersOnce, createDockerSource} from './sources/docker.js';
import {createHostSource, readHostOnce} from './sources/host.js';
import type {Source} from './sources/source.js';
import {cleanupCommand} from './commands/cleanup.js';
import {exportCommand} from './commands/export.js';
import type {CommandIo} from './commands/io.js';
import {createMenu} from './ui/menu/create-menu.js';
import {containerToJson, hostToJson} from './core/container-json.js';

const clock = () => Date.now();

/** Builds the real dependencies from the command line and runs; resolves with the process exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
	const io: CommandIo = {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		cwd: process.cwd(),
		env: process.env,
		now: clock,
		version: VERSION,
		collectExtra: async ({docker, dockerHost}) => collectExtra(docker, dockerHost),
	};
	if (argv[0] === 'cleanup') return cleanupCommand(argv.slice(1), io);
	if (argv[0] === 'export') return exportCommand(argv.slice(1), io);
	let config: Config;
	try {
		const parsed = parseCli({argv, cwd: process.cwd(), env: process.env, stdoutIsTTY: process.stdout.isTTY === true});
		if (parsed.kind === 'help') {
			process.stdout.write(HELP.trimStart());
			return 0;
		}
		if (parsed.kind === 'version') {
			process.stdout.write(`${VERSION}\n`);
			return 0;
		}
		config = parsed.config;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`ddc-top: ${error.message} (see ddc-top --help)\n`);
		return 2;
	}
	let demo: DemoWriter | undefined;
	if (config.demo) {
		demo = await startDemoWriter({clock});
		config = {...config, metricsPath: demo.path};
	}
	if (config.once) {
		try {
			return await runOnce({
				config,
				clock,
				stdout: process.stdout,
				stderr: process.stderr,
				collectContainers: config.docker ? () => collectContainersOnce({host: config.dockerHost, clock}) : undefined,
				readHost: () => readHostOnce(clock),
			});
		} finally {
			await demo?.stop();
		}
	}
	const sources: Source[] = [
		// All are ticked by the app's refresh timer: one wakeup per interval for everything periodic, and
		// what arrives between two refreshes (file appends, stats samples) is read at the refresh.
		createMetricsFileSource({path: config.metricsPath, poll: config.poll, ticked: true}),
		createHostSource({clock, intervalMs: Math.max(config.intervalMs, 1000), ticked: true}),
	];
	if (config.docker) sources.push(createDockerSource({host: config.dockerHost, clock}));
	return startApp({
		config,
		clock,
		sources,
		version: VERSION,
		stdout: process.stdout,
		stdin: process.stdin,
		stderr: process.stderr,
		menu: (store, cfg) => createMenu({store, config: cfg, clock, cwd: process.cwd(), version: VERSION}),
		onStopped: async () => demo?.stop(),
	});
}

/** Containers and host for exports, sampled the way `docker stats --no-stream` does. */
async function collectExtra(docker: boolean, dockerHost?: string): Promise<Record<string, unknown>> {
	const [host, containers] = await Promise.all([
		readHostOnce(clock).catch(() => undefined),
		docker ? collectContainersOnce({host: dockerHost, clock}).catch(() => undefined) : undefined,
	]);
	const extra: Record<string, unknown> = {};
	if (host) extra.host = hostToJson(host);
	if (containers) extra.containers = containers.containers.map(containerToJson);
	return extra;
}
