// DDC's own container (issue #15 §3), the pure parts: memory bands as DDC documents them, which container is
// DDC's, its facts and JSON, restarts counted across `docker restart`, and its summary line at each width.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ContainerDetails} from '../../source/core/container-details.js';
import {
	DDC_MEMORY,
	ddcContainerJson,
	ddcFacts,
	ddcMemoryBand,
	isDdcImage,
	oomKillsText,
	pickDdc,
	restartsOf,
	wholeMiB,
} from '../../source/core/ddc-container.js';
import {type DdcView, ddcSummary, formatUptime, segmentsWidth} from '../../source/core/ddc-summary.js';
import {exportExtras} from '../../source/core/export-extras.js';
import {RestartTally} from '../../source/core/restart-tally.js';

const MiB = 1024 * 1024;
const NOW = 1_763_000_000_000;
const text = (view: DdcView, width: number) =>
	ddcSummary(view, width)
		.map((s) => s.text)
		.join('');

test('memory bands: normal up to 180 MiB, above normal to 300, investigate over 300; the figure shown agrees at the edges', () => {
	assert.deepEqual(DDC_MEMORY, {normalFromMiB: 150, normalToMiB: 180, investigateOverMiB: 300, suggestedLimitMiB: 512});
	assert.equal(ddcMemoryBand(40 * MiB), 'normal', 'a DDC just started uses less: fine');
	assert.equal(ddcMemoryBand(162 * MiB), 'normal');
	assert.equal(ddcMemoryBand(180 * MiB), 'normal');
	assert.equal(ddcMemoryBand(180 * MiB + 1), 'above-normal');
	assert.equal(ddcMemoryBand(300 * MiB), 'above-normal');
	assert.equal(ddcMemoryBand(300 * MiB + 1), 'investigate');
	assert.equal(wholeMiB(180 * MiB), 180);
	assert.equal(wholeMiB(180 * MiB + 1), 181, 'rounded up: 181 reads above normal, as its band says');
	assert.equal(wholeMiB(300.2 * MiB), 301);
});

test('which container is DDC: --container by name, id or id prefix; else the one named ddc, else DDC image', () => {
	const row = (id: string, name: string, image?: string) => ({sample: {id, name}, ...(image === undefined ? {} : {details: {image}})});
	const web = row('aaaa1111', 'ddc-web', 'nginx');
	const bot = row('bbbb2222', 'bot', 'dockerdiscordcontrol/dockerdiscordcontrol:latest');
	const ddc = row('cccc3333', 'ddc', 'whatever');
	assert.equal(pickDdc([web, bot, ddc]), ddc, 'the name wins over the image');
	assert.equal(pickDdc([web, bot]), bot);
	assert.equal(pickDdc([web]), undefined, 'a name that only starts with ddc is not DDC');
	assert.equal(pickDdc([web, bot, ddc], 'ddc-web'), web, '--container names it');
	assert.equal(pickDdc([web, bot, ddc], 'bbbb'), bot, 'an id prefix');
	assert.equal(
		pickDdc([web, row('aaaa9', 'aaaa')], 'aaaa')?.sample.name,
		'aaaa',
		'a name before an id prefix (web has an id starting with aaaa)',
	);
	assert.equal(pickDdc([web, bot, ddc], 'nothere'), undefined, 'named and absent: not guessed');
	assert.equal(pickDdc([row('x', 'x')]), undefined, 'not inspected yet: no image to judge');
	assert.ok(isDdcImage('docker.io/dockerdiscordcontrol/ddc:2.3.0'));
	assert.ok(!isDdcImage('evil/dockerdiscordcontrol/x'));
	assert.ok(!isDdcImage(undefined));
});

const details = (over: Partial<ContainerDetails> = {}): ContainerDetails => ({
	image: 'dockerdiscordcontrol/dockerdiscordcontrol:latest',
	state: 'running',
	startedAt: NOW - (3 * 86_400 + 4 * 3600 + 59 * 60) * 1000,
	restartCount: 0,
	oomKilled: false,
	...over,
});

