// The tables at 80x24, 120x40 and 200x50 (issue #14 §1): today's columns at 80 and 120, more columns
// and wider sparklines at 160 and 200 instead of blank space, and stopped containers dimmed with their state.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import chalk from 'chalk';
import type {ContainerSample} from '../../source/core/samples.js';
import {createStore, type Snapshot} from '../../source/state/store.js';
import {renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {containerSample} from '../helpers/samples.js';
import {NOW_MS, NOW_S} from '../helpers/ui.js';

const MIB = 1024 * 1024;
const HOST_MEM = 16 * 1024 * MIB;
const OPS = ['docker_container_restart', 'docker_container_status', 'config_load', 'web_api_response', 'mech_power_calc'];

function snapshot(): Snapshot {
	let now = NOW_MS - 60_000;
	const store = createStore({clock: () => now, metricsPath: '/nonexistent/metrics.jsonl', dockerEnabled: true});
	const lines: string[] = [];
	OPS.forEach((operation, i) => {
		// Durations 1 ms .. 20 ms times the operation's rank; the last call 5 s, 10 s ... before now.
		for (let k = 1; k <= 20; k++)
			lines.push(ddcLineText({operation, end: NOW_S - 5 * (i + 1) - (20 - k) * 30, duration: 0.001 * k * (i + 1)}));
	});
	store.ingest({type: 'metrics-lines', lines});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x.sock'}});
	const host = {cpuPercent: 10, memUsedBytes: 4 * 1024 * MIB, memTotalBytes: HOST_MEM, load1: 1, load5: 1, load15: 1, at: now};
	store.ingest({type: 'host-sample', sample: host});
	const containers: Array<Partial<ContainerSample>> = [
		{name: 'ddc', memLimitBytes: 512 * MIB, memUsedBytes: 160 * MIB, memPercent: 31.25, cpuPercent: 3},
		{name: 'valheim', memLimitBytes: 256 * MIB, memUsedBytes: 151 * MIB, memPercent: 58.98, cpuPercent: 40},
		{name: 'redis', memLimitBytes: HOST_MEM, memUsedBytes: 40 * MIB, memPercent: 0.24, cpuPercent: 1},
	];
	for (let i = 0; i < 60; i++) {
		now = NOW_MS - 60_000 + i * 1000;
		for (const c of containers)
			store.ingest({type: 'container-sample', sample: containerSample({...c, netRxBytes: 1e6 * i, pids: 4, at: now})});
	}
	store.ingest({type: 'container-sample', sample: containerSample({name: 'backup', state: 'exited', memUsedBytes: 0, at: now})});
	now = NOW_MS;
	store.publish();
	return store.getSnapshot();
}

const SNAP = snapshot();

function screen(columns: number, rows: number): {raw: string[]; text: string[]} {
	const raw = renderDashboard(SNAP, {columns, rows, version: '0.0.0-test', dockerEnabled: true});
	return {raw, text: raw.map((l) => stripVTControlCharacters(l))};
}

const headerOf = (text: string[], first: string) =>
	text
		.find((l) => l.startsWith(first))!
		.trim()
		.split(/\s{1,}/);
const rowsUnder = (text: string[], first: string) => {
	const top = text.findIndex((l) => l.startsWith(first));
	const out: string[] = [];
	for (const line of text.slice(top + 1)) {
		if (!/^\S/.test(line) || line.startsWith('…')) break;
		out.push(line);
	}
	return out;
};

test("80x24: today's columns; nothing wider than the terminal", () => {
	const {text} = screen(80, 24);
	// The SLO column (issue #16) takes MAX's room: it is the one column that judges.
	assert.deepEqual(headerOf(text, 'OPERATION'), ['OPERATION', 'CALLS', 'OK%', 'FAIL', 'SLO', 'P50', 'P95▼', 'P99', 'RATE/m']);
	assert.deepEqual(headerOf(text, 'NAME'), ['NAME', 'CPU', '%▼', 'MEM', 'USAGE', '/', 'LIMIT', 'NET', 'I/O', 'PIDS']);
	// The sparklines' scales, too long for 5-character columns, are in the title line.
	assert.ok(
		text.some((l) => /Containers \(4\) · CPU 0-100% · MEM 0-limit\/64M/.test(l)),
		text.join('\n'),
	);
	for (const line of text) assert.ok(Array.from(line).length <= 80, line);
});

test("120x40: today's columns (AVG/m, no MIN or LAST); sparkline headers say their scale", () => {
	const {text} = screen(120, 40);
	const ops = headerOf(text, 'OPERATION');
	assert.deepEqual(ops.slice(-3), ['MAX', 'RATE/m', 'AVG/m']);
	assert.ok(!ops.includes('MIN') && !ops.includes('LAST'), ops.join(' '));
	const names = text.find((l) => l.startsWith('NAME'))!;
	assert.match(names, /CPU %▼ 0-100% +MEM USAGE \/ LIMIT lim\/64M +NET I\/O +BLOCK I\/O +PIDS$/);
	assert.ok(!names.includes('MEM %'));
	// Every operation and container is shown, the tall terminal has room to spare.
	assert.equal(rowsUnder(text, 'OPERATION').length, OPS.length);
	assert.equal(rowsUnder(text, 'NAME').length, 4);
});

test('160x48: MIN and LAST join the operations; MEM % and wider sparklines the containers', () => {
	const {text} = screen(160, 48);
	const ops = headerOf(text, 'OPERATION');
	assert.deepEqual(ops, [
		'OPERATION',
		'CALLS',
		'OK%',
		'FAIL',
		'SLO',
		'MIN',
		'P50',
		'P95▼',
		'P99',
		'P99.9',
		'AVG',
		'MAX',
		'RATE/m',
		'AVG/m',
		'LAST',
	]);
	assert.ok(text.find((l) => l.startsWith('NAME'))!.includes('MEM %'));
});

test('200x50: no row ends in a wide blank; LAST is the age of the newest call; sparklines use the width', () => {
	const {text} = screen(200, 50);
	const opRows = rowsUnder(text, 'OPERATION');
	const containerRows = rowsUnder(text, 'NAME');
	assert.equal(opRows.length, OPS.length);
	for (const line of [...opRows, ...containerRows, text.find((l) => l.startsWith('OPERATION'))!]) {
		const used = Array.from(line.trimEnd()).length;
		assert.ok(used >= 192 && used <= 200, `${used} columns used: ${line}`);
	}
	// docker_container_restart's newest call ended 5 s before now, mech_power_calc's 25 s.
	assert.match(opRows.find((l) => l.startsWith('docker_container_restart'))!, / 5s$/);
	assert.match(opRows.find((l) => l.startsWith('mech_power_calc'))!, / 25s$/);
	const valheim = containerRows.find((l) => l.startsWith('valheim'))!;
	// 40 % of one core and 151 of 256 MiB: flat lines at their own heights across 40 samples.
	assert.match(valheim, / ▄{40} /);
	// The memory sparkline shares the width with GROWTH (issue #16): still most of the 60 samples.
	assert.match(valheim, / ▆{36,40} /);
	assert.match(valheim, / 58\.98% /);
});

test('a stopped container is dimmed, its state in the CPU column, `--` figures and no sparkline, listed last', (t) => {
	const level = chalk.level;
	chalk.level = 1;
	t.after(() => {
		chalk.level = level;
	});
	for (const [columns, rows] of [
		[80, 24],
		[200, 50],
	] as const) {
		const {raw, text} = screen(columns, rows);
		const i = text.findIndex((l) => l.startsWith('backup'));
		assert.ok(i > 0, text.join('\n'));
		assert.equal(i, text.findIndex((l) => l.startsWith('NAME')) + 4, 'after the running ones');
		assert.match(text[i], /^backup +exited +--( +--)+$/);
		assert.doesNotMatch(text[i], /[▁▂▃▄▅▆▇█]/);
		// Dim (SGR 2) from its first cell, the name included.
		assert.match(raw[i], /^\u001B\[2mbackup/);
	}
});
