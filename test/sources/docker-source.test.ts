/**
 * The Docker source against a REAL engine: the PRIVATE one .ci/docker-engine.sh starts (its own socket,
 * data-root and containerd), named explicitly in every call; a missing engine fails the suite, it never
 * skips. Run with --test-concurrency=1: a late test restarts the private engine, and the last one checks
 * that the host's daemon on /var/run/docker.sock, if any, was left alone.
 */

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {collectContainersOnce, createDockerSource} from '../../source/sources/docker.js';
import type {Source} from '../../source/sources/source.js';
import {
	commandLine,
	createContainers,
	docker,
	ENGINE_CONTAINERD_SOCKET,
	ENGINE_HOST,
	ENGINE_SCRIPT,
	ENGINE_SOCKET,
	engineAnswers,
	engineDaemonPid,
	engineEnv,
	ensureEngine,
} from '../helpers/docker-engine.js';
import {parseDockerSize} from '../helpers/docker-size.js';
import {
	closeTripwire,
	HOST_SOCKET,
	type HostDocker,
	hostChanges,
	snapshotHostDocker,
	socketListeners,
	startTripwire,
	type Tripwire,
} from '../helpers/host-docker.js';
import {bundleProbe} from '../helpers/probe-bundle.js';
import {record} from '../helpers/recorder.js';
import {runDir} from '../helpers/test-run.js';
import {waitFor} from '../helpers/wait-for.js';

const PROBE = fileURLToPath(new URL('../helpers/docker-status-probe.ts', import.meta.url));
const containers = createContainers();
let burner: {id: string; name: string};
let idler: {id: string; name: string};
const running = new Set<Source>();
/** The host's daemon before anything here ran. */
let hostBefore: HostDocker;
/** Without a host daemon: a listener on its socket path that counts who connects (nobody may). */
let tripwire: Tripwire | undefined;
/** Every pid the private engine's dockerd had during this file (it is restarted once). */
const enginePids = new Set<number>();

/** A Docker source on the private engine; `env: {}` so no DOCKER_* of the caller's applies. */
function source(host = ENGINE_HOST) {
	const s = createDockerSource({host, env: {}, clock: Date.now});
	running.add(s);
	return s;
}

async function stop(s: Source) {
	await s.stop();
	running.delete(s);
}

before(async () => {
	hostBefore = await snapshotHostDocker();
	// Inside `npm test` the whole run's tripwire holds the path already (test/000-host-docker-before.test.ts).
	tripwire = await startTripwire(path.join(runDir(), 'tripwire-docker-source.json'));
	await ensureEngine();
	const pid = engineDaemonPid();
	assert.ok(pid, 'the private engine has a live dockerd in its pid file');
	enginePids.add(pid);
	[burner, idler] = await Promise.all([
		containers.run('burner', ['--cpus', '0.5'], ['sh', '-c', 'yes > /dev/null']),
		containers.run('idler', ['--memory', '64m'], ['sleep', '100000']),
	]);
});

after(async () => {
	await Promise.allSettled([...running].map((s) => s.stop()));
	await containers.removeAll();
	await tripwire?.close();
});

interface CliStats {
	Name: string;
	CPUPerc: string;
	MemUsage: string;
}

