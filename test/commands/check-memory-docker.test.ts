/**
 * `check --duration` against REAL containers on the PRIVATE test engine (named explicitly; a missing engine
 * fails, never skips): one leaking steadily (1 MiB appended to a file on its tmpfs every 2 s, 30 MB/min)
 * is flagged as a leak within 3 minutes; one whose memory goes up and down (20 MiB written and removed
 * every 10 s) is not.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkCommand} from '../../source/commands/check.js';
import {ENGINE_HOST} from '../helpers/docker-engine.js';
import {memoryContainers} from '../helpers/memory-containers.js';
import {capturedIo} from '../helpers/process-io.js';
import {tempDir} from '../helpers/temp-dir.js';

const pair = memoryContainers('ddctop-check');

test('check --duration 100s: the steady leak is a leak (exit 1), the sawtooth is ok', {timeout: 180_000}, async (t) => {
	const started = Date.now();
	const c = capturedIo(tempDir());
	const code = await checkCommand(['--duration', '100s', '--docker-host', ENGINE_HOST, '--format', 'json'], c.io);
	assert.ok(Date.now() - started < 180_000, 'within 3 minutes');
	const doc = JSON.parse(c.out());
	const finding = (name: string) => doc.findings.find((f: {kind: string; subject: string}) => f.kind === 'memory' && f.subject === name);
	const leak = finding(pair.leaky.name);
	const flat = finding(pair.sawtooth.name);
	assert.ok(leak && flat, c.out() + c.err());
	t.diagnostic(
		`leak ${leak.value.toFixed(1)} MB/min [${leak.low.toFixed(1)}, ${leak.high.toFixed(1)}]; sawtooth ${flat.value?.toFixed(1)} MB/min [${flat.low?.toFixed(1)}, ${flat.high?.toFixed(1)}]`,
	);
	assert.equal(leak.verdict, 'leak', JSON.stringify(leak));
	assert.ok(leak.value > 20 && leak.value < 40, `about 30 MB/min: ${leak.value}`);
	assert.ok(leak.minutes_to_limit > 0, 'a limit is set: the time to reach it is given');
	assert.equal(flat.verdict, 'ok', JSON.stringify(flat));
	assert.equal(code, 1);
	assert.equal(doc.passed, false);
});
