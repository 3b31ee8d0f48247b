/**
 * Issue #15 §1/§2 through the commands, against the PRIVATE engine: `--once --json` names the container in
 * ddc_top.source, `export --container` writes the container's statistics, `cleanup --container` refuses in
 * one line, and nothing anywhere ddc-top looked is said on stderr with empty statistics and exit 0.
 */
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {after, before, test} from 'node:test';
import {cleanupCommand} from '../../source/commands/cleanup.js';
import {exportCommand} from '../../source/commands/export.js';
import type {Config} from '../../source/config.js';
import {DDC_CONTAINER_METRICS} from '../../source/core/container-file-target.js';
import {runOnce} from '../../source/once.js';
import {containerDetailHistory} from '../../source/sources/container-file-wiring.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {createContainers, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {capturedIo} from '../helpers/process-io.js';
import {tempDir} from '../helpers/temp-dir.js';

const containers = createContainers('ddc');
const NOW = Date.now() / 1000;
const LINES = [
	ddcLine({operation: 'config_load', end: NOW - 60, duration: 0.25}),
	ddcLine({operation: 'docker_list', end: NOW - 30, duration: 0.5}),
];
let name = '';

before(async () => {
	await ensureEngine();
	const body = LINES.join('').replaceAll("'", '');
	const c = await containers.run(
		'cli',
		[],
		['sh', '-c', `busybox mkdir -p /app/data/metrics && printf '%s' '${body}' > ${DDC_CONTAINER_METRICS}; exec sleep 100000`],
	);
	name = c.name;
});

after(() => containers.removeAll());

function onceConfig(extra: Partial<Config>): Config {
	return {
		metricsPath: DDC_CONTAINER_METRICS,
		window: '24h',
		filter: '',
		intervalMs: 1000,
		docker: false,
		dockerHost: ENGINE_HOST,
		poll: false,
		demo: false,
		once: true,
		json: true,
		...extra,
	};
}

async function once(config: Config) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (c: Buffer) => (out += c));
	stderr.on('data', (c: Buffer) => (err += c));
	const code = await runOnce({config, clock: () => NOW * 1000, stdout, stderr});
	return {code, out, err};
}

test('--once --json with a container: its statistics, ddc_top.source.container names it', async () => {
	const r = await once(onceConfig({container: {name}}));
	assert.equal(r.code, 0, r.err);
	const doc = JSON.parse(r.out);
	assert.deepEqual(Object.keys(doc.statistics).sort(), ['config_load', 'docker_list']);
	assert.equal(doc.ddc_top.source.container, name);
	assert.equal(doc.ddc_top.source.path, DDC_CONTAINER_METRICS);
	assert.equal(doc.ddc_top.source.lines_read, 2);
	assert.equal(doc.ddc_top.source.state, 'following');
	assert.equal(doc.ddc_top.source.last_line_age_s, 30);
});

test('no file in the container, or none locally by default: says DDC is not recording, where it looked; exit 0, empty', async () => {
	const r = await once(onceConfig({container: {name}, metricsPath: '/app/data/none.jsonl'}));
	assert.equal(r.code, 0);
	assert.match(
		r.err,
		/^ddc-top: DDC is not recording metrics: .*looked at container ddc-[^:]+:\/app\/data\/none\.jsonl\).*Getting metrics from DDC/,
	);
	assert.deepEqual(JSON.parse(r.out).statistics, {});
	assert.equal(JSON.parse(r.out).ddc_top.source.state, 'not_recording');

	const dir = tempDir();
	const local = `${dir}/data/metrics/performance_metrics.jsonl`;
	const d = await once(onceConfig({metricsPath: local, metricsDefault: true, json: false}));
	assert.equal(d.code, 0);
	assert.equal(d.err.split('\n').filter(Boolean).length, 1, 'one line');
	assert.ok(d.err.includes(local), 'names the local path looked at');
	assert.match(d.out, /0 lines, 0 rejected/);
});

test("export --container writes the container file's statistics; cleanup --container refuses in one line", async () => {
	const dir = tempDir();
	const e = capturedIo(dir);
	e.io.env = {DOCKER_HOST: ENGINE_HOST};
	assert.equal(await exportCommand(['--container', name, '--no-docker', '--out', '-'], e.io), 0, e.err());
	const doc = JSON.parse(e.out());
	assert.equal(doc.ddc_top.source.container, name);
	assert.equal(doc.statistics.config_load.total_calls, 1);

	const c = capturedIo(dir);
	c.io.env = {DDC_CONTAINER: name};
	assert.equal(await cleanupCommand(['--days', '3', '--yes'], c.io), 1);
	assert.equal(c.err().trimEnd().split('\n').length, 1);
	assert.match(c.err(), /inside container .*nothing changed.*run: ddc-top cleanup --metrics .* --days 3$/m);
});

test("an operation's detail re-reads the container file's past, up to what the live tail has read", async () => {
	const history = containerDetailHistory({metricsPath: DDC_CONTAINER_METRICS, container: {name}, dockerHost: ENGINE_HOST});
	const chunks: Buffer[] = [];
	const upTo = Buffer.byteLength(LINES[0]);
	await history.read(
		() => upTo,
		(c) => chunks.push(Buffer.from(c)),
		{aborted: false},
	);
	assert.equal(Buffer.concat(chunks).toString(), LINES[0]);
	const missing = containerDetailHistory({metricsPath: '/app/none', container: {name}, dockerHost: ENGINE_HOST});
	await assert.rejects(
		missing.read(
			() => 10,
			() => {},
			{aborted: false},
		),
		/no file at \/app\/none in container/,
	);
});