test('CPU % and memory agree with `docker stats --no-stream` sampled at the same time', async (t) => {
	const s = source();
	const rec = record(s);
	try {
		// The second streamed sample is the first with a CPU delta; the first says it does not know yet.
		await waitFor(
			() => rec.samplesOf(burner.id).some((x) => (x.cpuPercent ?? 0) > 0) && rec.samplesOf(idler.id).length > 0,
			10_000,
			'a burner sample with CPU and an idler sample',
		);
		for (const c of [burner, idler]) {
			const [first, second] = rec.samplesOf(c.id);
			assert.equal(first.cpuPercent, null, `${c.name}: first sample's CPU`);
			if (second) assert.equal(typeof second.cpuPercent, 'number', `${c.name}: second sample's CPU`);
		}
		const started = Date.now();
		const out = await docker(['stats', '--no-stream', '--format', '{{json .}}', burner.name, idler.name]);
		const ended = Date.now();
		const cli = new Map(
			out
				.split('\n')
				.map((line) => JSON.parse(line) as CliStats)
				.map((c) => [c.Name, c]),
		);
		// Ours over the same stretch of time the CLI measured.
		const window = rec.samples.filter((x) => x.sample.id === burner.id && x.arrived >= started - 1000 && x.arrived <= ended + 200);
		assert.ok(window.length > 0, 'no burner sample while docker stats ran');
		const theirs = Number.parseFloat(cli.get(burner.name)!.CPUPerc);
		// The daemon collects once a second for every subscriber, and each stream's precpu is the round before:
		// the CLI's figure is the one of our samples from the same round, whatever else loads the machine.
		const ours = window.map((x) => x.sample.cpuPercent ?? Number.NaN);
		const closest = Math.min(...ours.map((v) => Math.abs(v - theirs)));
		t.diagnostic(`burner CPU: ours ${ours.map((v) => v.toFixed(2)).join(', ')} %, docker stats ${theirs.toFixed(2)} %`);
		assert.ok(closest <= 0.5, `burner CPU ours ${ours.join(', ')} vs docker stats ${theirs}`);
		// The cap holds; other processes on a loaded machine may keep the burner below it.
		assert.ok(theirs > 5 && theirs < 55, `--cpus 0.5 should hold the busy burner at or below 50 %, docker says ${theirs}`);

		for (const c of [burner, idler]) {
			const [used, limit] = cli
				.get(c.name)!
				.MemUsage.split(' / ')
				.map((v) => parseDockerSize(v)!);
			const mine = rec.samplesOf(c.id).at(-1)!;
			t.diagnostic(`${c.name.slice(containers.prefix.length)} memory: ours ${mine.memUsedBytes} B, docker stats ${used} B`);
			// The CLI prints 4 significant digits: compare within 5 %.
			assert.ok(Math.abs(mine.memUsedBytes - used) <= used * 0.05, `${c.name} memory ours ${mine.memUsedBytes} vs ${used}`);
			assert.ok(Math.abs(mine.memLimitBytes - limit) <= limit * 0.001, `${c.name} limit ours ${mine.memLimitBytes} vs ${limit}`);
		}
		assert.equal(rec.samplesOf(idler.id).at(-1)!.memLimitBytes, 64 * 1024 * 1024);
		assert.equal(rec.samplesOf(burner.id).at(-1)!.name, burner.name);
		assert.equal(rec.samplesOf(burner.id).at(-1)!.state, 'running');
		assert.deepEqual(
			rec.statuses.map((x) => x.status.kind),
			['connecting', 'live'],
		);
	} finally {
		await stop(s);
	}
});

test('a container started during the run appears within 2 s; a removed one leaves', async (t) => {
	const s = source();
	const rec = record(s);
	try {
		await waitFor(() => rec.lastStatus()?.kind === 'live', 10_000, 'live status');
		const late = await containers.run('late', [], ['sleep', '100000']);
		const started = Date.now();
		await waitFor(() => rec.samplesOf(late.id).length > 0, 5000, 'a sample of the new container');
		const appeared = rec.samples.find((x) => x.sample.id === late.id)!.arrived - started;
		t.diagnostic(`new container's first sample after ${appeared} ms`);
		assert.ok(appeared <= 2000, `first sample after ${appeared} ms`);
		assert.equal(rec.samplesOf(late.id)[0].name, late.name);

		// One stream per container, never two, however events and the list raced.
		const streams = s.openStatsStreams();
		assert.equal(new Set(streams).size, streams.length);
		for (const id of [burner.id, idler.id, late.id]) assert.ok(streams.includes(id), `no stream for ${id}`);

		await containers.remove(late.name);
		await waitFor(() => rec.gone.some((g) => g.id === late.id), 5000, 'container-gone for the removed container');
		const goneAt = rec.gone.find((g) => g.id === late.id)!.arrived;
		assert.ok(!s.openStatsStreams().includes(late.id));
		assert.ok(!rec.samples.some((x) => x.sample.id === late.id && x.arrived > goneAt), 'a sample after container-gone');
	} finally {
		await stop(s);
	}
});

