/**
 * The Docker source's polling mode (serve at an interval of 2 s or more) against the PRIVATE engine: one
 * one-shot stats request per container per tick, CPU % from two successive polls, the same numbers as the
 * stream mode. A missing engine fails the suite, it never skips.
 */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {createDockerSource, type DockerSource, statsModeFor} from '../../source/sources/docker.js';
import {createContainers, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {type Recording, record} from '../helpers/recorder.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddctop-poll');
let burner: {id: string; name: string};
let idler: {id: string; name: string};
const running = new Set<DockerSource>();

function source(stats: 'poll' | 'stream'): DockerSource {
	const s = createDockerSource({host: ENGINE_HOST, env: {}, clock: Date.now, refreshIntervalMs: 5000, stats});
	running.add(s);
	return s;
}

/** Ticks the source until `condition` holds, as the ticker would (faster, so the test is short). */
async function tickUntil(s: DockerSource, condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 15_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		s.tick();
		// The ticker's cadence, shortened: each round asks every container once more.
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

const latest = (rec: Recording, id: string) => rec.samplesOf(id).at(-1);

before(async () => {
	await ensureEngine();
	[burner, idler] = await Promise.all([
		containers.run('burner', ['--cpus', '0.5'], ['sh', '-c', 'yes > /dev/null']),
		// A known amount of memory in use (tmpfs pages count as the container's), well above the noise.
		containers.run('idler', ['--memory', '64m', '--tmpfs', '/fill'], ['sh', '-c', 'head -c 8000000 /dev/zero > /fill/x; sleep 100000']),
	]);
});

after(async () => {
	await Promise.allSettled([...running].map((s) => s.stop()));
	await containers.removeAll();
});

test('serve polls from a 2 s interval on; the live view keeps its streams', () => {
	assert.equal(statsModeFor(1000), 'stream');
	assert.equal(statsModeFor(1999), 'stream');
	assert.equal(statsModeFor(2000), 'poll');
	assert.equal(statsModeFor(5000), 'poll');
});

test('a first poll comes without a tick and has no CPU %; the second poll has it; nothing is held', async () => {
	const s = source('poll');
	const rec = record(s);
	// Opened containers are read once at once: memory from the start, CPU % not known yet.
	await waitFor(() => latest(rec, burner.id) !== undefined && latest(rec, idler.id) !== undefined, 10_000, 'a first poll of both');
	for (const c of [burner, idler]) {
		const [first] = rec.samplesOf(c.id);
		assert.equal(first.cpuPercent, null, `${c.name}: CPU % of the first poll`);
		assert.ok(first.memUsedBytes > 0, `${c.name}: memory of the first poll`);
		assert.equal(first.name, c.name);
	}
	// Without a tick nothing more is asked: one sample each, however long we wait for the listing to settle.
	await waitFor(() => s.openStatsStreams().includes(burner.id) && s.openStatsStreams().includes(idler.id), 5000, 'both polled');
	assert.equal(rec.samplesOf(burner.id).length, 1, 'no poll without a tick');
	assert.deepEqual(s.heldStatsStreams(), []);
	const before = Date.now();
	s.tick();
	await waitFor(() => rec.samplesOf(burner.id).length >= 2 && rec.samplesOf(idler.id).length >= 2, 10_000, 'a second poll of both');
	const second = rec.samplesOf(burner.id)[1];
	assert.equal(typeof second.cpuPercent, 'number', 'CPU % from the second poll');
	assert.ok(second.at >= before, 'the second poll answers the tick');
	// The burner burns up to its 0.5 core cap; a loaded machine may hold it below, never at idle.
	await tickUntil(s, () => rec.samplesOf(burner.id).length >= 4, 'two more polls');
	const cpu = rec.samplesOf(burner.id).at(-1)!.cpuPercent!;
	assert.ok(cpu > 5 && cpu < 60, `burner CPU % by polls: ${cpu}`);
	assert.deepEqual(s.heldStatsStreams(), [], 'polling holds no connection');
	await s.stop();
	running.delete(s);
	assert.deepEqual(s.openStatsStreams(), []);
});

test("a container's memory after a poll equals the stream mode's", async (t) => {
	const streamed = source('stream');
	const polled = source('poll');
	const recS = record(streamed);
	const recP = record(polled);
	await waitFor(() => (latest(recS, idler.id)?.cpuPercent ?? null) !== null, 10_000, 'a streamed idler sample with CPU');
	await waitFor(() => latest(recP, idler.id) !== undefined, 10_000, 'a polled idler sample');
	polled.tick();
	const n = recP.samplesOf(idler.id).length;
	await waitFor(() => recP.samplesOf(idler.id).length > n, 10_000, 'the poll after a tick');
	const p = latest(recP, idler.id)!;
	// The streamed sample nearest in time to the poll.
	const s = recS.samples
		.filter((x) => x.sample.id === idler.id)
		.reduce((best, x) => (Math.abs(x.sample.at - p.at) < Math.abs(best.sample.at - p.at) ? x : best)).sample;
	t.diagnostic(`idler memory: polled ${p.memUsedBytes} B, streamed ${s.memUsedBytes} B; limit ${p.memLimitBytes} B`);
	assert.ok(p.memUsedBytes > 8_000_000, `the 8 MB in tmpfs count: ${p.memUsedBytes}`);
	assert.ok(Math.abs(p.memUsedBytes - s.memUsedBytes) <= 512 * 1024, `polled ${p.memUsedBytes} vs streamed ${s.memUsedBytes}`);
	assert.equal(p.memLimitBytes, s.memLimitBytes);
	assert.equal(p.memLimitBytes, 64 * 1024 * 1024);
	assert.equal(p.pids, s.pids);
	assert.equal(p.blockReadBytes, s.blockReadBytes);
	assert.equal(p.netRxBytes, s.netRxBytes);
});

test('a removed container leaves the polls, with no sample after it is gone', async () => {
	const s = source('poll');
	const rec = record(s);
	const doomed = await containers.run('doomed', [], ['sleep', '100000']);
	await waitFor(() => latest(rec, doomed.id) !== undefined, 10_000, 'a first poll of the new container');
	await containers.remove(doomed.name);
	await tickUntil(s, () => rec.gone.some((g) => g.id === doomed.id), 'the container gone');
	const gone = rec.gone.find((g) => g.id === doomed.id)!.arrived;
	s.tick();
	await tickUntil(s, () => rec.samplesOf(idler.id).length >= 3, 'more polls of the others');
	assert.ok(!s.openStatsStreams().includes(doomed.id), 'no longer polled');
	assert.ok(
		rec.samples.every((x) => x.sample.id !== doomed.id || x.arrived <= gone),
		'no sample of a container after its container-gone',
	);
	for (const x of rec.samplesOf(doomed.id)) assert.ok(x.memUsedBytes > 0, 'no empty reading of a stopped container');
});