test('restarts: Docker counts only its policy, reset by docker restart; the tally counts every start after it', () => {
	const t = new RestartTally();
	t.started('a');
	assert.equal(t.inspected('a', 3, true), 3, "Docker's count at the first inspect");
	t.started('a'); // a policy restart: Docker's count follows
	assert.equal(t.inspected('a', 4, true), 4);
	t.started('a'); // `docker restart`: Docker's count goes back to 0
	assert.equal(t.inspected('a', 0, true), 5, 'never goes down');
	t.forget('a');
	assert.equal(t.inspected('a', 0, true), 0, 'removed and recreated: counted afresh');
	// Created while ddc-top watched: its first start is not a restart; a stopped one that had run: its next is.
	const u = new RestartTally();
	assert.equal(u.inspected('new', 0, false), 0);
	u.started('new');
	assert.equal(u.inspected('new', 0, true), 0);
	assert.equal(u.inspected('old', 0, true), 0);
	u.started('old');
	assert.equal(u.inspected('old', 0, true), 1);
	assert.equal(restartsOf({restartCount: 2}), 2);
	assert.equal(restartsOf({restartCount: 0, restarts: 5}), 5);
	assert.equal(oomKillsText({oomKilled: false}), '0');
	assert.equal(oomKillsText({oomKilled: true}), '1+ (last exit)');
	assert.equal(oomKillsText({oomKilled: true, oomEvents: 3}), '3 (last exit)');
});

test('facts and JSON: uptime, restarts, memory band and limit; no limit when Docker reports the host memory', () => {
	const f = ddcFacts({
		listing: {id: 'c1', name: 'ddc', state: 'running', health: 'healthy'},
		details: details({restartCount: 1, restarts: 2, oomEvents: 1}),
		memory: {usedBytes: 162 * MiB, limitBytes: 512 * MiB},
		hostMemBytes: 8192 * MiB,
		now: NOW,
	});
	assert.deepEqual(ddcContainerJson(f), {
		id: 'c1',
		name: 'ddc',
		state: 'running',
		health: 'healthy',
		uptime_s: 3 * 86_400 + 4 * 3600 + 59 * 60,
		restarts: 2,
		oom_killed: false,
		memory_bytes: 162 * MiB,
		memory_band: 'normal',
		memory_limit_bytes: 512 * MiB,
	});
	const unlimited = ddcFacts({
		listing: {id: 'c1', name: 'ddc', state: 'running'},
		memory: {usedBytes: 320 * MiB, limitBytes: 8100 * MiB},
		hostMemBytes: 8192 * MiB,
		now: NOW,
	});
	assert.equal(unlimited.memoryLimitBytes, undefined, "98 % of the host's memory is Docker's no limit");
	assert.equal(unlimited.band, 'investigate');
	assert.deepEqual(ddcContainerJson(unlimited), {
		id: 'c1',
		name: 'ddc',
		state: 'running',
		health: null,
		uptime_s: null,
		restarts: null,
		oom_killed: null,
		memory_bytes: 320 * MiB,
		memory_band: 'investigate',
		memory_limit_bytes: null,
	});
	// --once: the inspect and the sample of the same container meet in export extras.
	const sample = {
		id: 'c1',
		name: 'ddc',
		state: 'running',
		cpuPercent: 1,
		memUsedBytes: 200 * MiB,
		memLimitBytes: 512 * MiB,
		memPercent: 39,
		netRxBytes: 0,
		netTxBytes: 0,
		blockReadBytes: 0,
		blockWriteBytes: 0,
		pids: 3,
		at: NOW,
	};
	const extra = exportExtras({
		containers: [sample],
		ddc: {listing: {id: 'c1', name: 'ddc', state: 'running'}, details: details({restartCount: 2}), at: NOW},
	});
	const json = extra.ddc_container as ReturnType<typeof ddcContainerJson>;
	assert.equal(json.memory_bytes, 200 * MiB);
	assert.equal(json.memory_band, 'above-normal');
	assert.equal(json.restarts, 2);
	assert.equal(exportExtras({ddc: null}).ddc_container, null, 'looked for, none: null');
	assert.ok(!('ddc_container' in exportExtras({})), 'not looked for (no Docker): no key');
});

