// dockerode loads gRPC and protobuf (for BuildKit sessions) and ssh2 (for ssh:// hosts) at load time, ~20 MB
// of RSS that ddc-top's live view does not need; docker-client.ts keeps them out (source/sources/dockerode-lean.ts).
// These tests fail if dockerode is loaded before the stubs (import order), or if a stub breaks what it replaces.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import {tempDir} from '../helpers/temp-dir.js';

const require = createRequire(import.meta.url);
const fromDockerode = createRequire(require.resolve('dockerode'));
const fromModem = createRequire(fromDockerode.resolve('docker-modem'));
const loaded = (pattern: RegExp): string[] => Object.keys(require.cache).filter((p) => pattern.test(p));
const GRPC = /node_modules[\\/](@grpc[\\/]grpc-js|@grpc[\\/]proto-loader|protobufjs)[\\/]/;
const SSH2 = /node_modules[\\/]ssh2[\\/]/;

test('creating a Docker client for a unix socket loads dockerode and docker-modem, but not gRPC, protobuf or ssh2', async () => {
	const {createDockerClient} = await import('../../source/sources/docker-client.js');
	const socket = path.join(tempDir(), 'docker.sock');
	const client = createDockerClient({kind: 'unix', label: `unix://${socket}`, path: socket});
	try {
		assert.equal(typeof client.docker.listContainers, 'function');
		assert.equal(loaded(/node_modules[\\/]dockerode[\\/]lib[\\/]docker\.js$/).length, 1, 'dockerode was not loaded');
		assert.notDeepEqual(loaded(/node_modules[\\/]docker-modem[\\/]/), [], 'docker-modem was not loaded');
		assert.deepEqual(loaded(GRPC), [], 'gRPC modules were loaded');
		assert.deepEqual(loaded(SSH2), [], 'ssh2 was loaded');
	} finally {
		client.destroy();
	}
});

test('the BuildKit session module dockerode requires is the stub, and it refuses with one clear error', async () => {
	await import('../../source/sources/docker-client.js');
	const withSession = fromDockerode('./session') as () => unknown;
	assert.equal(withSession.name, 'withSession');
	assert.throws(() => withSession(), {message: 'BuildKit sessions are not supported by ddc-top'});
	assert.deepEqual(loaded(GRPC), []);
});

test("docker-modem's SSH agent factory loads the real ssh2 on first use and returns its agent", async () => {
	await import('../../source/sources/docker-client.js');
	const ssh = fromModem('./ssh') as (options: object) => {createConnection: unknown; destroy(): void};
	assert.deepEqual(loaded(SSH2), [], 'ssh2 was loaded before an SSH connection was asked for');
	// The real factory builds an ssh2 Client and an http.Agent without connecting anywhere.
	const agent = ssh({host: '127.0.0.1', port: 1, username: 'nobody'});
	assert.equal(typeof agent.createConnection, 'function');
	assert.notDeepEqual(loaded(SSH2), [], 'ssh2 was not loaded by the first SSH use');
	// docker-modem kept the stub; a second call goes to the same real factory.
	assert.equal(typeof ssh({host: '127.0.0.1', port: 1}).createConnection, 'function');
	agent.destroy();
});
