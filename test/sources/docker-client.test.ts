// docker-modem formats every request's options for its debug log even with the log off, agent included:
// with the agent's sockets, requests and responses that took seconds of CPU and ~20 MB of RSS at 100
// containers (issue #12). The agent must inspect to a word, however many connections it holds.
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import path from 'node:path';
import {test} from 'node:test';
import {inspect} from 'node:util';
import {createDockerClient} from '../../source/sources/docker-client.js';
import {tempDir} from '../helpers/temp-dir.js';

test('the client agent inspects to a word while it holds open streaming connections', async () => {
	const socket = path.join(tempDir(), 'docker.sock');
	// A daemon stand-in that answers every request with a response that never ends, as a stats stream.
	const server = createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('{}\n');
	});
	await new Promise<void>((resolve) => server.listen(socket, resolve));
	const client = createDockerClient({kind: 'unix', label: `unix://${socket}`, path: socket});
	const agent = (client.docker.modem as unknown as {agent: import('node:http').Agent}).agent;
	const controller = new AbortController();
	try {
		const streams = await Promise.all(
			['a', 'b', 'c'].map((id) => client.docker.getContainer(id).stats({stream: true, abortSignal: controller.signal} as {stream: true})),
		);
		assert.equal(streams.length, 3);
		assert.equal(Object.values(agent.sockets).flat().length, 3, 'three connections open');
		const text = inspect({agent}, {showHidden: true, depth: null});
		assert.ok(text.length < 100, `inspect gave ${text.length} characters`);
		assert.match(text, /Agent/);
	} finally {
		controller.abort();
		client.destroy();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});