test('a missing socket says so in plain words (ENOENT)', async () => {
	const missing = path.join(os.tmpdir(), `ddctop-missing-${process.pid}.sock`);
	const s = source(`unix://${missing}`);
	const rec = record(s);
	try {
		await waitFor(() => rec.lastStatus()?.kind === 'unavailable', 5000, 'unavailable status');
		const status = rec.lastStatus()!;
		assert.ok(status.kind === 'unavailable');
		assert.equal(status.message, `Docker socket ${missing} not found — is Docker running? (set DOCKER_HOST or --docker-host)`);
		assert.equal(status.endpoint, `unix://${missing}`);
		assert.ok((status.retryAt ?? 0) > rec.statuses[0].arrived, 'retryAt in the future');
		assert.equal(rec.samples.length, 0);
	} finally {
		await stop(s);
	}
});

test('a socket the user may not open says how to get access (EACCES)', async () => {
	// Root ignores file permissions, so the probe runs as nobody against a root-only socket. nobody may not
	// read the checkout (a clone in a private folder), so the probe runs bundled from a world-readable folder.
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ddctop-eacces-'));
	chmodSync(dir, 0o755);
	const socket = path.join(dir, 'docker.sock');
	const server = net.createServer((c) => c.destroy());
	await new Promise<void>((resolve) => server.listen(socket, resolve));
	chmodSync(socket, 0o600);
	const probe = await bundleProbe(PROBE);
	try {
		const stdout = await probe.run([`unix://${socket}`]);
		const status = JSON.parse(stdout.trim().split('\n').at(-1)!);
		assert.equal(status.kind, 'unavailable');
		assert.equal(
			status.message,
			`Permission denied on ${socket} — the user needs access to the Docker socket (e.g. add it to the docker group)`,
		);
	} finally {
		probe.remove();
		await new Promise((resolve) => server.close(resolve));
		rmSync(dir, {recursive: true, force: true});
	}
});

test('collectContainersOnce reads real CPU, like docker stats --no-stream', async (t) => {
	const {status, containers: list} = await collectContainersOnce({host: ENGINE_HOST, env: {}});
	assert.equal(status.kind, 'live');
	const hot = list.find((c) => c.id === burner.id);
	const idle = list.find((c) => c.id === idler.id);
	assert.ok(hot && idle, 'burner and idler listed');
	// One request without one-shot: the daemon waits for a second reading, so the CPU is known at once.
	assert.ok(hot.cpuPercent !== null && idle.cpuPercent !== null, 'CPU known in a single collection');
	t.diagnostic(`collectContainersOnce burner CPU ${hot.cpuPercent.toFixed(2)} %, idler ${idle.cpuPercent.toFixed(2)} %`);
	// At or below its --cpus 0.5 cap; other processes on a loaded machine may keep it below.
	assert.ok(hot.cpuPercent > 5 && hot.cpuPercent < 55, `burner CPU ${hot.cpuPercent}`);
	assert.ok(idle.cpuPercent < 1, `idler CPU ${idle.cpuPercent}`);
	assert.equal(idle.memLimitBytes, 64 * 1024 * 1024);
	const names = list.map((c) => c.name);
	assert.deepEqual(names, [...names].sort());
	const missing = await collectContainersOnce({host: 'unix:///nonexistent/docker.sock', env: {}});
	assert.equal(missing.status.kind, 'unavailable');
	assert.deepEqual(missing.containers, []);
});

