import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, test} from 'node:test';
import type {Key} from 'ink';
import type {Config} from '../../source/config.js';
import {defaultExportName} from '../../source/effects/write-export.js';
import {createMenu} from '../../source/menu-effects.js';
import {createStore} from '../../source/state/store.js';
import {menuKey} from '../../source/ui/menu/menu-model.js';
import {NO_KEY} from '../../source/ui/split-input.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {type Harness, KEYS, NOW_MS, NOW_S, renderApp} from '../helpers/ui.js';

let dir: string;
let file: string;
let h: Harness | undefined;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'ddc-top-menu-'));
	file = join(dir, 'performance_metrics.jsonl');
	const old = Array.from({length: 5}, () => ddcLine({operation: 'old_op', end: NOW_S - 40 * 86_400, duration: 0.2}));
	const recent = [
		ddcLine({operation: 'config_load', end: NOW_S - 60, duration: 0.05}),
		ddcLine({operation: 'docker_start', end: NOW_S - 30, duration: 1.5, success: false, metadata: {error: 'boom', token: 's3cret'}}),
	];
	writeFileSync(file, [...old, ...recent].join(''));
});

afterEach(() => {
	h?.unmount();
	h = undefined;
	rmSync(dir, {recursive: true, force: true});
});

async function start() {
	const clock = () => NOW_MS;
	const store = createStore({clock, metricsPath: file, dockerEnabled: false});
	store.ingest({type: 'metrics-lines', lines: readFileSync(file, 'utf8').trim().split('\n')});
	const config = {metricsPath: file, docker: false} as Config;
	const menu = createMenu({store, config, clock, cwd: dir, version: '9.9.9'});
	h = await renderApp({store, menu});
	return h;
}

/** The frame without spaces and the menu's border, so wrapped text reads as one run. */
const squash = (frame: string) => frame.replace(/[│\s]+/g, '');

const exports = () => readdirSync(dir).filter((f) => f.startsWith('ddc-top-snapshot-'));

test('m opens the menu over the live table; Esc closes it', async () => {
	const h = await start();
	await h.press('m');
	const f = h.frame();
	assert.match(f, /Menu/);
	for (const item of ['Clean up old metrics', 'Export snapshot', 'Cancel']) assert.ok(f.includes(item), item);
	assert.match(f, /OPERATION/, 'the table is still drawn around the menu');
	await h.press(KEYS.escape);
	assert.doesNotMatch(h.frame(), /Clean up old metrics/);
	await h.press('m', 'j', 'j', KEYS.enter);
	assert.doesNotMatch(h.frame(), /Menu/, 'Cancel closes');
});

test('export: Esc backs out of each step; Enter writes the current window and filter, 0600, path shown', async () => {
	const h = await start();
	await h.press('/', ...'config', KEYS.enter);
	await h.press('m', 'j', KEYS.enter);
	assert.match(h.frame(), /JSON/);
	assert.match(h.frame(), /Markdown/);
	await h.press(KEYS.escape);
	assert.match(h.frame(), /Clean up old metrics/, 'Esc goes back to the menu');
	await h.press(KEYS.enter);
	await h.press(KEYS.enter);
	const f = await h.waitForFrame((x) => x.includes('Exported to'), 'the export to finish');
	const [name] = exports();
	assert.match(name, /^ddc-top-snapshot-\d{8}-\d{6}\.json$/);
	assert.ok(f.includes(name), 'the path written is shown');
	const doc = JSON.parse(readFileSync(join(dir, name), 'utf8'));
	assert.deepEqual(Object.keys(doc.statistics), ['config_load']);
	assert.equal(doc.operation_filter, 'config');
	assert.equal(doc.ddc_top.window, '24h');
	assert.equal(doc.ddc_top.version, '9.9.9');
	assert.equal(typeof doc.ddc_top.operations.config_load.histogram, 'string');
	assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600);
	await h.press(KEYS.enter);
	assert.doesNotMatch(h.frame(), /Exported to/);
});

test('export to an existing name asks before overwriting; n backs out, y overwrites', async () => {
	const h = await start();
	await h.press('m', 'j', KEYS.enter, 'j', 'j', KEYS.enter);
	await h.waitForFrame((x) => x.includes('Exported to'), 'the first markdown export');
	const [name] = exports();
	assert.match(name, /\.md$/);
	writeFileSync(join(dir, name), 'mine');
	await h.press(KEYS.enter, 'm', 'j', KEYS.enter, 'j', 'j', KEYS.enter);
	await h.waitForFrame((x) => x.includes('already exists'), 'the overwrite question');
	await h.press('n');
	assert.match(h.frame(), /Markdown/, 'back to the format step');
	assert.equal(readFileSync(join(dir, name), 'utf8'), 'mine');
	await h.press(KEYS.enter);
	await h.waitForFrame((x) => x.includes('already exists'), 'the question again');
	await h.press('y');
	await h.waitForFrame((x) => x.includes('Exported to'), 'the overwrite');
	assert.match(readFileSync(join(dir, name), 'utf8'), /\| config_load/);
});

