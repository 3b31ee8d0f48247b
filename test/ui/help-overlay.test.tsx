// The help overlay (issue #14 §1b): every key, then what each column, colour and mark means; it fits the
// terminal and scrolls with the cursor keys when it does not, every line reachable, none past the width.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {renderToString} from 'ink';
import {createElement} from 'react';
import {initialUiState, reduce, type UiState} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {COLUMN_HELP} from '../../source/ui/column-help.js';
import {HelpOverlay} from '../../source/ui/components/HelpOverlay.js';
import {layout, renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {helpRoom, helpRows} from '../../source/ui/help-text.js';
import {KEY_BINDINGS} from '../../source/ui/key-bindings.js';
import {dispatchKey} from '../../source/ui/key-dispatch.js';
import {rawKeys} from '../../source/ui/raw-keys.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {containerSample} from '../helpers/samples.js';

const NOW = 1_763_000_000_000;

function overlay(width: number, height: number, offset: number): string[] {
	const text = renderToString(createElement(HelpOverlay, {width, height, offset}), {columns: width});
	return stripVTControlCharacters(text).split('\n');
}

/** The overlay's size in a terminal of this size, as the app lays it out (the body, under a host line). */
function overlaySize(columns: number, rows: number): {width: number; height: number} {
	const store = createStore({clock: () => NOW, metricsPath: '/tmp/none.jsonl', dockerEnabled: false});
	store.ingest({
		type: 'host-sample',
		sample: {cpuPercent: 1, memUsedBytes: 1, memTotalBytes: 2, load1: 0, load5: 0, load15: 0, at: NOW},
	});
	store.publish();
	const l = layout(store.getSnapshot(), columns, rows);
	return {width: l.width, height: l.body};
}

for (const [columns, rows] of [
	[80, 24],
	[120, 40],
] as const) {
	test(`help at ${columns}x${rows}: every line reachable by scrolling, none past the width or the height`, () => {
		const {width, height} = overlaySize(columns, rows);
		const room = helpRoom(width, height);
		const all = helpRows(width - 4);
		assert.equal(room.lines, all.length);
		let ui: UiState = reduce(initialUiState(), {type: 'toggle-help'});
		const seen = new Set<string>();
		const offsets: number[] = [];
		for (let step = 0; step < 200; step++) {
			const offset = ui.mode.kind === 'help' ? ui.mode.offset : -1;
			offsets.push(offset);
			const lines = overlay(width, height, offset);
			assert.ok(lines.length <= height, `${lines.length} lines in ${height}`);
			for (const line of lines) {
				assert.ok(Array.from(line).length <= width, `${Array.from(line).length} > ${width}: ${line}`);
				seen.add(line.replace(/^│ /, '').replace(/ *│$/, '').trimEnd());
			}
			const next = reduce(ui, {type: 'help-scroll', move: 'page-down', room});
			if (next === ui) break;
			ui = next;
		}
		if (columns === 80) assert.ok(offsets.length > 1, 'at 80x24 the help needs more than a page');
		assert.equal(offsets.at(-1), Math.max(0, room.lines - room.page), 'the last page ends on the last line');
		for (const row of all) {
			const parts = row.kind === 'heading' ? [row.text] : [row.label, row.text];
			assert.ok(
				[...seen].some((l) => parts.every((p) => l.includes(p))),
				`reachable: ${parts.join(' ')}`,
			);
		}
		// Up again to the top, a line at a time, and never above it.
		for (let i = 0; i < room.lines + 2; i++) ui = reduce(ui, {type: 'help-scroll', move: 'up', room});
		assert.deepEqual(ui.mode, {kind: 'help', offset: 0});
		assert.match(overlay(width, height, 0)[1], /Help {2}.*Esc or \? closes/);
	});
}

test('the cursor keys scroll the open help (through the key dispatch), Esc closes it', () => {
	const store = createStore({clock: () => NOW, metricsPath: '/tmp/none.jsonl', dockerEnabled: false});
	const room = {lines: 40, page: 10};
	const press = (chunk: string) => {
		for (const k of rawKeys(chunk)) dispatchKey(store, {quit: () => assert.fail('quit'), helpRoom: () => room}, k.input, k.key);
	};
	const offset = () => {
		const mode = store.getSnapshot().ui.mode;
		return mode.kind === 'help' ? mode.offset : -1;
	};
	press('?');
	assert.equal(offset(), 0);
	press('jj\u001B[B');
	assert.equal(offset(), 3);
	press('\u001B[6~');
	assert.equal(offset(), 13);
	press('G');
	assert.equal(offset(), 30, 'the last page: lines 31-40');
	press('\u001B[6~j');
	assert.equal(offset(), 30, 'never past it');
	press('k\u001B[5~');
	assert.equal(offset(), 19);
	press('g');
	assert.equal(offset(), 0);
	press('\u001B');
	assert.equal(store.getSnapshot().ui.mode.kind, 'normal');
	press('?');
	assert.equal(offset(), 0, 'opens at the top again');
});

test('every column title the tables show at their widest is explained, and the help names every key', () => {
	const store = createStore({clock: () => NOW, metricsPath: '/tmp/none.jsonl', dockerEnabled: true});
	store.ingest({type: 'metrics-lines', lines: [ddcLineText({operation: 'op_a', end: NOW / 1000 - 5, duration: 0.1})]});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'test'}});
	store.ingest({type: 'container-sample', sample: containerSample({at: NOW})});
	store.publish();
	const lines = renderDashboard(store.getSnapshot(), {columns: 300, rows: 30, version: '1', dockerEnabled: true}).map((l) =>
		stripVTControlCharacters(l),
	);
	const labels = COLUMN_HELP.flatMap((s) => s.entries.map((e) => e.label));
	const help = overlay(120, 200, 0).join('\n');
	// The sparklines' titles are their scales ("0-100%", "0-limit", "0-256M", "lim/256M"): the help says what they mean.
	const sparkScale = (title: string) => /^(0-|lim\/)/.test(title) && help.includes('0-100%') && help.includes('0-limit');
	const explained = (title: string) => sparkScale(title) || labels.some((l) => l === title || l.split(' ').includes(title));
	const titles = (marker: string) => {
		const header = lines.find((l) => l.trimStart().startsWith(marker));
		assert.ok(header, `a header starting ${marker} in\n${lines.join('\n')}`);
		return header
			.replace(/[▲▼]/g, '')
			.trim()
			.split(/\s{2,}/);
	};
	const shown = [...titles('OPERATION'), ...titles('NAME')];
	assert.ok(shown.includes('P99') && shown.includes('MEM USAGE / LIMIT'), shown.join('|'));
	// A sparkline's left-aligned title follows the right-aligned column before it with one space ("CPU % 0-100%").
	const covered = (title: string): boolean =>
		explained(title) || labels.some((l) => title.startsWith(`${l} `) && covered(title.slice(l.length + 1)));
	for (const title of shown) assert.ok(covered(title), `${title} is explained in column-help.ts`);
	for (const b of KEY_BINDINGS) for (const k of b.keys) assert.ok(help.includes(k.label), `${k.label} in the help`);
	for (const word of ['yellow', 'red', 'dimmed row', 'PAUSED', '12-24 of 40', 'one core', '200 ms', '500 ms', '1 s', '99 %'])
		assert.ok(help.includes(word), `${word} in the help`);
});
