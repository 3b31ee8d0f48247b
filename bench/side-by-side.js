// The scenario both terminal benchmarks measure: real containers from the offline image the tests use
// (idle ones and light CPU burners, one name prefix, force-removed at the end), with ddc-top
// --demo and `docker stats` each in its own pty of the same size at the same time.
// All of it on the PRIVATE engine of .ci/docker-engine.sh, named explicitly (--host / --docker-host and
// DOCKER_HOST in every child), never the host's daemon and its operator's containers.
import {execFile, execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {measureSideBySide} from './pty-run.js';

const run = promisify(execFile);
const ENGINE_SCRIPT = fileURLToPath(new URL('../.ci/docker-engine.sh', import.meta.url));
// Same default and override as .ci/docker-engine.sh.
const ENGINE_DIR = process.env.DDC_TOP_TEST_ENGINE_DIR || '/run/ddc-top-test-engine';
export const ENGINE_HOST = `unix://${path.join(ENGINE_DIR, 'docker.sock')}`;
const IMAGE = 'local/busybox:latest';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/ddc-top.js', import.meta.url));

/** The environment of every child that may talk to Docker: the private engine, whatever the caller set. */
export function engineEnv() {
	const env = {...process.env, DOCKER_HOST: ENGINE_HOST};
	for (const name of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[name];
	return env;
}

async function docker(args) {
	const {stdout} = await run('docker', ['--host', ENGINE_HOST, ...args], {timeout: 120_000, maxBuffer: 16 << 20, env: engineEnv()});
	return stdout.trim();
}

/** Starts the private engine when it does not answer (idempotent) and builds the image if missing. */
export async function ensureEngine() {
	await run('bash', [ENGINE_SCRIPT], {timeout: 240_000, env: engineEnv()});
}

/** The private engine's dockerd, from its own pid file (never by name: the host's dockerd has that name too). */
function engineDaemonPid() {
	try {
		const pid = Number(readFileSync(path.join(ENGINE_DIR, 'docker.pid'), 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

export async function dockerVersions() {
	return docker(['version', '--format', 'CLI {{.Client.Version}}, engine {{.Server.Version}}']).catch(() => 'unknown');
}

/**
 * `count` running containers: every third one burns a little CPU (`yes` capped at 5 % of a core, so its
 * numbers move every tick), the rest sleep. Returns `removeAll()`, which also runs on SIGINT/SIGTERM.
 */
export async function startContainers(count, label = 'dtb') {
	// Short enough that ddc-top's name column shows it whole (longer names are shortened in the middle).
	const prefix = `${label}${randomBytes(3).toString('hex')}-`;
	const removeAll = async () => {
		const ids = await docker(['ps', '-aq', '--filter', `name=${prefix}`]).catch(() => '');
		if (ids) await docker(['rm', '-f', ...ids.split('\n')]).catch(() => undefined);
	};
	const onSignal = () => void removeAll().finally(() => process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const jobs = [];
		for (let i = 0; i < count; i++) {
			const busy = i % 3 === 0;
			const flags = busy ? ['--cpus', '0.05'] : ['--memory', '32m'];
			const cmd = busy ? ['sh', '-c', 'yes > /dev/null'] : ['sleep', '100000'];
			jobs.push(
				docker(['run', '-d', '--name', `${prefix}${busy ? 'busy' : 'idle'}-${i}`, '--network', 'none', '--init', ...flags, IMAGE, ...cmd]),
			);
		}
		await Promise.all(jobs);
	} catch (error) {
		await removeAll();
		throw error;
	}
	return {
		prefix,
		busy: Math.ceil(count / 3),
		async removeAll() {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
			await removeAll();
		},
	};
}

/** How many containers are running on the private engine (a test may run some besides ours). */
export async function runningCount() {
	const ids = await docker(['ps', '-q']).catch(() => '');
	return ids ? ids.split('\n').length : 0;
}

const dockerCli = () => execFileSync('which', ['docker'], {encoding: 'utf8'}).trim();

/** The side-by-side run both terminal benchmarks use: ddc-top --demo and `docker stats`, same size, same time. */
export async function ddcTopVersusDockerStats({containers, seconds, windows = 1, columns = 120, rows = 40, ddcTopArgs = [], env = {}}) {
	await ensureEngine();
	const bench = await startContainers(containers);
	try {
		const running = await runningCount();
		const dockerdBefore = engineDaemonPid();
		const loadBefore = os.loadavg()[0];
		const result = await measureSideBySide(
			[
				{
					argv: [process.execPath, BIN, '--demo', '--docker-host', ENGINE_HOST, ...ddcTopArgs],
					env: {...engineEnv(), ...env, DOCKER_HOST: ENGINE_HOST},
					executable: process.execPath,
					columns,
					rows,
					cwd: REPO,
				},
				{argv: [dockerCli(), '--host', ENGINE_HOST, 'stats'], env: engineEnv(), executable: dockerCli(), columns, rows, cwd: REPO},
			],
			{seconds, windows, alsoSample: [dockerdBefore]},
		);
		const [ddcTop, dockerStats] = result.commands;
		const notes = [
			`load average (1 min) ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after, on ${os.cpus().length} CPUs`,
		];
		// A run disturbed from outside (a test restarting dockerd, containers removed) must not pass as a figure.
		if (engineDaemonPid() !== dockerdBefore) notes.push('DISTURBED: the test engine restarted during the run; figures are not comparable');
		const ours = await ourRunning(bench.prefix);
		if (ours < containers) notes.push(`DISTURBED: only ${ours} of ${containers} containers still running at the end`);
		for (const [name, m] of [
			['ddc-top', ddcTop],
			['docker stats', dockerStats],
		]) {
			if (!Number.isFinite(m.cpuPercent)) notes.push(`DISTURBED: ${name} exited during the run`);
		}
		// Sanity: both really showed our containers (a blank or crashed ddc-top would look cheap).
		for (const [name, m] of [
			['ddc-top', ddcTop],
			['docker stats', dockerStats],
		]) {
			if (!m.transcript.includes(bench.prefix)) notes.push(`DISTURBED: no container of this run seen in ${name}'s output`);
			delete m.transcript;
		}
		const perWindow = result.windows.map((w) => ({ddcTop: w.commands[0], dockerStats: w.commands[1], dockerd: w.others[0]}));
		return {ddcTop, dockerStats, dockerd: result.others[0], windows: perWindow, running, busy: bench.busy, notes};
	} finally {
		await bench.removeAll();
	}
}

async function ourRunning(prefix) {
	const ids = await docker(['ps', '-q', '--filter', `name=${prefix}`]).catch(() => '');
	return ids ? ids.split('\n').length : 0;
}
