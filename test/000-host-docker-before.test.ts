/**
 * The FIRST test file of `npm test` (the runner takes files in name order; test/zzz-host-docker-after.test.ts
 * is the last and asserts that order). It ends what killed runs left behind, then notes the host's Docker
 * daemon (/var/run/docker.sock, an operator's) before any other test runs, read-only: its pid, who listens
 * on its socket, every running container's StartedAt and RestartCount. The last file compares, so the
 * whole run is covered. Without a host daemon, a tripwire on its socket counts every connection meanwhile.
 */
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {
	HOST_SOCKET,
	RUN_BEFORE_FILE,
	RUN_TRIPWIRE_FILE,
	snapshotHostDocker,
	socketListeners,
	startTripwire,
} from './helpers/host-docker.js';
import {endLeftovers} from './helpers/run-leftovers.js';
import {runDir, writeJson} from './helpers/test-run.js';

test('what killed runs left behind is ended: terminals their tests started, their tripwire, their directories', async (t) => {
	const found = await endLeftovers();
	for (const p of found.ended)
		t.diagnostic(`ended pid ${p.pid} left by a killed run: ${p.cmd.slice(0, 120).replace(/[^\x20-\x7e]/g, '?')}`);
	if (found.staleSocketRemoved) t.diagnostic(`removed the tripwire socket a killed run left at ${HOST_SOCKET}`);
	t.diagnostic(`${found.runs.length} ended run(s) found`);
	assert.deepEqual(found.survivors, [], 'processes of killed runs survive SIGKILL');
	assert.deepEqual(
		found.runs.filter((dir) => existsSync(dir)),
		[],
		'directories of ended runs remain',
	);
});

test("the host's Docker daemon before the tests: pid, listeners, running containers; a tripwire where none runs", async (t) => {
	const before = await snapshotHostDocker();
	const dir = runDir();
	writeJson(path.join(dir, RUN_BEFORE_FILE), before);
	t.diagnostic(
		`${HOST_SOCKET}: ${before.socketExists ? 'present' : 'absent'}, listeners [${before.listeners.join(', ')}], answers ${before.answers}` +
			`${before.socketActivated ? ', socket-activated (not connected to)' : ''}, dockerd pid ${before.daemonPid ?? 'none'}` +
			`, ${before.containers.length} running container(s)`,
	);
	if (before.answers) {
		assert.ok(before.daemonPid === undefined || before.daemonPid > 0);
		for (const c of before.containers)
			assert.ok(c.running && c.startedAt && Number.isInteger(c.restartCount), `container ${c.name} read in full`);
		return;
	}
	const tripwire = await startTripwire(path.join(dir, RUN_TRIPWIRE_FILE));
	if (!tripwire) {
		t.diagnostic(`no tripwire: ${before.socketExists ? `${HOST_SOCKET} exists (left alone)` : `${HOST_SOCKET} is not ours to bind`}`);
		assert.equal(existsSync(HOST_SOCKET), before.socketExists, `${HOST_SOCKET} changed while no tripwire was set`);
		return;
	}
	t.diagnostic(`tripwire pid ${tripwire.pid} listens on ${HOST_SOCKET} until the last test file`);
	assert.deepEqual(socketListeners(HOST_SOCKET), [tripwire.pid], 'the tripwire alone listens on the socket');
	assert.equal(tripwire.state().connections, 0);
});
