/**
 * HoldableConnection against real HTTP servers (a unix socket and TCP): it must be a working socket for
 * Node's HTTP client (keep-alive, chunked streams, errors with their codes), and hold() must stop reads
 * for real: nothing arrives while held, everything arrives in order on release().
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, test} from 'node:test';
import {HoldableConnection, holdingAgent} from '../../source/sources/holdable-connection.js';
import {waitFor} from '../helpers/wait-for.js';

let dir: string;
let server: http.Server;
let socketPath: string;
let connections = 0;
/** Streaming responses by name: the test writes to them. */
const streams = new Map<string, http.ServerResponse>();

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'ddc-top-hold-'));
	socketPath = join(dir, 'http.sock');
	server = http.createServer((request, response) => {
		const url = request.url ?? '/';
		if (url.startsWith('/stream/')) {
			response.writeHead(200, {'content-type': 'application/json'});
			response.flushHeaders();
			streams.set(url.slice('/stream/'.length), response);
			return;
		}
		if (url === '/close') response.setHeader('connection', 'close');
		response.end(`hello ${url}`);
	});
	server.on('connection', () => connections++);
	await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

after(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	rmSync(dir, {recursive: true, force: true});
});

/** Agents made by a test; afterEach destroys them (with every connection, held or not). */
const agents: http.Agent[] = [];

function agentFor(endpoint: Parameters<typeof holdingAgent>[0]): http.Agent {
	const agent = holdingAgent(endpoint);
	agents.push(agent);
	return agent;
}

afterEach(() => {
	for (const agent of agents.splice(0)) agent.destroy();
	streams.clear();
});

function get(agent: http.Agent, path: string, options: http.RequestOptions = {socketPath}): Promise<string> {
	return new Promise((resolve, reject) => {
		http
			.get({...options, path, agent}, (response) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (body += chunk));
				response.on('end', () => resolve(body));
				response.on('error', reject);
			})
			.on('error', reject);
	});
}

interface OpenStream {
	response: http.IncomingMessage;
	connection: HoldableConnection;
	received: string[];
	ended: boolean;
	closed: boolean;
}

async function openStream(agent: http.Agent, name: string): Promise<OpenStream> {
	const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
		http.get({socketPath, path: `/stream/${name}`, agent}, resolve).on('error', reject);
	});
	assert.ok(response.socket instanceof HoldableConnection, 'the agent hands out holdable connections');
	const open: OpenStream = {response, connection: response.socket, received: [], ended: false, closed: false};
	response.setEncoding('utf8');
	response.on('data', (chunk: string) => open.received.push(chunk));
	response.on('end', () => (open.ended = true));
	response.on('error', () => {});
	response.on('close', () => (open.closed = true));
	await waitFor(() => streams.has(name), 3000, `the server side of stream ${name}`);
	return open;
}

/** Writes to the server side of a stream and resolves once the bytes are in the kernel. */
function send(name: string, text: string): Promise<void> {
	return new Promise((resolve, reject) => streams.get(name)!.write(text, (error) => (error ? reject(error) : resolve())));
}

test('plain requests work and keep-alive reuses one connection', async () => {
	const agent = agentFor({path: socketPath});
	const before = connections;
	assert.equal(await get(agent, '/a'), 'hello /a');
	assert.equal(await get(agent, '/b'), 'hello /b');
	assert.equal(connections - before, 1, 'the second request reused the first connection');
});

test('the server closing the connection closes ours, after the response is read', async () => {
	const agent = agentFor({path: socketPath});
	let connection: HoldableConnection | undefined;
	const body = await new Promise<string>((resolve, reject) => {
		http
			.get({socketPath, path: '/close', agent}, (response) => {
				if (response.socket instanceof HoldableConnection) connection = response.socket;
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () => resolve(text));
			})
			.on('error', reject);
	});
	assert.equal(body, 'hello /close');
	assert.ok(connection instanceof HoldableConnection);
	await waitFor(() => connection!.closed, 3000, 'our side closed after the server hung up');
	assert.equal(connection.errored, null, 'closed without an error');
});