const found = (over: Partial<Parameters<typeof ddcFacts>[0]> = {}): DdcView => ({
	kind: 'found',
	facts: ddcFacts({
		listing: {id: 'c1', name: 'ddc', state: 'running', health: 'healthy'},
		details: details(),
		memory: {usedBytes: 161.3 * MiB, limitBytes: 512 * MiB},
		now: NOW,
		...over,
	}),
});

test('summary line: everything at 120 columns, the facts at 80, shorter still cut; always within the width', () => {
	assert.equal(
		text(found(), 120),
		'◆ DDC ddc · healthy · up 3d 4h · restarts 0 · OOM 0 · mem 162MiB normal (150-180; investigate > 300; limit 512MiB)',
	);
	assert.equal(text(found(), 90), '◆ DDC ddc · healthy · up 3d 4h · restarts 0 · OOM 0 · mem 162MiB normal (limit 512MiB)');
	assert.equal(text(found(), 80), '◆ DDC ddc · healthy · up 3d 4h · restarts 0 · OOM 0 · mem 162MiB normal');
	for (const width of [10, 30, 50, 60, 70, 80, 100, 120, 200]) assert.ok(segmentsWidth(ddcSummary(found(), width)) <= width, `${width}`);
	assert.equal(text(found(), 21), '◆ DDC ddc · healthy …');
	assert.equal(text(found(), 20), '◆ DDC ddc …');
	assert.equal(text(found(), 8), '◆ DDC d…', 'narrower than the first fact: cut inside it');
	// Tones: the band, restarts and OOM kills are coloured by what they say.
	const bad = ddcSummary(
		found({details: details({restarts: 4, oomEvents: 2, oomKilled: true}), memory: {usedBytes: 480 * MiB, limitBytes: 512 * MiB}}),
		200,
	);
	const tone = (needle: string) => bad.find((s) => s.text === needle)?.tone;
	assert.equal(tone('investigate'), 'bad');
	assert.equal(tone('4'), 'warn');
	assert.equal(tone('2 (last exit)'), 'bad');
	assert.equal(tone(' 93% of limit'), 'bad');
	assert.equal(
		ddcSummary(found({memory: {usedBytes: 200 * MiB, limitBytes: 512 * MiB}}), 200).find((s) => s.text === 'above normal')?.tone,
		'warn',
	);
	// Not current: no memory to judge.
	assert.match(text(found({memory: undefined}), 120), /mem --$/);
});

test('summary line: stopped, gone, not found; a hostile name sanitized and cut in the middle when short', () => {
	const stopped = found({
		listing: {id: 'c1', name: 'ddc', state: 'exited'},
		details: details({state: 'exited', finishedAt: NOW - 300_000, exitCode: 137, oomKilled: true}),
		memory: undefined,
	});
	assert.equal(text(stopped, 120), '◆ DDC ddc · exited (exit 137) · stopped 5m ago · restarts 0 · OOM 1+ (last exit)');
	assert.equal(
		text({kind: 'missing', name: 'ddc', reason: 'gone'}, 120),
		'◆ DDC ddc · not running (stopped or removed) · a lists stopped containers',
	);
	assert.equal(text({kind: 'missing', name: 'ddc', reason: 'gone'}, 50), '◆ DDC ddc · not running (stopped or removed)');
	assert.match(text({kind: 'missing', name: 'mybot', reason: 'wanted'}, 120), /mybot · not running, or no such container/);
	const hostile = found({listing: {id: 'c1', name: 'ddc\u001b[2J\u0007-production-instance-one', state: 'running'}});
	const wide = text(hostile, 200);
	assert.ok(wide.includes('ddc␛[2J␇-production-instance-one'), wide);
	assert.doesNotMatch(wide, /[\u0000-\u001f]/);
	const narrow = text(hostile, 80);
	assert.ok(Array.from(narrow).length <= 80 && /^◆ DDC ddc␛\[2…e-one · running · up 3d 4h .* mem 162MiB normal$/.test(narrow), narrow);
	assert.equal(text(hostile, 60), '◆ DDC ddc␛[2…e-one · running · up 3d 4h · restarts 0 …');
	assert.deepEqual([0, 59, 60, 3599, 3600, 86_399, 86_400 + 3 * 3600].map(formatUptime), [
		'<1m',
		'<1m',
		'1m',
		'59m',
		'1h 0m',
		'23h 59m',
		'1d 3h',
	]);
});
