import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import type {ContainerSort} from '../../source/core/containers-view.js';
import type {ContainerSample, DockerStatus, HostSample} from '../../source/core/samples.js';
import type {ContainerRow} from '../../source/state/containers.js';
import {containersTable} from '../../source/ui/dashboard/containers-table.js';
import {hostLine} from '../../source/ui/dashboard/host-line.js';
import {containerSample} from '../helpers/samples.js';

const LIVE: DockerStatus = {kind: 'live', endpoint: 'unix:///var/run/docker.sock'};
const SORT: ContainerSort = {key: 'cpu', descending: true};

/** As the terminal shows the lines: no codes, nothing after the last character. */
function frame(lines: string[]): string[] {
	return lines.map((line) => stripVTControlCharacters(line).trimEnd());
}

function row(name: string, over: Partial<ContainerSample> = {}, extra: Partial<ContainerRow> = {}): ContainerRow {
	const sample = containerSample({
		name,
		cpuPercent: 50.3456,
		memUsedBytes: 1941504,
		memLimitBytes: 67108864,
		memPercent: 2.89,
		netRxBytes: 656,
		blockReadBytes: 8388608,
		blockWriteBytes: 8388608,
		pids: 3,
		...over,
	});
	return {sample, cpuSeries: [0, 25, 50, 100], memSeries: [1, 2, 4], stale: false, ...extra};
}

function table(rows: ContainerRow[], props: {width?: number; height?: number; status?: DockerStatus; total?: number} = {}) {
	return containersTable({
		rows,
		total: props.total ?? rows.length,
		status: props.status ?? LIVE,
		sort: SORT,
		width: props.width ?? 100,
		height: props.height ?? 8,
		focused: true,
	});
}

test('100 columns: every docker stats column, formatted like the CLI', () => {
	const lines = frame(table([row('web')], {width: 100}));
	const header = lines[1];
	for (const title of ['NAME', 'CPU %▼', 'MEM USAGE / LIMIT', 'NET I/O', 'BLOCK I/O', 'PIDS']) {
		assert.ok(header.includes(title), `header lacks ${title}: ${header}`);
	}
	const web = lines[2];
	assert.match(web, /^web\s/);
	assert.ok(web.includes('50.35%'), web);
	assert.ok(web.includes('1.852MiB / 64MiB'), web);
	assert.ok(web.includes('656B / 0B'), web);
	assert.ok(web.includes('8.39MB / 8.39MB'), web);
	assert.ok(web.includes(' ▁▃▅█ '), web);
	assert.ok(lines.every((line) => line.length <= 100));
});

test('140 columns: sparklines of 10 samples or more, on the scales their headers name', () => {
	const lines = frame(table([row('web')], {width: 140}));
	assert.ok(lines[1].includes('BLOCK I/O'), lines[1]);
	assert.ok(lines[1].includes(' 0-100% ') && lines[1].includes(' 0-limit '), lines[1]);
	// 4 samples padded on the left, CPU against one core; memory (1-4 bytes) against its 64 MiB limit.
	assert.ok(lines[2].includes('      ▁▃▅█ '), lines[2]);
	assert.ok(lines[2].includes('       ▂▂▂ '), lines[2]);
	assert.ok(lines.every((line) => line.length <= 140));
});

test('80 columns: shorter sparklines, BLOCK I/O dropped, nothing wider than the terminal', () => {
	const lines = frame(table([row('web')], {width: 80}));
	assert.ok(!lines[1].includes('BLOCK I/O'), lines[1]);
	assert.ok(lines[1].includes('NET I/O'), lines[1]);
	assert.ok(lines[2].includes(' ▁▃▅█ '), lines[2]);
	assert.ok(!lines[2].includes('      ▁▃▅█'), lines[2]);
	assert.ok(
		lines.every((line) => line.length <= 80),
		lines.join('\n'),
	);
});

test('60 columns keeps name, CPU, memory and PIDs', () => {
	const lines = frame(table([row('web')], {width: 60}));
	assert.ok(!lines[1].includes('NET I/O'));
	assert.ok(lines[2].includes('50.35%') && lines[2].includes('1.852MiB / 64MiB'), lines[2]);
	assert.ok(lines.every((line) => line.length <= 60));
});

test('no containers, no match, and the docker status message instead of rows', () => {
	assert.ok(frame(table([])).some((line) => line.includes('No running containers')));
	assert.ok(frame(table([], {total: 3})).some((line) => line.includes('no container matches')));
	const message = 'Docker socket /var/run/docker.sock not found — is Docker running? (set DOCKER_HOST or --docker-host)';
	const lines = frame(table([row('web')], {width: 100, status: {kind: 'unavailable', endpoint: 'unix:///var/run/docker.sock', message}}));
	// Too long for one line: it wraps rather than losing its hint at the end.
	assert.ok(lines.join(' ').replace(/\s+/g, ' ').includes(message), lines.join('\n'));
	assert.ok(lines.every((line) => line.length <= 100));
	assert.ok(!lines.some((line) => line.startsWith('web')));
});

test('stale rows show -- like docker stats; paused and unhealthy are said in words', () => {
	const lines = frame(
		table([row('old', {}, {stale: true}), row('sick', {health: 'unhealthy'}), row('nap', {state: 'paused'})], {width: 100}),
	);
	const old = lines.find((line) => line.startsWith('old'))!;
	assert.ok(old.includes('--') && !old.includes('50.35%'), old);
	assert.ok(lines.some((line) => line.startsWith('sick (unhealthy)')));
	// Not running: its state in the CPU column, no figure, no sparkline.
	assert.match(lines.find((line) => line.startsWith('nap'))!, /^nap +paused +-- +-- +-- +--$/);
});

test('hostile names are sanitized and rows beyond the height are counted', () => {
	const rows = ['a', 'b', 'c', 'd', 'e'].map((n) => row(n));
	rows[0] = row('\u001B[2J\u001B]0;pwned\u0007evil\u0000');
	const lines = frame(table(rows, {height: 5}));
	// Shown, with each control character as a visible mark: nothing in it clears or retitles the terminal.
	assert.ok(lines[2].startsWith('␛[2J␛]0;p'), JSON.stringify(lines[2]));
	assert.ok(!/[\u0000-\u001F\u007F-\u009F]/.test(lines.join('')), JSON.stringify(lines));
	assert.equal(lines.length, 5);
	assert.ok(lines[4].includes('… 3 more'), lines[4]);
});

test('HostLine shows CPU, memory used / total and load', () => {
	const host: HostSample = {
		cpuPercent: 12.34,
		memUsedBytes: 1941504,
		memTotalBytes: 25276502016,
		load1: 0.5,
		load5: 0.25,
		load15: 1,
		at: 0,
	};
	const [line] = frame([hostLine(host, 100, [0, 50, 100])]);
	assert.ok(line.includes('CPU 12.3%'), line);
	assert.ok(line.includes('MEM 1.852MiB / 23.54GiB (0.0%)'), line);
	assert.ok(line.includes('LOAD 0.50 0.25 1.00'), line);
	assert.ok(line.includes('▁▅█'), line);
	const [narrow] = frame([hostLine(host, 60)]);
	assert.ok(narrow.length <= 60 && narrow.includes('CPU 12.3%'), narrow);
});