test('over TCP too: the request path is not taken for a socket path', async () => {
	const tcp = http.createServer((request, response) => response.end(`tcp ${request.url}`));
	await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
	const {port} = tcp.address() as AddressInfo;
	const agent = agentFor({host: '127.0.0.1', port});
	try {
		assert.equal(await get(agent, '/v1.41/containers/json', {host: '127.0.0.1', port}), 'tcp /v1.41/containers/json');
	} finally {
		agent.destroy();
		tcp.closeAllConnections();
		await new Promise((resolve) => tcp.close(resolve));
	}
});

test('a missing socket fails the request with ENOENT, as a plain socket does', async () => {
	const missing = join(dir, 'missing.sock');
	const agent = agentFor({path: missing});
	await assert.rejects(get(agent, '/', {socketPath: missing}), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
});

test('held: nothing is read until release(), then everything in order', async () => {
	const agent = agentFor({path: socketPath});
	const held = await openStream(agent, 'held');
	const free = await openStream(agent, 'free');
	await send('held', 'one\n');
	await waitFor(() => held.received.join('') === 'one\n', 3000, 'the first line before any hold');

	held.connection.hold();
	assert.equal(held.connection.held, true);
	const readBefore = held.connection.bytesRead;
	await send('held', 'two\n');
	await send('held', 'three\n');
	// Written after the held lines were in the kernel: once it arrives on the other connection, the
	// held ones would have arrived too if anything still read that socket.
	await send('free', 'marker\n');
	await waitFor(() => free.received.join('') === 'marker\n', 3000, 'the marker on the connection that is not held');
	assert.deepEqual(held.received, ['one\n'], 'nothing delivered while held');
	// Not just undelivered (a paused stream would do that): not taken from the kernel, so no wakeup.
	assert.equal(held.connection.bytesRead, readBefore, 'nothing read from the socket while held');

	held.connection.release();
	await waitFor(() => held.received.join('') === 'one\ntwo\nthree\n', 3000, 'the held lines after release');
	await send('held', 'four\n');
	await waitFor(() => held.received.join('') === 'one\ntwo\nthree\nfour\n', 3000, 'reading as data comes again');
});

test('the end of a response while held arrives on release; aborting a held stream closes it', async () => {
	const agent = agentFor({path: socketPath});
	const ending = await openStream(agent, 'ending');
	const aborted = await openStream(agent, 'aborted');
	const free = await openStream(agent, 'free2');
	ending.connection.hold();
	aborted.connection.hold();
	await send('ending', 'last\n');
	await new Promise<void>((resolve) => streams.get('ending')!.end(resolve));
	await send('free2', 'marker\n');
	await waitFor(() => free.received.length === 1, 3000, 'the marker');
	assert.equal(ending.ended, false, 'the end waits in the kernel while held');
	assert.deepEqual(ending.received, []);

	ending.connection.release();
	await waitFor(() => ending.ended, 3000, 'the end after release');
	assert.deepEqual(ending.received, ['last\n'], 'the bytes before the end are not lost');

	const serverSide = streams.get('aborted')!;
	let serverSaw = false;
	serverSide.on('close', () => (serverSaw = true));
	aborted.response.destroy();
	await waitFor(() => aborted.closed && aborted.connection.destroyed, 3000, 'the held stream closed on our side');
	await waitFor(() => serverSaw, 3000, 'the server saw the connection go');
});

test('agent.destroy() closes idle and held connections', async () => {
	const agent = agentFor({path: socketPath});
	assert.equal(await get(agent, '/idle'), 'hello /idle');
	const held = await openStream(agent, 'held-at-destroy');
	held.connection.hold();
	agent.destroy();
	await waitFor(() => held.closed && held.connection.destroyed, 3000, 'the held connection closed');
});
