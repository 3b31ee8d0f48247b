// The metrics file's state as the operator sees it: honest first seconds (an existing file is opened and
// read with progress, never "waited for"), a status line that keeps the path, notes that expire.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, test} from 'node:test';
import type {TailState} from '../../source/core/samples.js';
import {createMetricsFileSource, type MetricsFileSource} from '../../source/sources/metrics-file.js';
import {createStore, type FileStatus, NOTE_MS, type Snapshot} from '../../source/state/store.js';
import {emptyText, renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {shortenPath, stateText, statusLine} from '../../source/ui/dashboard/status-line.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const plain = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

let source: MetricsFileSource | undefined;
afterEach(async () => {
	await source?.stop();
	source = undefined;
});

const DASH = {columns: 120, rows: 30, version: '0.0.0', dockerEnabled: false};

test('an existing file never reads as "waiting": opening in the first frame, then reading with progress, then following', async () => {
	const dir = tempDir('ddc-top-status-');
	const path = join(dir, 'performance_metrics.jsonl');
	const now = Date.now() / 1000;
	writeFileSync(path, Array.from({length: 4000}, (_, i) => ddcLine({operation: `op${i % 5}`, end: now - i, duration: 0.01})).join(''));
	// Each reading of the clock is 300 ms later: every progress step is past the store's publish spacing.
	let t = Date.now();
	const store = createStore({clock: () => (t += 300), metricsPath: path, dockerEnabled: false});
	const first = store.getSnapshot();
	assert.equal(first.file.state.kind, 'opening');
	const firstFrame = plain(renderDashboard(first, DASH).join('\n'));
	assert.doesNotMatch(firstFrame, /waiting/);
	assert.match(firstFrame, /opening/);

	const published: Snapshot[] = [];
	store.subscribe(() => published.push(store.getSnapshot()));
	source = createMetricsFileSource({path, ticked: true, chunkBytes: 64 * 1024});
	source.start(store.ingest);
	await source.sync();
	// Published by the file's own news, with no refresh tick at all (the next may be 10 s away).
	const kinds = published.map((s) => s.file.state.kind);
	assert.ok(!kinds.includes('waiting'), kinds.join());
	assert.equal(kinds.at(-1), 'following');
	const reading = published.filter((s) => s.file.state.kind === 'reading' && (s.file.state.bytesRead ?? 0) > 0);
	assert.ok(reading.length >= 2, `progress shown while catching up (${reading.length} frames)`);
	const mid = reading[0];
	const line = plain(statusLine(mid.file, mid.now, 140));
	assert.match(line, /reading \d{1,2} % \([\d.]+kB of [\d.]+kB\)/);
	assert.match(line, /\d[\d,]* lines/, 'lines read so far');
	assert.ok(mid.file.linesRead > 0 && mid.file.linesRead < 4000, `part of the lines (${mid.file.linesRead})`);
	assert.equal(published.at(-1)!.file.linesRead, 4000);
});

test('reading progress in words: percent of the size, bytes read of it', () => {
	assert.equal(stateText({kind: 'reading', bytesRead: 12_300_000, size: 27_100_000}), 'reading 45 % (12.3MB of 27.1MB)');
	assert.equal(stateText({kind: 'reading', bytesRead: 0, size: 0}), 'reading');
	assert.equal(stateText({kind: 'reading', bytesRead: 30, size: 20}), 'reading 100 % (30B of 20B)');
	assert.equal(stateText({kind: 'opening'}), 'opening');
	assert.equal(stateText({kind: 'not-regular', what: 'a FIFO (named pipe)'}), 'a FIFO (named pipe), not a regular file: nothing read');
});

const LONG = '/tmp/ddc-top-demo-9f3a7c/srv/discord/data/metrics/performance_metrics.jsonl';
const fileStatus = (over: Partial<FileStatus> = {}): FileStatus => ({
	path: LONG,
	state: {kind: 'following'},
	linesRead: 1234,
	linesRejected: 7,
	lastEndTime: 1_000,
	...over,
});

test('the status line keeps the path after a replace: shortened in the middle, start and file name both shown', () => {
	const at = 1_000_000;
	const file = fileStatus({lastReset: {reason: 'replaced', at}, notice: {text: 'a warning from a library that goes on and on', at}});
	for (const width of [80, 100, 140]) {
		const line = plain(statusLine(file, at, width));
		assert.equal(Array.from(line).length, width);
		const shown = line.split(' · ')[0];
		assert.ok(shown.startsWith('/tmp/'), `the start at ${width}: ${line}`);
		assert.ok(shown.endsWith('/performance_metrics.jsonl'), `the file name at ${width}: ${line}`);
		assert.ok(shown === LONG || shown.includes('…'), `shortened in the middle at ${width}: ${line}`);
		assert.ok(Array.from(shown).length >= '/performance_metrics.jsonl'.length + 9, `file name and some directories at ${width}: ${line}`);
		// The state and the notes are never dropped for counts: the notes are what just happened.
		assert.match(line, / · following · /);
		assert.match(line, / · replaced, re-read · /);
	}
	// With room, everything: the whole path and every note.
	const wide = plain(statusLine(file, at, 260));
	assert.ok(wide.startsWith(`${LONG} · `));
	assert.match(wide, /replaced, re-read/);
	assert.match(wide, /stderr: a warning/);
});

test('shortenPath: whole when it fits, the file name kept whole when there is room, else the middle cut', () => {
	assert.equal(shortenPath('/a/b.jsonl', 20), '/a/b.jsonl');
	const cut = shortenPath('/var/lib/docker/volumes/ddc/_data/metrics/m.jsonl', 30);
	assert.equal(Array.from(cut).length, 30);
	assert.ok(cut.startsWith('/var/lib/') && cut.endsWith('/m.jsonl') && cut.includes('…'), cut);
	const narrow = shortenPath('/srv/performance_metrics.jsonl.and.more', 12);
	assert.equal(Array.from(narrow).length, 12);
	assert.ok(narrow.startsWith('/srv/') && narrow.includes('…'), narrow);
});

test('a short path is shown whole and the notes fit after it', () => {
	const line = plain(statusLine(fileStatus({path: '/m.jsonl', lastReset: {reason: 'rewritten', at: 5}}), 5, 100));
	assert.ok(line.startsWith('/m.jsonl · following · 1234 lines · 7 rejected'), line);
	assert.match(line, /rewritten, re-read/);
});

test('notes ("replaced, re-read", a stderr line) expire after ~10 s by the store clock', () => {
	let now = 1_700_000_000_000;
	const store = createStore({clock: () => now, metricsPath: '/m.jsonl', dockerEnabled: false});
	store.ingest({type: 'metrics-state', state: {kind: 'following'}});
	store.ingest({type: 'metrics-reset', reason: 'replaced'});
	store.ingest({type: 'notice', text: 'something on stderr'});
	now += NOTE_MS - 1000;
	store.publish();
	let snap = store.getSnapshot();
	assert.equal(snap.file.lastReset?.reason, 'replaced');
	assert.match(plain(statusLine(snap.file, snap.now, 200)), /replaced, re-read .*stderr: something on stderr/);
	assert.ok(NOTE_MS >= 8000 && NOTE_MS <= 12_000, `about 10 s (${NOTE_MS})`);
	now += 1500;
	store.publish();
	snap = store.getSnapshot();
	assert.equal(snap.file.lastReset, undefined);
	assert.equal(snap.file.notice, undefined);
	const line = plain(statusLine(snap.file, snap.now, 200));
	assert.doesNotMatch(line, /re-read|stderr/);
	assert.ok(line.startsWith('/m.jsonl · following'));
});

test('a rewrite in place reads "rewritten, re-read"; a FIFO at the path says so in the line and the empty table', () => {
	let now = 1_700_000_000_000;
	const store = createStore({clock: () => now, metricsPath: '/data/m.jsonl', dockerEnabled: false});
	store.ingest({type: 'metrics-reset', reason: 'rewritten'});
	store.ingest({type: 'metrics-state', state: {kind: 'following'}});
	let snap = store.getSnapshot();
	assert.match(plain(statusLine(snap.file, snap.now, 120)), /rewritten, re-read/);
	const fifo: TailState = {kind: 'not-regular', what: 'a FIFO (named pipe)'};
	now += 1000;
	store.ingest({type: 'metrics-state', state: fifo});
	snap = store.getSnapshot();
	assert.deepEqual(snap.file.state, fifo, 'published at once');
	assert.match(plain(statusLine(snap.file, snap.now, 120)), /^\/data\/m\.jsonl · a FIFO \(named pipe\), not a regular file: nothing read/);
	assert.match(emptyText(snap), /\/data\/m\.jsonl is a FIFO \(named pipe\), not a regular file: nothing is read/);
});
