/**
 * The LAST test file of `npm test`: after every other test ran, the host's Docker daemon is the one
 * test/000-host-docker-before.test.ts noted (same pid, its containers still running since the same time, never
 * restarted); without a host daemon, the tripwire on its socket counted no connection during the whole run;
 * and no terminal a test started still runs.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {
	closeTripwire,
	HOST_SOCKET,
	type HostDocker,
	hostChanges,
	RUN_BEFORE_FILE,
	RUN_TRIPWIRE_FILE,
	runningTripwire,
	snapshotHostDocker,
} from './helpers/host-docker.js';
import {endProcesses, isRecordedAlive, readJson, recordedChildren, removeRunDir, runDir} from './helpers/test-run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIRST = 'test/000-host-docker-before.test.ts';
const LAST = 'test/zzz-host-docker-after.test.ts';

after(() => removeRunDir(runDir()));

test("npm test runs test/000-host-docker-before first and this file last, in the shell's order and the runner's", () => {
	const script: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.test;
	const patterns = script.split(' ').filter((word) => word.startsWith('test/'));
	assert.ok(patterns.length > 0, `no test/ pattern in the test script: ${script}`);
	// The shell npm uses expands the patterns; the runner then sorts the files by name.
	const shell = execFileSync('sh', ['-c', `printf '%s\\n' ${patterns.join(' ')}`], {cwd: ROOT, encoding: 'utf8'})
		.trim()
		.split('\n');
	const sorted = [...shell].sort();
	for (const [order, files] of [
		['shell', shell],
		['runner', sorted],
	] as const) {
		assert.equal(files[0], FIRST, `first file in the ${order}'s order`);
		assert.equal(files.at(-1), LAST, `last file in the ${order}'s order`);
	}
	assert.ok(
		shell.some((file) => file.endsWith('.tsx')),
		'the .tsx test files are part of the run',
	);
	// Tests live in folders that mirror source/; a test file left anywhere else would silently not run.
	const everyTestFile = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'test'], {
		cwd: ROOT,
		encoding: 'utf8',
	})
		.split('\n')
		.filter((file) => /\.test\.tsx?$/.test(file));
	assert.deepEqual(
		everyTestFile.filter((file) => !shell.includes(file)),
		[],
		'test files the test script does not run',
	);
});

test("the host's Docker daemon is the one of before the run: same pid, its containers running since the same time", async (t) => {
	const dir = runDir();
	const before = readJson<HostDocker>(path.join(dir, RUN_BEFORE_FILE));
	assert.ok(before, `no snapshot from ${FIRST} in ${dir}: run it first in the same run (npm test does)`);
	const tripwire = runningTripwire(path.join(dir, RUN_TRIPWIRE_FILE));
	if (tripwire) {
		const report = await closeTripwire(tripwire);
		t.diagnostic(`tripwire on ${HOST_SOCKET}: ${report.connections} connection(s) during the run; ${report.ended}`);
		assert.deepEqual(
			report.requests,
			[],
			`test code connected to ${HOST_SOCKET} (first lines sent listed): something used the default socket`,
		);
		assert.ok(report.probeCounted, 'the tripwire counted our own connection: it was listening all along');
		assert.ok(report.socketRemoved, `the tripwire left ${HOST_SOCKET} behind`);
	} else if (!before.answers) {
		t.diagnostic(
			`no tripwire in this run (${HOST_SOCKET} ${before.socketExists ? 'existed' : 'was not ours to bind'}):` +
				' daemon and listeners compared only',
		);
	}
	const now = await snapshotHostDocker();
	t.diagnostic(
		`host daemon: answers ${before.answers} -> ${now.answers}, pid ${before.daemonPid ?? 'none'} -> ${now.daemonPid ?? 'none'}` +
			`, ${before.containers.length} container(s) checked`,
	);
	assert.deepEqual(await hostChanges(before, now), [], "the host's Docker daemon or its containers changed during the run");
});

test('no terminal or helper a test started still runs', async () => {
	const children = recordedChildren(runDir());
	const alive = children.filter(isRecordedAlive);
	await endProcesses(alive);
	assert.deepEqual(
		alive.map((p) => `${p.pid}: ${p.cmd.slice(0, 100)}`),
		[],
		'still running at the end of the run (now ended)',
	);
});
