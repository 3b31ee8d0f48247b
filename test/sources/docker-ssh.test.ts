/**
 * Issue #15: `--docker-host ssh://user@host` against a real OpenSSH server (test/helpers/sshd.ts: on
 * 127.0.0.1, in front of the PRIVATE engine, whose socket is the only Docker socket that sshd can see).
 * Everything goes over ONE SSH connection, a channel per request: the containers' stats streams (more
 * than sshd's MaxSessions of 10), events, the --container file; the host key is checked against
 * known_hosts, never accepted silently; a lost connection is said and reconnected.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {DDC_CONTAINER_METRICS} from '../../source/core/container-file-target.js';
import {parseDockerHost} from '../../source/core/docker-host.js';
import type {DockerStatus} from '../../source/core/samples.js';
import {createContainerFileSource} from '../../source/sources/container-file.js';
import {collectContainersOnce, createDockerSource} from '../../source/sources/docker.js';
import {createDockerClient} from '../../source/sources/docker-client.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {BIN, finished} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {createContainers, docker, ENGINE_HOST, engineEnv, ensureEngine} from '../helpers/docker-engine.js';
import {knownHostsLine, type Sshd, startSshd} from '../helpers/sshd.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddctop-ssh');
const STREAMS = 14;
const NOW = Math.floor(Date.now() / 1000);
const OPERATIONS = ['config_load', 'docker_list', 'docker_stats', 'discord_send', 'task_run'];
const LINES = Array.from({length: 3000}, (_, i) =>
	ddcLine({operation: OPERATIONS[i % OPERATIONS.length]!, end: NOW - 3000 + i, duration: 0.01 + (i % 97) / 100}),
).join('');
let sshd: Sshd;
let ddcName = '';
const names = new Set<string>();

before(async () => {
	await ensureEngine();
	sshd = await startSshd();
	// In-process clients read ~/.ssh from HOME, as the command does; never an agent of whoever runs the tests.
	process.env.HOME = sshd.home;
	delete process.env.SSH_AUTH_SOCK;
	const started = await Promise.all(Array.from({length: STREAMS}, (_, i) => containers.run(`s${i}`, [], ['sleep', '100000'])));
	for (const c of started) names.add(c.name);
	// The metrics file inside a container, copied in whole (3000 lines: more than one channel window).
	const tree = tempDir();
	mkdirSync(path.join(tree, 'app', 'data', 'metrics'), {recursive: true});
	writeFileSync(path.join(tree, 'app', 'data', 'metrics', 'performance_metrics.jsonl'), LINES);
	const ddc = await containers.run('ddc', [], ['sleep', '100000']);
	await docker(['cp', path.join(tree, 'app'), `${ddc.name}:/`]);
	ddcName = ddc.name;
	names.add(ddc.name);
});

after(async () => {
	await sshd?.stop();
	await containers.removeAll();
});

const sshUrl = () => `ssh://root@127.0.0.1:${sshd.port}`;

/** The built command, as an operator runs it: HOME holds the key and known_hosts, no agent. */
async function ddcTop(args: string[], home = sshd.home) {
	const env = engineEnv({HOME: home});
	for (const name of ['SSH_AUTH_SOCK', 'DDC_CONTAINER', 'DOCKER_HOST']) delete env[name];
	const result = await finished(spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']}));
	return {...result, json: () => JSON.parse(result.stdout) as {ddc_top: Record<string, unknown>; statistics: Record<string, unknown>}};
}

const ours = (containers: unknown) =>
	(containers as Array<{name: string}>)
		.map((c) => c.name)
		.filter((name) => names.has(name))
		.sort();

function counts(statistics: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(statistics).map(([op, s]) => [op, (s as {count: unknown}).count]));
}

test('--once --json over ssh:// lists the private engine’s running containers, the same as over its unix socket', async () => {
	const metrics = path.join(tempDir(), 'empty.jsonl');
	writeFileSync(metrics, '');
	const [overSsh, local] = await Promise.all([
		ddcTop(['--once', '--json', '--metrics', metrics, '--docker-host', sshUrl()]),
		ddcTop(['--once', '--json', '--metrics', metrics, '--docker-host', ENGINE_HOST]),
	]);
	assert.equal(overSsh.code, 0, overSsh.stderr);
	const ssh = overSsh.json().ddc_top;
	assert.deepEqual(ssh.docker_status, {available: true}, JSON.stringify(ssh.docker_status));
	assert.equal(ours(ssh.containers).length, STREAMS + 1);
	assert.deepEqual(ours(ssh.containers), ours(local.json().ddc_top.containers));
});

