// The row cursor on screen, at 80x24 and 120x40: the keys move it, the table scrolls with a "12-24 of 40"
// hint, and the selected row keeps its name when the rows re-sort or a filter narrows them.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {layoutScreen} from '../../source/ui/screen.js';
import {ddcLineText} from '../helpers/ddc-lines.js';
import {containerSample} from '../helpers/samples.js';
import {type Harness, KEYS, NOW_S, type RenderOptions, renderApp} from '../helpers/ui.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const KEY = {...KEYS, pageDown: '\u001B[6~', pageUp: '\u001B[5~', home: '\u001B[H', end: '\u001B[F'};

/** op_00 .. op_39, op_39 the slowest: the default sort (p95, slowest first) lists them 39 down to 00. */
const OPS = Array.from({length: 40}, (_, i) => `op_${String(i).padStart(2, '0')}`);
const opLines = OPS.map((op, i) => ddcLineText({operation: op, end: NOW_S - 60, duration: 0.01 * (i + 1)}));

async function start(options: RenderOptions & {columns: number; rows: number}): Promise<Harness> {
	const harness = await renderApp({...options, events: [{type: 'metrics-lines', lines: opLines}, ...(options.events ?? [])]});
	h = harness;
	return harness;
}

/** The rows of the table under `header` as shown, first words only. */
function shownRows(frame: string, header: RegExp): string[] {
	const lines = frame.split('\n');
	const top = lines.findIndex((l) => header.test(l));
	const names: string[] = [];
	for (const line of lines.slice(top + 1)) {
		const m = /^(\S+)\s+\S/.exec(line);
		if (!m || m[1] === '…') break;
		names.push(m[1]);
	}
	return names;
}

/** The first word of each line drawn as the cursor's bar (reverse video, or black on cyan with colors). */
function barRows(harness: Harness, columns: number, rows: number, dockerEnabled = false): string[] {
	const {lines} = layoutScreen(harness.store.getSnapshot(), {columns, rows}, {version: '0.0.0-test', dockerEnabled});
	return lines
		.filter((l) => /^\u001B\[(?:7|30|46)[;m]/.test(l) && !/^\u001B\[7mOPERATION|^\u001B\[7mNAME/.test(l))
		.map((l) => stripVTControlCharacters(l).trim().split(/\s+/)[0]!);
}

const opHeader = /^OPERATION /;

test('80x24: ↓/j, PgDn, End, PgUp, Home, k and g move the cursor; the table scrolls and says which rows it shows', async () => {
	h = await start({columns: 80, rows: 24});
	let f = h.frame();
	assert.deepEqual(shownRows(f, opHeader), OPS.slice(23).reverse(), '17 rows fit');
	assert.match(f, /^… 23 more · 1-17 of 40$/m);
	assert.deepEqual(barRows(h, 80, 24), ['op_39'], 'the cursor starts on the first row');
	await h.press(KEY.down, 'j');
	assert.deepEqual(barRows(h, 80, 24), ['op_37']);
	assert.match(h.frame(), /^… 23 more · 1-17 of 40$/m, 'moving inside the view does not scroll it');
	await h.press(KEY.pageDown);
	f = h.frame();
	assert.deepEqual(barRows(h, 80, 24), ['op_20'], 'a page down: 17 rows further');
	assert.match(f, /^… 6 more · 18-34 of 40$/m);
	assert.equal(shownRows(f, opHeader)[0], 'op_22', 'the view moved a page with the cursor');
	await h.press(KEY.end);
	f = h.frame();
	assert.deepEqual(barRows(h, 80, 24), ['op_00']);
	assert.match(f, /^… 23 above · 24-40 of 40$/m);
	assert.equal(shownRows(f, opHeader).at(-1), 'op_00');
	await h.press(KEY.pageUp, 'k');
	assert.deepEqual(barRows(h, 80, 24), ['op_18']);
	await h.press(KEY.home);
	assert.deepEqual(barRows(h, 80, 24), ['op_39']);
	assert.match(h.frame(), /^… 23 more · 1-17 of 40$/m);
	await h.press('G', 'g', KEY.up);
	assert.deepEqual(barRows(h, 80, 24), ['op_39'], 'G, g, then ↑ at the top: still the first row');
	assert.match(h.frame(), /^\? help {2}\/ filter .* q quit$/m, 'the footer keeps help and quit at 80 columns');
});

test('80x24: the selected row keeps its name across a re-sort and a filter, and falls to its place when its name leaves', async () => {
	h = await start({columns: 80, rows: 24});
	await h.press(KEY.down, KEY.down, KEY.down);
	assert.deepEqual(barRows(h, 80, 24), ['op_36']);
	await h.press('r');
	let f = h.frame();
	assert.match(f, /P95▲/);
	assert.deepEqual(barRows(h, 80, 24), ['op_36'], 're-sorted (ascending): the same operation');
	assert.equal(shownRows(f, opHeader).at(-1), 'op_36', 'scrolled just enough to show it');
	assert.match(f, /^… 3 more · 21-37 of 40$/m);
	await h.press('r', '/', 'o', 'p', '_', '3', KEYS.enter);
	f = h.frame();
	assert.deepEqual(shownRows(f, opHeader), OPS.slice(30).reverse());
	assert.deepEqual(barRows(h, 80, 24), ['op_36'], 'the filter kept it');
	await h.press('/', KEYS.backspace, '2', KEYS.enter);
	assert.deepEqual(shownRows(h.frame(), opHeader), OPS.slice(20, 30).reverse());
	assert.deepEqual(barRows(h, 80, 24), ['op_26'], 'its name left: the row now at its place (the fourth)');
	await h.press(KEYS.escape);
	assert.deepEqual(barRows(h, 80, 24), ['op_26'], 'the filter cleared: the row it fell to stays selected');
});

test('120x40 with containers: Tab moves the cursor to the containers table; each table keeps its own', async () => {
	const containers = Array.from(
		{length: 30},
		(_, i) =>
			({type: 'container-sample', sample: containerSample({name: `c${String(i).padStart(2, '0')}`, cpuPercent: i + 1, at: 0})}) as const,
	);
	h = await start({
		columns: 120,
		rows: 40,
		dockerEnabled: true,
		events: [{type: 'docker-status', status: {kind: 'live', endpoint: ''}}, ...containers],
	});
	h.emit({type: 'docker-status', status: {kind: 'live', endpoint: ''}});
	let f = h.frame();
	assert.match(f, /^… \d+ more · 1-\d+ of 40$/m, 'the operations table scrolls');
	assert.match(f, /^… \d+ more · 1-\d+ of 30$/m, 'so does the containers table');
	assert.deepEqual(barRows(h, 120, 40, true), ['op_39'], 'only the focused table draws its cursor');
	await h.press(KEY.down);
	await h.press(KEYS.tab, KEY.down, KEY.down, KEY.end);
	f = h.frame();
	assert.deepEqual(barRows(h, 120, 40, true), ['c00'], 'End: the last container (by CPU, busiest first)');
	assert.match(f, /^… \d+ above · \d+-30 of 30$/m);
	await h.press(KEYS.tab);
	assert.deepEqual(barRows(h, 120, 40, true), ['op_38'], 'back on the operations: their cursor where it was');
});
