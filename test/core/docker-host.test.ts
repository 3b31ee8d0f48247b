import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {describeDockerError} from '../../source/core/docker-errors.js';
import {dockerHostFlagError, parseDockerHost} from '../../source/core/docker-host.js';
import {runCli} from '../helpers/child.js';
import {tempDir} from '../helpers/temp-dir.js';

test('precedence like the docker CLI: --docker-host, then DOCKER_HOST, then /var/run/docker.sock', () => {
	assert.deepEqual(parseDockerHost(undefined, {}), {kind: 'unix', label: 'unix:///var/run/docker.sock', path: '/var/run/docker.sock'});
	assert.equal(parseDockerHost(undefined, {DOCKER_HOST: 'unix:///run/user/1000/docker.sock'}).label, 'unix:///run/user/1000/docker.sock');
	assert.equal(parseDockerHost('unix:///tmp/x.sock', {DOCKER_HOST: 'tcp://h:2375'}).label, 'unix:///tmp/x.sock');
	assert.deepEqual(parseDockerHost('unix://', {}), {kind: 'unix', label: 'unix:///var/run/docker.sock', path: '/var/run/docker.sock'});
});

test('tcp:// with TLS from DOCKER_TLS_VERIFY or port 2376, certs from DOCKER_CERT_PATH or ~/.docker', () => {
	assert.deepEqual(parseDockerHost('tcp://10.0.0.5:2375', {}), {
		kind: 'tcp',
		label: 'tcp://10.0.0.5:2375',
		host: '10.0.0.5',
		port: 2375,
		tls: false,
	});
	assert.deepEqual(parseDockerHost(undefined, {DOCKER_HOST: 'tcp://docker.lan:2376', HOME: '/home/op'}), {
		kind: 'tcp',
		label: 'tcp://docker.lan:2376',
		host: 'docker.lan',
		port: 2376,
		tls: true,
		certPath: '/home/op/.docker',
	});
	const verified = parseDockerHost('tcp://h:4243', {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs'});
	assert.deepEqual(verified, {kind: 'tcp', label: 'tcp://h:4243', host: 'h', port: 4243, tls: true, certPath: '/certs'});
	assert.equal(parseDockerHost('h:2375', {}).label, 'tcp://h:2375');
});

test('ssh:// keeps user and port; nonsense is reported, not thrown', () => {
	assert.deepEqual(parseDockerHost('ssh://ops@box:2222', {}), {
		kind: 'ssh',
		label: 'ssh://ops@box:2222',
		host: 'box',
		port: 2222,
		username: 'ops',
		socketPath: '/var/run/docker.sock',
	});
	// A path names the remote Docker socket (a rootless Docker's, a test engine's).
	const rootless = parseDockerHost('ssh://ops@box/run/user/1000/docker.sock', {});
	assert.equal(rootless.kind === 'ssh' && rootless.socketPath, '/run/user/1000/docker.sock');
	assert.equal(rootless.kind === 'ssh' && rootless.port, 22);
	assert.equal(
		parseDockerHost('ssh://[::1]:2222', {}).kind === 'ssh' && (parseDockerHost('ssh://[::1]:2222', {}) as {host: string}).host,
		'::1',
	);
	const bad = parseDockerHost('ftp://x', {});
	assert.equal(bad.kind, 'invalid');
	assert.match(describeDockerError(new Error('x'), bad), /Cannot understand Docker host "ftp:\/\/x"/);
});

test('socket errors become sentences an operator can act on', () => {
	const sock = parseDockerHost(undefined, {});
	const err = (code: string) => Object.assign(new Error(`connect ${code} /var/run/docker.sock`), {code});
	assert.equal(
		describeDockerError(err('ENOENT'), sock),
		'Docker socket /var/run/docker.sock not found — is Docker running? (set DOCKER_HOST or --docker-host)',
	);
	assert.equal(
		describeDockerError(err('EACCES'), sock),
		'Permission denied on /var/run/docker.sock — the user needs access to the Docker socket (e.g. add it to the docker group)',
	);
	assert.match(describeDockerError(err('ECONNREFUSED'), sock), /refuses connections — is the Docker daemon running\?/);
	assert.match(describeDockerError(err('ECONNRESET'), sock), /Lost the connection to Docker at unix:\/\/\/var\/run\/docker.sock/);
	const tcp = parseDockerHost('tcp://h:2375', {});
	assert.equal(
		describeDockerError(err('ECONNREFUSED'), tcp),
		'Connection refused by tcp://h:2375' + ' — is the Docker daemon listening there?',
	);
	const http = Object.assign(new Error('(HTTP code 500) server error'), {statusCode: 500, json: {message: 'boom\nagain'}});
	assert.equal(describeDockerError(http, sock), 'Docker at unix:///var/run/docker.sock answered HTTP 500: boom again');
	assert.equal(describeDockerError('weird', sock), 'Docker at unix:///var/run/docker.sock: weird');
});

test('--docker-host: a value no scheme fits is a usage error; unix, tcp, ssh, a bare path and empty are accepted', () => {
	assert.match(dockerHostFlagError('foo://bar')!, /^--docker-host: Cannot understand Docker host "foo:\/\/bar" — use unix:\/\/\/path/);
	assert.ok(dockerHostFlagError('ftp://x'));
	assert.ok(dockerHostFlagError('tcp://'), 'tcp:// without a host');
	for (const ok of [undefined, '', 'unix:///run/docker.sock', '/run/docker.sock', 'tcp://h:2375', 'h:2375', 'https://h', 'ssh://ops@box']) {
		assert.equal(dockerHostFlagError(ok), undefined, String(ok));
	}
});

/** The real command (bin -> dist), stdout piped as a script would have it; never near a Docker daemon. */
function cli(args: string[]) {
	const dir = tempDir('ddc-top-dockerhost-');
	const metrics = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(metrics, '');
	return runCli([...args, '--metrics', metrics], {cwd: dir, env: {DOCKER_HOST: 'unix:///nonexistent/docker.sock'}});
}

test('ddc-top --docker-host foo://bar exits 2 with one line on stderr, before anything runs', async () => {
	for (const args of [
		['--docker-host', 'foo://bar'],
		['--once', '--json', '--docker-host', 'foo://bar'],
		['export', '--out', '-', '--docker-host', 'foo://bar'],
	]) {
		const r = await cli(args);
		assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
		assert.equal(r.stdout, '', args.join(' '));
		const lines = r.stderr.split('\n');
		assert.deepEqual(lines.slice(1), [''], `one line: ${JSON.stringify(r.stderr)}`);
		assert.match(
			lines[0],
			new RegExp(
				/^ddc-top( export)?: --docker-host: Cannot understand Docker host "foo:\/\/bar"/.source +
					/ — use unix:\/\/\/path, tcp:\/\/host:port or ssh:\/\/user@host/.source,
			),
		);
	}
	// What was typed is quoted with its control characters shown, never obeyed.
	const hostile = await cli(['--docker-host', 'foo://\u001B[2J\u0007x']);
	assert.equal(hostile.code, 2);
	assert.ok(!/[\u0000-\u0009\u000B-\u001F]/.test(hostile.stderr), JSON.stringify(hostile.stderr));
	assert.ok(hostile.stderr.includes('foo://\u241B[2J\u2407x'), hostile.stderr);
});

test('a supported --docker-host that does not answer is not a usage error: exit 0, containers said to be unavailable', async () => {
	const r = await cli(['--once', '--docker-host', 'unix:///nonexistent/docker.sock']);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /Containers: Docker socket \/nonexistent\/docker\.sock not found/);
});