test('--container over ssh:// reads the file inside the container: the same counts as a local copy of it', async () => {
	const copy = path.join(tempDir(), 'copy.jsonl');
	writeFileSync(copy, LINES);
	const [overSsh, local] = await Promise.all([
		ddcTop(['--once', '--json', '--no-docker', '--container', ddcName, '--docker-host', sshUrl(), '--window', '24h']),
		ddcTop(['--once', '--json', '--no-docker', '--metrics', copy, '--window', '24h']),
	]);
	assert.equal(overSsh.code, 0, overSsh.stderr);
	const doc = overSsh.json();
	assert.equal(doc.ddc_top.source && (doc.ddc_top.source as {container?: string}).container, ddcName);
	assert.equal((doc.ddc_top.source as {lines_read: number}).lines_read, 3000);
	assert.deepEqual(counts(doc.statistics), counts(local.json().statistics));
	assert.deepEqual(Object.keys(doc.statistics).sort(), [...OPERATIONS].sort());
	assert.equal(doc.ddc_top.source && (doc.ddc_top.source as {path?: string}).path, DDC_CONTAINER_METRICS);
});

test('an unknown host key is refused with one line that says how to accept it; a changed one too', async () => {
	const stranger = tempDir();
	mkdirSync(path.join(stranger, '.ssh'));
	writeFileSync(path.join(stranger, '.ssh', 'known_hosts'), '');
	const {execFileSync} = await import('node:child_process');
	execFileSync('cp', [path.join(sshd.home, '.ssh', 'id_ed25519'), path.join(stranger, '.ssh', 'id_ed25519')]);
	const metrics = path.join(stranger, 'empty.jsonl');
	writeFileSync(metrics, '');
	const unknown = `host key for [127.0.0.1]:${sshd.port} is not in ~/.ssh/known_hosts: run \`ssh -p ${sshd.port} root@127.0.0.1\` once to accept it`;
	// --once: Docker unavailable is a fact of the document (exit 0), the line is its message.
	const once = await ddcTop(['--once', '--json', '--metrics', metrics, '--docker-host', sshUrl()], stranger);
	assert.equal(once.code, 0, once.stderr);
	assert.deepEqual(once.json().ddc_top.docker_status, {available: false, message: `Docker at ${sshUrl()}: ${unknown}`});
	// The container's file cannot be read at all: one line on stderr, exit 2.
	const file = await ddcTop(['--once', '--json', '--no-docker', '--container', ddcName, '--docker-host', sshUrl()], stranger);
	assert.equal(file.code, 2);
	assert.equal(file.stderr.trim().split('\n').length, 1, file.stderr);
	assert.ok(file.stderr.includes(unknown), file.stderr);
	// Another key for the same host: refused as changed, whether known_hosts is plain or hashed.
	const otherKey = `${sshd.hostKey.split(' ')[0]} AAAAC3NzaC1lZDI1NTE5AAAAIBm0Ss8eZWKdrqGeGAd4tfHdAZW+S1pSgOtNFOvZYZeh`;
	for (const hashed of [false, true]) {
		writeFileSync(path.join(stranger, '.ssh', 'known_hosts'), `${knownHostsLine(`[127.0.0.1]:${sshd.port}`, otherKey, hashed)}\n`);
		const changed = await ddcTop(['--once', '--json', '--metrics', metrics, '--docker-host', sshUrl()], stranger);
		const status = changed.json().ddc_top.docker_status as {message: string};
		assert.match(status.message, /host key for \[127\.0\.0\.1\]:\d+ does not match ~\/\.ssh\/known_hosts/);
	}
	// The right key, hashed as HashKnownHosts writes it: accepted.
	writeFileSync(path.join(stranger, '.ssh', 'known_hosts'), `${knownHostsLine(`[127.0.0.1]:${sshd.port}`, sshd.hostKey, true)}\n`);
	const hashed = await ddcTop(['--once', '--json', '--metrics', metrics, '--docker-host', sshUrl()], stranger);
	assert.deepEqual(hashed.json().ddc_top.docker_status, {available: true});
});