test('cleanup: days, preview before anything changes, explicit y, backup, summary; Esc at each step', async () => {
	const h = await start();
	const before = readFileSync(file, 'utf8');
	await h.press('m', KEYS.enter);
	assert.match(h.frame(), /Days to keep: 30/);
	await h.press(KEYS.escape);
	assert.match(h.frame(), /› Clean up old metrics/, 'Esc from days goes back to the menu');
	await h.press(KEYS.enter, KEYS.backspace, KEYS.backspace, 'x');
	assert.match(h.frame(), /"x" is not allowed: type a number of days, like 30 or 0\.5/, 'refused with the reason');
	assert.match(h.frame(), /Days to keep: ▏/, 'the refused character is not in the draft');
	await h.press('0', '.', '5');
	assert.match(h.frame(), /Days to keep: 0\.5▏/, 'a fraction is typed as on the command line');
	assert.doesNotMatch(h.frame(), /is not allowed/, 'a good key clears the message');
	await h.press('.', KEYS.enter);
	assert.match(squash(h.frame()), /daystokeepmustbeanumberofdays,0ormore,like30or0\.5\(got"0\.5\."\)/, "the command line's words");
	await h.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, '7', KEYS.enter);
	let f = await h.waitForFrame((x) => x.includes('Remove:'), 'the preview');
	assert.match(f, /keep 7 days/);
	assert.match(f, /Remove:\s+5 lines older than the cutoff/);
	assert.match(f, /Keep:\s+2 lines/);
	assert.equal(readFileSync(file, 'utf8'), before, 'the preview changes nothing');
	await h.press(KEYS.escape);
	assert.match(h.frame(), /Days to keep: 7/, 'Esc from the preview goes back to the days');
	await h.press(KEYS.enter);
	await h.waitForFrame((x) => x.includes('Remove:'), 'the preview again');
	await h.press(KEYS.enter);
	assert.match(h.frame(), /Remove:/, 'Enter alone does not confirm');
	await h.press('y');
	f = await h.waitForFrame((x) => x.includes('Removed'), 'the cleanup summary');
	assert.match(f, /Removed 5 lines, kept 2/);
	assert.match(
		f.replace(/[│\s]+/g, ''),
		/Backup:.*performance_metrics\.jsonl\.bak-\d{8}-\d{6}/,
		'the backup path is shown whole (wrapped)',
	);
	const after = readFileSync(file, 'utf8').trim().split('\n');
	assert.equal(after.length, 2);
	assert.ok(after.every((l) => !l.includes('old_op')));
	const backup = readdirSync(dir).find((n) => n.includes('.bak-'));
	assert.ok(backup && existsSync(join(dir, backup)));
	assert.equal(readFileSync(join(dir, backup), 'utf8'), before, 'the backup holds the original');
	await h.press(KEYS.escape);
	assert.doesNotMatch(h.frame(), /Removed/);
});

test('cleanup with nothing to remove leaves the file alone: no rewrite, no backup, nothing to confirm', async () => {
	const h = await start();
	const before = statSync(file);
	const text = readFileSync(file, 'utf8');
	await h.press('m', KEYS.enter, KEYS.backspace, KEYS.backspace, '4', '5', KEYS.enter);
	const f = await h.waitForFrame((x) => x.includes('Nothing to remove'), 'the answer');
	assert.match(squash(f), /Nothingtoremove:nolineendedmorethan45daysago\.Thefilewasleftasitis\./);
	assert.doesNotMatch(f, /y clean up/, 'nothing to confirm');
	await h.press('y');
	const after = statSync(file);
	assert.deepEqual([after.ino, after.mtimeMs, after.nlink], [before.ino, before.mtimeMs, 1], 'not rewritten, no backup link');
	assert.equal(readFileSync(file, 'utf8'), text);
	assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl']);
});

test('cleanup with nothing to remove still removes and names what an interrupted cleanup left, a stale lock included', async () => {
	const tmp = '.performance_metrics.jsonl.ddc-top-tmp-4242';
	const lock = '.performance_metrics.jsonl.ddc-top-lock';
	writeFileSync(join(dir, tmp), 'half');
	// An empty lock not touched for an hour: no run holds it.
	writeFileSync(join(dir, lock), '');
	const then = new Date(NOW_MS - 3_600_000);
	utimesSync(join(dir, lock), then, then);
	const before = statSync(file);
	const h = await start();
	await h.press('m', KEYS.enter, KEYS.backspace, KEYS.backspace, '4', '5', KEYS.enter);
	const f = await h.waitForFrame((x) => x.includes('Nothing to remove'), 'the answer');
	assert.ok(squash(f).includes(`Removedwhataninterruptedcleanupleft:${lock},${tmp}.`), f);
	assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl']);
	const after = statSync(file);
	assert.deepEqual([after.ino, after.mtimeMs, after.nlink], [before.ino, before.mtimeMs, 1], 'the file is not rewritten');
});

