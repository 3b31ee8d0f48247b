// The judge in the live view (issue #16 §1-§3): the SLO column's marks, the Δ columns against a baseline,
// the memory growth of containers, `f`'s three steps, at 120x40 and 80x24, with and without colours.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import type {Baseline} from '../../source/core/judge/baseline.js';
import {bucketsFromValues} from '../../source/core/judge/buckets.js';
import {BUILT_IN_SETUP, type JudgeSetup} from '../../source/core/judge/live-judge.js';
import type {RegressionSide} from '../../source/core/judge/regression.js';
import {createStore, type Snapshot, type Store} from '../../source/state/store.js';
import {layout, renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {renderContainerDetail} from '../../source/ui/detail/container-detail-view.js';
import {renderOperationDetail} from '../../source/ui/detail/operation-detail-view.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {containerSample} from '../helpers/samples.js';
import {NOW_MS, NOW_S} from '../helpers/ui.js';

const MIB = 1024 * 1024;

/** n durations spread evenly from `from` to `to` seconds (a deterministic "distribution"). */
const spread = (n: number, from: number, to: number) => Array.from({length: n}, (_, i) => from + ((to - from) * i) / (n - 1));

const CURRENT: Record<string, number[]> = {
	// max 1.2 s over DDC's 1.0 s limit: breach; 30 % slower than the baseline.
	config_load: spread(200, 0.26, 1.2),
	// max 0.45 s of 0.5 s: near; the same as the baseline.
	token_decrypt: spread(200, 0.05, 0.45),
	// All succeed, far under any limit: ok (docker_* success >= 95 %).
	docker_container_status: spread(200, 0.01, 0.05),
	// No rule names it: none; 30 % faster than the baseline.
	web_api_response: spread(200, 0.07, 0.14),
};

const side = (durations: number[]): RegressionSide => {
	const sorted = [...durations].sort((a, b) => a - b);
	return {calls: durations.length, ok: durations.length, buckets: bucketsFromValues(sorted)};
};

const BASELINE: Baseline = {
	operations: new Map([
		['config_load', side(spread(200, 0.2, 0.92))],
		['token_decrypt', side(spread(200, 0.05, 0.45))],
		['web_api_response', side(spread(200, 0.1, 0.2))],
	]),
	undecodable: [],
};

const WITH_BASELINE: JudgeSetup = {...BUILT_IN_SETUP, sloLabel: 'pytest.ini', baseline: BASELINE, baselineLabel: 'main.json'};

function storeWith(setup: JudgeSetup | undefined): {store: Store; at: (ms: number) => void} {
	let now = NOW_MS - 180_000;
	const store = createStore({clock: () => now, metricsPath: '/nonexistent/metrics.jsonl', dockerEnabled: true, judge: setup});
	const lines: string[] = [];
	for (const [operation, durations] of Object.entries(CURRENT))
		for (const [i, duration] of durations.entries()) lines.push(ddcLineText({operation, end: NOW_S - 600 + i, duration}));
	store.ingest({type: 'metrics-lines', lines});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///x.sock'}});
	// Three minutes, a sample a second: one container grows 20 MB/min, one saws up and down without trend.
	for (let i = 0; i <= 180; i++) {
		now = NOW_MS - 180_000 + i * 1000;
		const leak = 100 * MIB + (20 * MIB * i) / 60;
		const saw = 100 * MIB + ((i % 30) / 30) * 30 * MIB;
		store.ingest({
			type: 'container-sample',
			sample: containerSample({name: 'leaky', memUsedBytes: leak, memLimitBytes: 512 * MIB, at: now}),
		});
		store.ingest({
			type: 'container-sample',
			sample: containerSample({name: 'steady', memUsedBytes: saw, memLimitBytes: 512 * MIB, at: now}),
		});
	}
	store.publish();
	return {store, at: (ms) => (now = ms)};
}

const plain = (lines: string[]) => lines.map((l) => stripVTControlCharacters(l));
const screen = (snap: Snapshot, columns: number, rows: number) =>
	plain(renderDashboard(snap, {columns, rows, version: '0.0.0-test', dockerEnabled: true}));
const rowOf = (text: string[], name: string) => text.find((l) => l.startsWith(name)) ?? assert.fail(`no row ${name}:\n${text.join('\n')}`);

test('the store judges each operation at publish: SLO states and baseline verdicts', () => {
	const {store} = storeWith(WITH_BASELINE);
	const judged = store.getSnapshot().operations.judged;
	assert.equal(judged.get('config_load')?.slo.state, 'breach');
	assert.equal(judged.get('token_decrypt')?.slo.state, 'near');
	assert.equal(judged.get('docker_container_status')?.slo.state, 'ok');
	assert.equal(judged.get('web_api_response')?.slo.state, 'none');
	assert.equal(judged.get('config_load')?.regression?.verdict, 'slower');
	assert.equal(judged.get('token_decrypt')?.regression?.verdict, 'no significant change');
	assert.equal(judged.get('web_api_response')?.regression?.verdict, 'faster');
	assert.equal(judged.get('docker_container_status')?.regression, undefined, 'not in the baseline: nothing compared');
});

test('120x40: SLO marks, Δ columns with the verdict, and the header names the files', () => {
	const text = screen(storeWith(WITH_BASELINE).store.getSnapshot(), 120, 40);
	const header = text.find((l) => l.startsWith('OPERATION')) ?? '';
	for (const title of ['SLO', 'ΔP95', 'P95']) assert.ok(header.split(/\s+/).includes(title) || header.includes(title), header);
	assert.match(rowOf(text, 'config_load'), /✗ breach/);
	assert.match(rowOf(text, 'config_load'), /\+\d+%↑/);
	assert.match(rowOf(text, 'token_decrypt'), /~ near/);
	assert.match(rowOf(text, 'token_decrypt'), /[-+]\d+(\.\d)?%=/);
	assert.match(rowOf(text, 'docker_container_status'), /✓ ok/);
	assert.match(rowOf(text, 'web_api_response'), /-\d+%↓/);
	assert.doesNotMatch(rowOf(text, 'web_api_response'), /✓|~ near|✗/, 'no rule: a blank SLO cell');
	assert.match(text[0], /SLO: pytest\.ini · baseline main\.json/);
	for (const line of text) assert.ok(Array.from(line).length <= 120, line);
});

test('GROWTH: a steady 20 MB/min is a leak, a sawtooth without trend is not', () => {
	const snap = storeWith(undefined).store.getSnapshot();
	const leaky = snap.containers.rows.find((r) => r.sample.name === 'leaky')?.growth;
	const steady = snap.containers.rows.find((r) => r.sample.name === 'steady')?.growth;
	assert.equal(leaky?.state, 'leak');
	assert.ok(Math.abs((leaky?.mbPerMin ?? 0) - 20) < 0.5, String(leaky?.mbPerMin));
	assert.ok(leaky?.recent.minutesToLimit !== undefined, 'a limit and growth: a time to reach it');
	assert.equal(steady?.state, 'ok', JSON.stringify(steady));
	const text = screen(snap, 160, 40);
	assert.match(text.find((l) => l.startsWith('NAME')) ?? '', /GROWTH/);
	assert.match(rowOf(text, 'leaky'), /\+20M\/m✗/);
	assert.doesNotMatch(rowOf(text, 'steady'), /M\/m[~✗]/);
});

test('80x24: the SLO column stays as its mark, DDC names are whole, nothing is wider than the terminal', () => {
	const text = screen(storeWith(WITH_BASELINE).store.getSnapshot(), 80, 24);
	assert.match(text.find((l) => l.startsWith('OPERATION')) ?? '', /SLO/);
	assert.match(rowOf(text, 'config_load'), / ✗ /);
	assert.doesNotMatch(rowOf(text, 'config_load'), /breach/);
	assert.match(rowOf(text, 'token_decrypt'), / ~ /);
	for (const line of text) assert.ok(Array.from(line).length <= 80, line);
});

test('without a baseline there are no Δ columns, and no header note for the built-in thresholds', () => {
	const text = screen(storeWith(undefined).store.getSnapshot(), 120, 40);
	assert.doesNotMatch(text.find((l) => l.startsWith('OPERATION')) ?? '', /Δ/);
	assert.doesNotMatch(text[0], /SLO:|baseline/);
	assert.match(rowOf(text, 'config_load'), /✗ breach/);
});

test('f cycles all -> failures only -> breaches only -> all, and the title says which', () => {
	const {store} = storeWith(WITH_BASELINE);
	const names = () => store.getSnapshot().operations.rows.map((r) => r.operation);
	assert.equal(names().length, 4);
	store.dispatch({type: 'toggle-failures'});
	assert.equal(store.getSnapshot().ui.only, 'failures');
	assert.deepEqual(names(), [], 'no operation has failed calls');
	assert.match(screen(store.getSnapshot(), 120, 40).join('\n'), /Operations \(0 of 4\) · window 24h · failures only/);
	store.dispatch({type: 'toggle-failures'});
	assert.equal(store.getSnapshot().ui.only, 'breaches');
	assert.deepEqual(names(), ['config_load'], 'a breach (and slower): what check fails on');
	assert.match(screen(store.getSnapshot(), 120, 40).join('\n'), /Operations \(1 of 4\) · window 24h · breaches only/);
	store.dispatch({type: 'toggle-failures'});
	assert.equal(store.getSnapshot().ui.only, 'all');
	assert.equal(names().length, 4);
});

test('the SLO column sorts like the others: breaches first, then near, ok, none', () => {
	const {store} = storeWith(undefined);
	// From the default (P95) back to SLO: S steps to the previous column.
	while (store.getSnapshot().ui.sort.key !== 'slo') store.dispatch({type: 'sort-step', step: -1});
	assert.equal(store.getSnapshot().ui.sort.descending, true);
	assert.deepEqual(
		store.getSnapshot().operations.rows.map((r) => r.operation),
		['config_load', 'token_decrypt', 'docker_container_status', 'web_api_response'],
	);
	assert.match(screen(store.getSnapshot(), 120, 40).find((l) => l.startsWith('OPERATION')) ?? '', /SLO▼/);
});

test('the details say the verdicts in words', () => {
	const {store} = storeWith(WITH_BASELINE);
	store.dispatch({type: 'detail-open', operation: 'config_load'});
	const snap = store.getSnapshot();
	const op = plain(renderOperationDetail(snap, 'config_load', '0.0.0-test', layout(snap, 120, 40))).join('\n');
	assert.match(op, /SLO ✗ breach: max 1\.20s, limit 1\.00s \(built-in\) · baseline: ↑ slower \(p50 \+\d+(\.\d)?%, p95 \+\d+%, p99 \+\d+%/);
	store.dispatch({type: 'detail-close'});
	store.dispatch({type: 'container-open', id: 'id-leaky', name: 'leaky'});
	const c = store.getSnapshot();
	const detail = plain(renderContainerDetail(c, '0.0.0-test', layout(c, 120, 40))).join('\n');
	assert.match(
		detail,
		/memory growth ✗ leak: \+20\.0 MB\/min \[\d+\.\d, \d+\.\d\] over the last 3 min · \+20\.0 MB\/min since start \(3 min\)/,
	);
	assert.match(detail, /limit in \d+ min(\s+|\s·\s)growing at least 20\.0 MB\/min \(> 10\)/);
});