test(`the live source: ${STREAMS} stats streams and events over ONE SSH connection; lost, said and reconnected; stop() closes it`, async () => {
	const statuses: DockerStatus[] = [];
	const sampled = new Set<string>();
	const source = createDockerSource({host: sshUrl(), clock: Date.now, retryDelaysMs: [200]});
	source.start((event: SourceEvent) => {
		if (event.type === 'docker-status') statuses.push(event.status);
		if (event.type === 'container-sample' && names.has(event.sample.name)) sampled.add(event.sample.name);
	});
	try {
		await waitFor(() => sampled.size === names.size, 30_000, `samples of all ${names.size} containers over ssh (${sampled.size})`);
		assert.equal(statuses.at(-1)?.kind, 'live');
		assert.ok(source.openStatsStreams().length >= names.size);
		assert.equal(sshd.connections(), 1, 'one SSH connection for every stream');
		// The network goes: the Docker panel says so, and the source connects again by itself.
		const before = statuses.length;
		sshd.dropConnections();
		await waitFor(() => statuses.slice(before).some((s) => s.kind === 'unavailable'), 20_000, 'the loss reported');
		const lost = statuses.slice(before).find((s) => s.kind === 'unavailable') as {message: string};
		assert.match(lost.message, new RegExp(`^Lost the connection to Docker at ${sshUrl()} — reconnecting$`));
		sampled.clear();
		await waitFor(() => statuses.at(-1)?.kind === 'live' && sampled.size === names.size, 30_000, 'live again, every container sampled');
		assert.equal(sshd.connections(), 1);
	} finally {
		await source.stop();
	}
	await waitFor(() => sshd.connections() === 0, 10_000, 'the SSH connection closed by stop()');
});

test('the live --container follower over ssh:// (one long-lived exec on the shared connection): the file, then appends', async () => {
	const client = createDockerClient(parseDockerHost(sshUrl(), {}));
	const source = createContainerFileSource({docker: client.docker, container: ddcName, path: DDC_CONTAINER_METRICS, intervalMs: 100});
	let bytes = 0;
	source.start((event: SourceEvent) => {
		if (event.type === 'metrics-bytes') bytes += event.chunk.length;
		if (event.type === 'metrics-reset') bytes = 0;
	});
	try {
		await waitFor(() => bytes === Buffer.byteLength(LINES), 20_000, `the whole file over ssh (${bytes} bytes)`);
		const more = ddcLine({operation: 'late_op', end: NOW, duration: 0.5});
		await docker(['exec', ddcName, 'sh', '-c', `printf '%s' '${more.replaceAll("'", '')}' >> ${DDC_CONTAINER_METRICS}`]);
		await waitFor(() => bytes === Buffer.byteLength(LINES) + Buffer.byteLength(more), 10_000, `the appended line (${bytes} bytes)`);
		assert.equal(sshd.connections(), 1);
	} finally {
		await source.stop();
		client.destroy();
	}
});

test('sshd without stream-local forwarding: each request runs the dial-stdio fallback; a missing socket is one line', async () => {
	const relay = await startSshd({execRelay: true});
	const host = `ssh://root@127.0.0.1:${relay.port}`;
	process.env.HOME = relay.home;
	const client = createDockerClient(parseDockerHost(host, {}));
	try {
		const list = await client.docker.listContainers();
		const seen = list.map((c) => (c.Names[0] ?? '').replace(/^\//, '')).filter((n) => names.has(n));
		assert.deepEqual(seen.sort(), [...names].sort());
		// More requests at once than sshd's MaxSessions (10), in rounds: they wait for a session instead of failing,
		// also when one is opened just as another closes (sshd still counts a session whose close it has not read).
		for (let round = 0; round < 4; round++) {
			const versions = await Promise.all(Array.from({length: 24}, () => client.docker.version()));
			assert.equal(versions.length, 24);
			assert.equal(new Set(versions.map((v) => v.Version)).size, 1);
		}
		assert.equal(relay.connections(), 1);
	} finally {
		client.destroy();
		process.env.HOME = sshd.home;
		await relay.stop();
	}
	// The normal sshd, a socket path in the URL that is not there.
	const missing = await collectContainersOnce({host: `${sshUrl()}/run/none/docker.sock`, env: {}});
	assert.equal(missing.status.kind, 'unavailable');
	assert.match(
		(missing.status as {message: string}).message,
		/^Docker at ssh:\/\/\S+: SSH host 127\.0\.0\.1:\d+ could not open the Docker socket \/run\/none\/docker\.sock \(.*\) — is Docker running there/,
	);
	// A path that names the engine's socket (as the sshd sees it) works like the default.
	const named = await collectContainersOnce({host: `${sshUrl()}${sshd.enginePath}`, env: {}});
	assert.equal(named.status.kind, 'live', JSON.stringify(named.status));
});
