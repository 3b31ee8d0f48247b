import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cpuPercentBetween, cpuTimesFromCores, parseProcStat} from '../../source/core/proc-stat.js';

// Shaped like /proc/stat's first lines (2 CPUs), one second (200 jiffies) apart with one core busy.
const BEFORE = 'cpu  4705 0 3321 1070850 117 0 143 0 0 0\ncpu0 2300 0 1600 535000 60 0 70 0 0 0\n';
const AFTER = 'cpu  4805 0 3321 1070950 117 0 143 0 0 0\ncpu0 2400 0 1600 535000 60 0 70 0 0 0\n';

test('parses the aggregate cpu line; iowait counts as idle', () => {
	assert.deepEqual(parseProcStat(BEFORE), {busy: 4705 + 3321 + 143, total: 4705 + 3321 + 1070850 + 117 + 143});
	assert.equal(parseProcStat('intr 1 2 3'), undefined);
	assert.equal(parseProcStat('cpu  a b c d'), undefined);
	assert.equal(parseProcStat(''), undefined);
});

test('guest time is not counted twice', () => {
	const times = parseProcStat('cpu  100 0 0 100 0 0 0 0 100 0');
	assert.deepEqual(times, {busy: 100, total: 200});
});

test('whole-machine CPU % between two readings', () => {
	assert.equal(cpuPercentBetween(parseProcStat(BEFORE)!, parseProcStat(AFTER)!), 50);
	assert.equal(cpuPercentBetween(parseProcStat(AFTER)!, parseProcStat(AFTER)!), 0);
	// A counter that went backwards (e.g. after suspend oddities) must not give a negative or huge number.
	assert.equal(cpuPercentBetween(parseProcStat(AFTER)!, parseProcStat(BEFORE)!), 0);
});

test('os.cpus() fallback sums every core', () => {
	const t = (user: number, idle: number) => ({times: {user, nice: 0, sys: 0, idle, irq: 0}});
	const a = cpuTimesFromCores([t(100, 100), t(0, 200)]);
	const b = cpuTimesFromCores([t(200, 100), t(0, 300)]);
	assert.equal(cpuPercentBetween(a, b), 50);
});
