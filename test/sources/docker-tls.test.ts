/**
 * Issue #15: `--docker-host tcp://…` with TLS, like the docker CLI (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH with
 * ca.pem, cert.pem, key.pem), against a daemon that requires a client certificate (test/helpers/tls-front.ts:
 * TLS in front of the PRIVATE engine). Certificates that do not fit give one line that names what to fix.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type {DockerStatus} from '../../source/core/samples.js';
import {collectContainersOnce, createDockerSource} from '../../source/sources/docker.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {BIN, finished} from '../helpers/child.js';
import {createContainers, ENGINE_HOST, engineEnv, ensureEngine} from '../helpers/docker-engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {certPath, makeCa, makeCert, startTlsFront, type TlsFront} from '../helpers/tls-front.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddctop-tls');
const names = new Set<string>();
let front: TlsFront;
let good = '';
// Made here, not in before(): a tempDir() made in a hook is removed when the hook ends.
const dir = tempDir();

before(async () => {
	await ensureEngine();
	makeCa(path.join(dir, 'ca'), 'ddc-top test CA');
	makeCa(path.join(dir, 'other-ca'), 'someone else');
	makeCert(path.join(dir, 'ca'), path.join(dir, 'server'), 'server', 'server');
	good = certPath(path.join(dir, 'good'), path.join(dir, 'ca'), path.join(dir, 'ca'));
	front = await startTlsFront(path.join(dir, 'server'), path.join(dir, 'ca'));
	const started = await Promise.all([0, 1, 2].map((i) => containers.run(`t${i}`, [], ['sleep', '100000'])));
	for (const c of started) names.add(c.name);
});

after(async () => {
	await front?.close();
	await containers.removeAll();
});

const url = () => `tcp://127.0.0.1:${front.port}`;
const tlsEnv = (certs: string) => ({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs});
const ours = (list: Array<{name: string}>) =>
	list
		.map((c) => c.name)
		.filter((n) => names.has(n))
		.sort();

test('ddc-top --once --json over tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: the same containers as the unix socket', async () => {
	const metrics = path.join(tempDir(), 'empty.jsonl');
	writeFileSync(metrics, '');
	const run = (host: string, extra: NodeJS.ProcessEnv) => {
		const env = {...engineEnv(), ...extra};
		delete env.DOCKER_HOST;
		return finished(spawn(process.execPath, [BIN, '--once', '--json', '--metrics', metrics, '--docker-host', host], {env}));
	};
	const before = front.accepted();
	const [overTls, local] = await Promise.all([run(url(), tlsEnv(good)), run(ENGINE_HOST, {})]);
	assert.equal(overTls.code, 0, overTls.stderr);
	const doc = JSON.parse(overTls.stdout).ddc_top;
	assert.deepEqual(doc.docker_status, {available: true});
	assert.equal(ours(doc.containers).length, names.size);
	assert.deepEqual(ours(doc.containers), ours(JSON.parse(local.stdout).ddc_top.containers));
	assert.ok(front.accepted() > before, 'the TLS front accepted our client certificate');
});

test('the live source over TLS: every container streams samples; stop() leaves no connection', async () => {
	const sampled = new Set<string>();
	const statuses: DockerStatus[] = [];
	const source = createDockerSource({host: url(), env: tlsEnv(good), clock: Date.now});
	source.start((event: SourceEvent) => {
		if (event.type === 'docker-status') statuses.push(event.status);
		if (event.type === 'container-sample' && names.has(event.sample.name)) sampled.add(event.sample.name);
	});
	try {
		await waitFor(() => sampled.size === names.size, 20_000, 'samples of every container over TLS');
		assert.deepEqual(statuses.at(-1), {kind: 'live', endpoint: url()});
	} finally {
		await source.stop();
	}
	assert.deepEqual(source.openStatsStreams(), []);
});

test('certificates that do not fit: one line each, naming the file to fix', async () => {
	const message = async (certs: string) => {
		const result = await collectContainersOnce({host: url(), env: tlsEnv(certs), timeoutMs: 10_000});
		assert.equal(result.status.kind, 'unavailable');
		const text = (result.status as {message: string}).message;
		assert.equal(text.split('\n').length, 1);
		return text;
	};
	// Our ca.pem is another CA's: the daemon's certificate is not trusted.
	const wrongCa = certPath(path.join(dir, 'wrong-ca'), path.join(dir, 'other-ca'), path.join(dir, 'ca'));
	assert.match(
		await message(wrongCa),
		new RegExp(
			`^Docker at ${url()}: the daemon's TLS certificate is not signed by ${wrongCa}/ca\\.pem \\(\\w+\\) — is DOCKER_CERT_PATH the right one`,
		),
	);
	// Our client certificate is signed by a CA the daemon does not know.
	const wrongClient = certPath(path.join(dir, 'wrong-client'), path.join(dir, 'ca'), path.join(dir, 'other-ca'));
	assert.match(
		await message(wrongClient),
		new RegExp(
			`^Docker at ${url()}: the daemon refused our TLS client certificate \\(.+\\) — is ${wrongClient}/cert\\.pem signed by its CA\\?$`,
		),
	);
	// The same under TLS 1.2, where the refusal is an alert inside the handshake.
	const tls12 = await startTlsFront(path.join(dir, 'server'), path.join(dir, 'ca'), {maxVersion: 'TLSv1.2'});
	try {
		const result = await collectContainersOnce({host: `tcp://127.0.0.1:${tls12.port}`, env: tlsEnv(wrongClient), timeoutMs: 10_000});
		assert.match(
			(result.status as {message: string}).message,
			/the daemon refused our TLS client certificate \(.+\) — is \S+\/wrong-client\/cert\.pem signed by its CA\?$/,
		);
	} finally {
		await tls12.close();
	}
	// key.pem is not the key of cert.pem.
	const mismatched = path.join(dir, 'mismatched');
	mkdirSync(mismatched);
	for (const file of ['ca.pem', 'cert.pem']) copyFileSync(path.join(good, file), path.join(mismatched, file));
	copyFileSync(path.join(wrongClient, 'key.pem'), path.join(mismatched, 'key.pem'));
	assert.match(
		await message(mismatched),
		new RegExp(`the TLS files in ${mismatched} \\(ca\\.pem, cert\\.pem, key\\.pem\\) cannot be used: .*key`),
	);
	// No certificates there at all.
	assert.match(await message(path.join(dir, 'none')), /File .*none\/ca\.pem not found — check DOCKER_CERT_PATH/);
});