test('ticked (the live view): stats streams are read only at a tick, new containers still appear within 2 s', async (t) => {
	const s = source();
	const rec = record(s);
	// The app's refresh timer.
	let ticker: NodeJS.Timeout | undefined = setInterval(() => s.tick!(), 1000);
	/** Past the hold that follows a tick (two event loop turns, see StatsStreams.refresh). */
	const afterTurn = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
	try {
		await waitFor(
			() => [burner.id, idler.id].every((id) => rec.samplesOf(id).length > 0 && s.heldStatsStreams().includes(id)),
			10_000,
			'samples of both containers, and their streams held after a tick',
		);
		const late = await containers.run('late-ticked', [], ['sleep', '100000']);
		const started = Date.now();
		await waitFor(() => rec.samplesOf(late.id).length > 0, 5000, 'a sample of the new container');
		const appeared = rec.samples.find((x) => x.sample.id === late.id)!.arrived - started;
		t.diagnostic(`new container's first sample after ${appeared} ms with 1 s ticks`);
		assert.ok(appeared <= 2000, `first sample after ${appeared} ms`);
		await waitFor(
			() => s.heldStatsStreams().includes(late.id),
			3000,
			"the new container's stream held from the tick after its first sample",
		);

		// No more ticks: dockerd keeps sending (docker stats --no-stream waits for two of its collection
		// rounds, which serve our streams too), and none of it may be read.
		clearInterval(ticker);
		ticker = undefined;
		await afterTurn();
		const held = s.heldStatsStreams();
		for (const id of [burner.id, idler.id, late.id]) assert.ok(held.includes(id), `stream of ${id} not held`);
		const ids = [burner.id, idler.id, late.id];
		const count = rec.samples.length;
		const before = ids.map((id) => rec.samplesOf(id).length);
		await docker(['stats', '--no-stream', burner.name]);
		assert.equal(rec.samples.length, count, 'samples read between ticks');

		s.tick!();
		await waitFor(
			() => ids.every((id, i) => rec.samplesOf(id).length > before[i]),
			3000,
			'what waited, read at the tick, for each container',
		);
		await afterTurn();
		assert.ok(s.heldStatsStreams().includes(burner.id), 'held again after the tick');
		t.diagnostic(`read at the tick: ${rec.samples.length - count} samples`);

		// A removal is seen (the events stream is never held) and the held stream closes.
		await containers.remove(late.name);
		await waitFor(
			() => rec.gone.some((g) => g.id === late.id) && !s.openStatsStreams().includes(late.id),
			5000,
			'the removed container gone',
		);
	} finally {
		if (ticker) clearInterval(ticker);
		await stop(s);
	}
	assert.deepEqual(s.heldStatsStreams(), []);
});

test('stop() closes every stats stream, socket and timer', async () => {
	const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap' || r === 'TCPSocketWrap' || r === 'Timeout');
	const baseline = handles().length;
	const s = createDockerSource({host: ENGINE_HOST, env: {}, clock: Date.now});
	const rec = record(s);
	await waitFor(() => rec.samplesOf(burner.id).length > 0 && rec.samplesOf(idler.id).length > 0, 10_000, 'samples');
	assert.ok(s.openStatsStreams().length >= 2);
	assert.ok(handles().length > baseline, 'streams should hold sockets while running');
	await s.stop();
	assert.deepEqual(s.openStatsStreams(), []);
	// Earlier tests' leftovers may close meanwhile, so "no more than before" is the exact claim.
	assert.ok(handles().length <= baseline, `left open: ${handles().join(', ')} (before: ${baseline})`);
	const count = rec.samples.length;
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(rec.samples.length, count, 'a sample after stop()');
});

