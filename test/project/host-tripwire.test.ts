// The whole run's tripwire on the Docker socket and the clean-up after killed runs, on a socket path of
// their own (the real /var/run/docker.sock is held by the run's tripwire or the host's daemon meanwhile).
import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, rmSync, statSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {after, test} from 'node:test';
import {closeTripwire, removeStaleTripwireSocket, socketListeners, startTripwire} from '../helpers/host-docker.js';
import {endLeftovers} from '../helpers/run-leftovers.js';
import {tempDir} from '../helpers/temp-dir.js';
import {currentRun, type ProcessId, processId, recordChild, runDir, stillRuns} from '../helpers/test-run.js';
import {waitFor} from '../helpers/wait-for.js';

const spawned: ChildProcess[] = [];
after(() => {
	for (const child of spawned) child.kill('SIGKILL');
});

/** A stand-in for a test runner (or any long-lived process) that the test can end. */
function sleeper(): {child: ChildProcess; id: ProcessId} {
	const child = spawn('sleep', ['600'], {stdio: 'ignore'});
	spawned.push(child);
	return {child, id: processId(child.pid!)!};
}

async function send(socketPath: string, text: string): Promise<void> {
	const socket = net.connect(socketPath);
	socket.on('error', () => {});
	socket.write(text);
	await new Promise((resolve) => socket.on('close', resolve));
}

test('the tripwire counts each connection with its first line (made printable), then removes its socket when stopped', async () => {
	const dir = tempDir();
	const socketPath = path.join(dir, 'docker.sock');
	const tripwire = await startTripwire(path.join(dir, 'state.json'), socketPath, currentRun());
	assert.ok(tripwire, 'started');
	assert.deepEqual(socketListeners(socketPath), [tripwire.pid]);
	await send(socketPath, 'GET /v1.47/containers/json HTTP/1.1\r\nHost: docker\r\n\r\n');
	await send(socketPath, 'HEAD /_ping\u001B]2;pwned\u0007 HTTP/1.1\r\n');
	await waitFor(
		() => tripwire.state().requests.length === 2 && !tripwire.state().requests.includes('(nothing sent)'),
		5000,
		'both requests',
	);
	assert.deepEqual(tripwire.state().requests, ['GET /v1.47/containers/json HTTP/1.1', 'HEAD /_ping?]2;pwned? HTTP/1.1']);
	const report = await closeTripwire(tripwire);
	assert.equal(report.connections, 2);
	assert.equal(report.probeCounted, true);
	assert.equal(report.socketRemoved, true);
	assert.equal(report.ended, 'stopped by SIGTERM');
	assert.equal(stillRuns(processId(tripwire.pid) ?? {pid: tripwire.pid, start: -1}), false, 'the tripwire process ended');
});

test('the tripwire does not outlive its run: the runner killed, it stops within a second and removes its socket', async () => {
	const dir = tempDir();
	const socketPath = path.join(dir, 'docker.sock');
	const runner = sleeper();
	const tripwire = await startTripwire(path.join(dir, 'state.json'), socketPath, runner.id);
	assert.ok(tripwire);
	runner.child.kill('SIGKILL');
	const killed = Date.now();
	await waitFor(() => tripwire.state().ended !== '', 5000, 'the tripwire to notice its run ended');
	assert.equal(tripwire.state().ended, 'the test run ended');
	assert.ok(Date.now() - killed < 2000, `stopped ${Date.now() - killed} ms after its run`);
	assert.equal(existsSync(socketPath), false, 'its socket file is gone');
});

test("a daemon that starts meanwhile takes the path: the tripwire stops and leaves the daemon's socket alone", async () => {
	const dir = tempDir();
	const socketPath = path.join(dir, 'docker.sock');
	const tripwire = await startTripwire(path.join(dir, 'state.json'), socketPath, currentRun());
	assert.ok(tripwire);
	// What dockerd does at start: unlink whatever is at its socket path and bind its own.
	rmSync(socketPath);
	const daemon = net.createServer((socket) => socket.end('daemon\n'));
	await new Promise<void>((resolve) => daemon.listen(socketPath, resolve));
	try {
		const inode = statSync(socketPath).ino;
		await waitFor(() => tripwire.state().ended !== '', 5000, 'the tripwire to notice');
		assert.match(tripwire.state().ended, /was replaced/);
		assert.equal(statSync(socketPath).ino, inode, "the daemon's socket file is still there");
		const reply = await new Promise<string>((resolve, reject) => {
			const c = net.connect(socketPath);
			let text = '';
			c.on('data', (chunk) => (text += chunk.toString()));
			c.on('end', () => resolve(text));
			c.on('error', reject);
		});
		assert.equal(reply, 'daemon\n', 'the daemon still answers on its socket');
	} finally {
		await new Promise((resolve) => daemon.close(resolve));
	}
});

test("a killed run's leftovers are ended by the next: its recorded processes, its tripwire's stale socket, its directory", async () => {
	const dir = tempDir();
	const socketPath = path.join(dir, 'docker.sock');
	const runner = sleeper();
	const deadRun = runDir(runner.id);
	const orphan = sleeper();
	recordChild(orphan.child.pid!, deadRun);
	// Recorded, but its pid now belongs to another process (another start time): never to be signalled.
	const bystander = sleeper();
	writeFileSync(
		path.join(deadRun, 'children.jsonl'),
		`${JSON.stringify({...bystander.id, start: bystander.id.start + 1, cmd: 'sleep 600'})}\n`,
		{flag: 'a'},
	);
	// A tripwire killed outright leaves its socket file behind.
	const stateFile = path.join(dir, 'tripwire.json');
	const tripwire = await startTripwire(stateFile, socketPath, runner.id);
	assert.ok(tripwire);
	process.kill(tripwire.pid, 'SIGKILL');
	await waitFor(() => socketListeners(socketPath).length === 0, 5000, 'the killed tripwire to let go of its socket');
	assert.equal(existsSync(socketPath), true);
	assert.equal(removeStaleTripwireSocket([path.join(dir, 'other.json')], socketPath), false, 'a socket of unknown origin is left alone');
	assert.equal(removeStaleTripwireSocket([stateFile], socketPath), true);
	assert.equal(existsSync(socketPath), false);

	runner.child.kill('SIGKILL');
	await waitFor(() => !stillRuns(runner.id), 5000, 'the stand-in runner to end');
	const found = await endLeftovers();
	assert.ok(found.runs.includes(deadRun), 'the killed run was found');
	assert.deepEqual(
		found.ended.map((p) => p.pid),
		[orphan.child.pid],
		'only the recorded process that still ran with its command line was ended',
	);
	assert.equal(stillRuns(orphan.id), false, 'the orphan ended');
	assert.equal(stillRuns(bystander.id), true, 'a process that merely reuses a recorded pid is left alone');
	assert.equal(existsSync(deadRun), false, 'the directory of the killed run is removed');
	assert.equal(existsSync(runDir()), true, "the current run's directory is kept");
});
