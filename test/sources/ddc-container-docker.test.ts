/**
 * Issue #15 §3 against the PRIVATE engine (.ci/docker-engine.sh, named in every call): a busybox container
 * named `ddc` is DDC's, marked in the containers panel with its line; a `docker restart` through the API
 * counts as a restart (Docker's own RestartCount does not count it: it resets it); `--once --json` (the built
 * CLI) says the same facts in ddc_top.ddc_container. Run with --test-concurrency=1.
 */
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {parseDockerHost} from '../../source/core/docker-host.js';
import {createDockerSource} from '../../source/sources/docker.js';
import {createDockerClient} from '../../source/sources/docker-client.js';
import {createStore} from '../../source/state/store.js';
import {renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {runCli} from '../helpers/child.js';
import {docker, ENGINE_HOST, engineEnv, ensureEngine, TEST_IMAGE} from '../helpers/docker-engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

const MiB = 1024 * 1024;
/** Ours: only a `ddc` with this label is removed, so another test's `ddc` is waited for, never killed. */
const LABEL = `ddctop-ddc-self=${process.pid}`;

async function otherDdc(): Promise<boolean> {
	const out = await docker(['ps', '-a', '--filter', 'name=^/ddc$', '--format', '{{.Label "ddctop-ddc-self"}}']);
	return out !== '' && out !== String(process.pid);
}

before(async () => {
	await ensureEngine();
	let busy = true;
	await waitFor(
		() => {
			void otherDdc().then((b) => (busy = b));
			return !busy;
		},
		60_000,
		'no other test holding a container named ddc',
		500,
	);
	await docker([
		'run',
		'-d',
		'--name',
		'ddc',
		'--label',
		LABEL,
		'--network',
		'none',
		'--init',
		'--memory',
		'512m',
		TEST_IMAGE,
		'sleep',
		'100000',
	]);
});

after(async () => {
	const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]).catch(() => '');
	if (ids) await docker(['rm', '-f', ...ids.split('\n')]);
});

test('the live view marks ddc, says its facts, and counts a docker restart made through the API', async () => {
	const source = createDockerSource({host: ENGINE_HOST, env: {}, clock: Date.now});
	const store = createStore({clock: Date.now, metricsPath: '/nonexistent.jsonl', dockerEnabled: true});
	source.start((event) => store.ingest(event));
	const client = createDockerClient(parseDockerHost(ENGINE_HOST, {}));
	const facts = () => {
		store.publish();
		const ddc = store.getSnapshot().containers.ddc;
		return ddc?.kind === 'found' ? ddc.facts : undefined;
	};
	const screen = () =>
		renderDashboard(store.getSnapshot(), {columns: 120, rows: 40, version: 'test', dockerEnabled: true}).map((l) =>
			stripVTControlCharacters(l).trimEnd(),
		);
	try {
		await waitFor(() => facts()?.restarts === 0 && facts()?.memoryBytes !== undefined, 20_000, 'ddc inspected and sampled');
		const first = facts()!;
		assert.equal(first.name, 'ddc');
		assert.equal(first.memoryLimitBytes, 512 * MiB);
		assert.equal(first.band, 'normal', 'busybox sleeping is far under 180 MiB');
		assert.ok(first.uptimeS !== undefined && first.uptimeS < 120, `uptime ${first.uptimeS}`);
		const lines = screen();
		assert.ok(
			lines.some((l) =>
				/^◆ DDC ddc · running · up <1m · restarts 0 · OOM 0 · mem \d+MiB normal \(150-180; investigate > 300; limit 512MiB\)$/.test(l),
			),
			lines.join('\n'),
		);
		assert.ok(
			lines.some((l) => /^◆ ddc +(--|\d)/.test(l)),
			`the marked row in\n${lines.join('\n')}`,
		);

		await client.docker.getContainer('ddc').restart({t: 0});
		await waitFor(() => facts()?.restarts === 1 && facts()?.memoryBytes !== undefined, 20_000, 'the restart counted');
		assert.equal(await docker(['inspect', '-f', '{{.RestartCount}}', 'ddc']), '0', "Docker's own count does not count it");
		assert.ok(screen().some((l) => /^◆ DDC ddc · running · up <1m · restarts 1 · OOM 0 · mem/.test(l)));
	} finally {
		client.destroy();
		await source.stop();
	}
});

test('--once --json: ddc_top.ddc_container with its facts (the built CLI)', async () => {
	const file = path.join(tempDir('ddc-self-'), 'performance_metrics.jsonl');
	writeFileSync(file, '');
	const env = engineEnv();
	const r = await runCli(['--once', '--json', '--metrics', file], {env});
	assert.equal(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	const ddc = doc.ddc_top.ddc_container;
	const id = await docker(['inspect', '-f', '{{.Id}}', 'ddc']);
	assert.deepEqual(Object.keys(ddc).sort(), [
		'health',
		'id',
		'memory_band',
		'memory_bytes',
		'memory_limit_bytes',
		'name',
		'oom_killed',
		'restarts',
		'state',
		'uptime_s',
	]);
	assert.equal(ddc.id, id);
	assert.equal(ddc.name, 'ddc');
	assert.equal(ddc.state, 'running');
	assert.equal(ddc.health, null, 'no healthcheck');
	assert.equal(ddc.restarts, 0, "--once sees Docker's count only");
	assert.equal(ddc.oom_killed, false);
	assert.equal(ddc.memory_band, 'normal');
	assert.equal(ddc.memory_limit_bytes, 512 * MiB);
	assert.ok(ddc.memory_bytes > 0 && ddc.memory_bytes < 180 * MiB, `memory ${ddc.memory_bytes}`);
	assert.ok(Number.isInteger(ddc.uptime_s) && ddc.uptime_s >= 0 && ddc.uptime_s < 600, `uptime ${ddc.uptime_s}`);
	const row = doc.ddc_top.containers.find((c: {name: string}) => c.name === 'ddc');
	assert.ok(row, 'the containers list has it too, unchanged in shape');
	assert.equal(row.mem_used_bytes, ddc.memory_bytes, 'the same sample');
});