test('survives a restart of the private engine: unavailable, then live with samples within 5 s of it answering', async (t) => {
	// `--restart always`: dockerd brings it back by itself, so samples can flow without our help.
	const keeper = await containers.run('keeper', ['--restart', 'always'], ['sleep', '100000']);
	const s = source();
	const rec = record(s);
	try {
		await waitFor(() => rec.samplesOf(keeper.id).length > 0, 10_000, 'keeper samples');
		// By the private engine's own pid file, never by process name: a name finds the host's daemon too.
		const pid = engineDaemonPid();
		assert.ok(pid, "the private engine's dockerd pid");
		assert.notEqual(pid, hostBefore.daemonPid, 'the pid to kill is the host daemon');
		process.kill(pid, 'SIGTERM');
		await waitFor(() => !alive(pid), 30_000, 'dockerd to exit', 50);
		await waitFor(() => rec.lastStatus()?.kind === 'unavailable', 5000, 'unavailable status');
		const down = rec.lastStatus();
		assert.ok(down?.kind === 'unavailable' && down.message.length > 0);
		t.diagnostic(`while down: ${down.message}`);
		assert.ok(
			rec.gone.some((g) => g.id === keeper.id),
			'rows of the lost daemon are dropped',
		);

		// Start it the way CI does, and note when `docker version` first answers.
		const script = spawn('bash', [ENGINE_SCRIPT], {stdio: 'ignore', env: engineEnv()});
		const scriptDone = new Promise<number | null>((resolve) => script.on('exit', resolve));
		let answered = 0;
		const deadline = Date.now() + 60_000;
		while (!answered && Date.now() < deadline) {
			if (await engineAnswers()) answered = Date.now();
		}
		assert.ok(answered, 'dockerd did not come back within 60 s');
		assert.equal(await scriptDone, 0);
		const restarted = engineDaemonPid();
		assert.ok(restarted && restarted !== pid, 'a new private dockerd in the pid file');
		enginePids.add(restarted);
		await waitFor(
			() => rec.lastStatus()?.kind === 'live' && rec.samples.some((x) => x.arrived > answered),
			answered + 5000 - Date.now(),
			'live status and samples within 5 s of the daemon answering',
		);
		const first = rec.samples.find((x) => x.arrived > answered)!;
		const liveAgain = rec.statuses.filter((x) => x.status.kind === 'live').at(-1)!;
		t.diagnostic(
			`after restart: live ${liveAgain.arrived - answered} ms, first sample ${first.arrived - answered} ms after docker answered`,
		);
		const kinds = rec.statuses.map((x) => x.status.kind);
		assert.deepEqual(kinds.slice(0, 2), ['connecting', 'live']);
		assert.ok(kinds.indexOf('unavailable') > 1 && kinds.at(-1) === 'live');
	} finally {
		await stop(s);
	}
});

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

test("the host's Docker daemon is untouched: same pid, its container still running since the same time", async (t) => {
	const engine = engineDaemonPid();
	assert.ok(engine, 'the private engine runs');
	enginePids.add(engine);
	t.diagnostic(
		`host: socket ${hostBefore.socketExists ? 'present' : 'absent'}, answers ${hostBefore.answers}` +
			`, dockerd pid ${hostBefore.daemonPid ?? 'none'}` +
			`, ${hostBefore.containers.length} container(s); private engine pids ${[...enginePids].join(', ')}`,
	);

	// Whatever the host has: the private engine listens on its own socket only, with its own containerd.
	const cmd = commandLine(engine)!;
	assert.ok(cmd.includes(`--host ${ENGINE_HOST}`) && !cmd.includes(HOST_SOCKET), `private dockerd's command line: ${cmd}`);
	assert.ok(cmd.includes(`--containerd ${ENGINE_CONTAINERD_SOCKET}`), "the private dockerd uses its own containerd, not the host's");
	assert.deepEqual(socketListeners(ENGINE_SOCKET), [engine], 'only the private dockerd listens on the private socket');
	const listening = socketListeners(HOST_SOCKET);
	for (const pid of enginePids) {
		assert.ok(!hostBefore.listeners.includes(pid) && !listening.includes(pid), `private engine pid ${pid} listens on ${HOST_SOCKET}`);
		assert.notEqual(pid, hostBefore.daemonPid);
	}

	if (tripwire) {
		// No host daemon (as on CI) and this file run alone: nothing of it (the engine script, docker CLI
		// calls, sources, the restart) connected to the default socket, where its tripwire counted nobody.
		const report = await closeTripwire(tripwire);
		tripwire = undefined;
		assert.deepEqual(report.requests, [], `${report.connections} connection(s) to ${HOST_SOCKET}: something used the default socket`);
		assert.ok(report.probeCounted, 'the tripwire counted our own connection: it was listening all along');
		assert.ok(report.socketRemoved, `the tripwire left ${HOST_SOCKET} behind`);
	} else if (!hostBefore.answers) {
		t.diagnostic(
			`${HOST_SOCKET} ${hostBefore.socketExists ? "held by the whole run's tripwire or a stale file" : 'not ours to bind'}` +
				': no tripwire of this file',
		);
	}
	assert.deepEqual(await hostChanges(hostBefore, await snapshotHostDocker()), [], "the host's Docker daemon or its containers changed");
});