test('the menu preview says 0 days removes every line and writes "1 day"', async () => {
	const h = await start();
	await h.press('m', KEYS.enter, KEYS.backspace, KEYS.backspace, '0', KEYS.enter);
	let f = await h.waitForFrame((x) => x.includes('Remove:'), 'the preview for 0 days');
	assert.match(f, /keep 0 days/);
	assert.match(squash(f), /everylineisremoved/);
	assert.match(f, /Remove:\s+7 lines/);
	await h.press(KEYS.escape, KEYS.backspace, '1', KEYS.enter);
	f = await h.waitForFrame((x) => x.includes('Remove:'), 'the preview for 1 day');
	assert.match(f, /keep 1 day\b/);
	assert.doesNotMatch(f, /1 days/);
});

test("menu export follows the command line's rules: a FIFO at the name is refused, never offered for overwrite", async () => {
	const h = await start();
	const target = join(dir, defaultExportName('json', new Date(NOW_MS)));
	execFileSync('mkfifo', [target]);
	await h.press('m', 'j', KEYS.enter, KEYS.enter);
	const f = await h.waitForFrame((x) => x.includes('Failed'), 'the refusal');
	assert.match(squash(f), /isaFIFO\(namedpipe\);exportwritesonlyaneworregularfile/);
	assert.match(f, /Nothing was written/);
	assert.doesNotMatch(f, /Overwrite/);
	assert.ok(lstatSync(target).isFIFO(), 'the FIFO is still there');
});

test('menu export refuses a symbolic link or a directory at the default name, and leaves them as they were', async () => {
	const target = join(dir, defaultExportName('json', new Date(NOW_MS)));
	const elsewhere = mkdtempSync(join(tmpdir(), 'ddc-top-menu-link-'));
	try {
		const victim = join(elsewhere, 'precious.txt');
		writeFileSync(victim, 'keep me');
		symlinkSync(victim, target);
		const h = await start();
		await h.press('m', 'j', KEYS.enter, KEYS.enter);
		let f = await h.waitForFrame((x) => x.includes('Failed'), 'the refusal of the link');
		assert.match(squash(f), /isasymboliclink;exportwritesonlyaneworregularfile/);
		assert.match(f, /Nothing was written/);
		assert.doesNotMatch(f, /Overwrite/, 'never offered for overwrite');
		assert.ok(lstatSync(target).isSymbolicLink(), 'the link is still a link');
		assert.equal(readFileSync(victim, 'utf8'), 'keep me', 'what it points to is untouched');

		rmSync(target);
		mkdirSync(target);
		writeFileSync(join(target, 'inside'), 'x');
		await h.press(KEYS.enter, 'm', 'j', KEYS.enter, KEYS.enter);
		f = await h.waitForFrame((x) => x.includes('Failed') && squash(x).includes('isadirectory'), 'the refusal of the directory');
		assert.match(squash(f), /isadirectory;exportwritesonlyaneworregularfile/);
		assert.doesNotMatch(f, /Overwrite/);
		assert.deepEqual(readdirSync(target), ['inside'], 'the directory is untouched');
		assert.deepEqual(
			readdirSync(dir).filter((n) => n.includes('ddc-top-tmp')),
			[],
			'no temp file left',
		);
	} finally {
		rmSync(elsewhere, {recursive: true, force: true});
	}
});

test('menu steps are pure: every step has a way back', () => {
	const key = (over: Partial<Key> = {}): Key => ({...NO_KEY, ...over});
	const esc = key({escape: true});
	assert.equal(menuKey({step: 'choose', index: 0}, '', esc).next, 'close');
	assert.deepEqual(menuKey({step: 'cleanup-days', draft: '30'}, '', esc).next, {step: 'choose', index: 0});
	assert.deepEqual(menuKey({step: 'export-format', index: 2}, '', esc).next, {step: 'choose', index: 1});
	assert.deepEqual(menuKey({step: 'export-overwrite', format: 'csv', path: '/x'}, '', esc).next, {step: 'export-format', index: 1});
	assert.equal(menuKey({step: 'done', ok: true, lines: []}, '', esc).next, 'close');
	assert.deepEqual(menuKey({step: 'choose', index: 0}, 'k', key()).next, {step: 'choose', index: 2}, 'k wraps upwards');
	const preview = {path: '', cutoff: 0, remove: 1, keep: 0, invalid: 0, sizeBefore: 0, sizeAfter: 0};
	assert.deepEqual(menuKey({step: 'cleanup-preview', days: 3, preview}, 'y', key()).effect, {kind: 'run-cleanup', days: 3});
	assert.equal(
		menuKey({step: 'cleanup-preview', days: 3, preview: {...preview, remove: 0}}, 'y', key()).effect,
		undefined,
		'nothing to remove: y runs nothing',
	);
	assert.deepEqual(menuKey({step: 'cleanup-days', draft: '0.'}, '5', key()).next, {step: 'cleanup-days', draft: '0.5'});
	assert.deepEqual(menuKey({step: 'cleanup-days', draft: '0'}, '', key({return: true})).effect, {kind: 'plan-cleanup', days: 0});
});
