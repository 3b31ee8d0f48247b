import assert from 'node:assert/strict';
import {createHook} from 'node:async_hooks';
import {spawn} from 'node:child_process';
import {appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {MetricsIngest} from '../source/core/ingest.js';
import {createMetricsFileSource, type MetricsFileSource} from '../source/sources/metrics-file.js';
import {ingestWholeFile} from '../source/sources/read-file.js';
import type {SourceEvent, TailState} from '../source/sources/source.js';
import {waitFor} from './helpers/wait-for.js';
import {ddcLine} from './helpers/ddc-lines.js';

const WRITER = fileURLToPath(new URL('./helpers/ddc-writer.mjs', import.meta.url));

let dir: string;
let path: string;
let source: MetricsFileSource | undefined;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'ddc-top-tail-'));
	path = join(dir, 'performance_metrics.jsonl');
});

afterEach(async () => {
	await source?.stop();
	source = undefined;
	rmSync(dir, {recursive: true, force: true});
});

const line = (seq: number, operation = 'op') => ddcLine({operation, end: Date.now() / 1000, duration: 0.01, metadata: {seq}});
const lines = (from: number, count: number, op = 'op') => Array.from({length: count}, (_, i) => line(from + i, op)).join('');

/** The tailer feeding a MetricsIngest the way the store does, recording states and resets. */
function follow() {
	const ingest = new MetricsIngest();
	const states: TailState['kind'][] = [];
	const resets: string[] = [];
	source = createMetricsFileSource({path, checkIntervalMs: 200});
	source.start((e: SourceEvent) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
		else if (e.type === 'metrics-reset') {
			ingest.reset();
			resets.push(e.reason);
		} else if (e.type === 'metrics-state') states.push(e.state.kind);
	});
	return {ingest, states, resets};
}

function runWriter(count: number, rate: number, first = 0): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [WRITER, path, String(count), String(rate), String(first)], {stdio: 'inherit'});
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
	});
}

async function freshCount(): Promise<{read: number; calls: number}> {
	const fresh = new MetricsIngest();
	await ingestWholeFile(path, fresh, Date.now() / 1000);
	return {read: fresh.linesRead, calls: fresh.stats.summaries('all').reduce((s, r) => s + r.calls, 0)};
}

const calls = (ingest: MetricsIngest) => ingest.stats.summaries('all').reduce((s, r) => s + r.calls, 0);

test('reads from byte 0, then follows a writer in another process, counting every line once', async () => {
	writeFileSync(path, lines(0, 500));
	const {ingest, states} = follow();
	await waitFor(() => ingest.linesRead === 500, 5000, 'the first 500 lines');
	await runWriter(400, 800, 500);
	await waitFor(() => ingest.linesRead === 900, 5000, 'all 900 lines');
	assert.equal(calls(ingest), 900);
	assert.equal(ingest.linesRejected, 0);
	assert.ok(states.includes('following'));
});

test('a missing file is waited for, then read when it appears', async () => {
	const {ingest, states} = follow();
	await waitFor(() => states.includes('waiting'), 3000, 'waiting state');
	writeFileSync(path, lines(0, 3));
	await waitFor(() => ingest.linesRead === 3, 5000, 'lines of the new file');
	assert.equal(states.at(-1), 'following');
});

test('a partial last line is held until its newline arrives, then counted once', async () => {
	const full = line(1);
	writeFileSync(path, line(0) + full.slice(0, 40));
	const {ingest} = follow();
	await waitFor(() => ingest.linesRead === 1, 3000, 'the complete line');
	appendFileSync(path, full.slice(40));
	await waitFor(() => ingest.linesRead === 2, 3000, 'the completed line');
	assert.equal(ingest.linesRejected, 0);
});

test('malformed lines are counted and skipped; nothing else is lost', async () => {
	writeFileSync(path, line(0) + 'garbage\n' + '\n' + line(1).replace('"duration": 0.01,', '"duration": NaN,') + line(2));
	const {ingest} = follow();
	await waitFor(() => ingest.linesRead === 4, 3000, 'four lines');
	assert.equal(ingest.linesRejected, 2);
	assert.equal(calls(ingest), 2);
});

test('truncated mid-stream: starts over, numbers equal a fresh ingest', async () => {
	writeFileSync(path, lines(0, 300));
	const {ingest, resets} = follow();
	await waitFor(() => ingest.linesRead === 300, 5000, '300 lines');
	truncateSync(path, 0);
	appendFileSync(path, lines(1000, 7));
	await waitFor(() => resets.includes('truncated') && ingest.linesRead === 7, 5000, 'the re-read after truncation');
	const fresh = await freshCount();
	assert.equal(ingest.linesRead, fresh.read);
	assert.equal(calls(ingest), 7);
});

test('replaced by rename while a writer appends (DDC cleanup): numbers equal a fresh ingest of the new file', async () => {
	writeFileSync(path, lines(0, 2000, 'old'));
	const {ingest, resets} = follow();
	await waitFor(() => ingest.linesRead === 2000, 5000, 'the old file');
	const writer = runWriter(600, 1500, 10_000);
	await waitFor(() => ingest.linesRead > 2100, 5000, 'some writer lines');
	// DDC's cleanup: write the kept lines to a temp file and os.replace() it over the path.
	const tmp = join(dir, 'performance_metrics.tmp');
	writeFileSync(tmp, lines(0, 50, 'kept'));
	renameSync(tmp, path);
	await writer;
	await waitFor(() => resets.includes('replaced'), 5000, 'the replace to be noticed');
	const fresh = await freshCount();
	await waitFor(() => ingest.linesRead === fresh.read, 5000, `a fresh ingest's ${fresh.read} lines`);
	assert.equal(calls(ingest), fresh.calls);
	assert.ok(fresh.read >= 50);
});

test('deleted: keeps the last numbers and says so; recreated: rebuilt from the new file', async () => {
	writeFileSync(path, lines(0, 20));
	const {ingest, states, resets} = follow();
	await waitFor(() => ingest.linesRead === 20, 3000, '20 lines');
	unlinkSync(path);
	await waitFor(() => states.at(-1) === 'deleted', 3000, 'the deleted state');
	assert.equal(ingest.linesRead, 20);
	writeFileSync(path, lines(100, 5));
	await waitFor(() => resets.includes('recreated') && ingest.linesRead === 5, 5000, 'the recreated file');
	assert.equal(states.at(-1), 'following');
});

test('a large file arrives in chunks without losing a line across chunk edges', async () => {
	writeFileSync(path, lines(0, 20_000));
	const ingest = new MetricsIngest();
	source = createMetricsFileSource({path, chunkBytes: 4096});
	source.start((e) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
	});
	await waitFor(() => ingest.linesRead === 20_000, 10_000, '20,000 lines');
	assert.equal(ingest.linesRejected, 0);
});

test('--poll mode follows appends too', async () => {
	writeFileSync(path, lines(0, 2));
	const ingest = new MetricsIngest();
	source = createMetricsFileSource({path, poll: true, checkIntervalMs: 60_000});
	source.start((e) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
	});
	await waitFor(() => ingest.linesRead === 2, 3000, 'the first lines');
	appendFileSync(path, lines(2, 3));
	await waitFor(() => ingest.linesRead === 5, 5000, 'appended lines through polling');
});

test('ticked: no check timer of its own, and tick() reads what was appended', async () => {
	/** Timers created while `start` runs (async_hooks sees unref'd ones too). */
	const timersCreatedBy = (start: () => void): number => {
		let created = 0;
		const hook = createHook({
			init(_id, type) {
				if (type === 'Timeout') created++;
			},
		}).enable();
		try {
			start();
		} finally {
			hook.disable();
		}
		return created;
	};
	writeFileSync(path, lines(0, 3));
	// Control: the self-timed source keeps an interval for its safety check.
	const timed = createMetricsFileSource({path, checkIntervalMs: 60_000});
	assert.equal(timersCreatedBy(() => timed.start(() => {})), 1, 'the self-timed source has its interval');
	await timed.stop();

	const ingest = new MetricsIngest();
	source = createMetricsFileSource({path, ticked: true});
	const created = timersCreatedBy(() =>
		source!.start((e) => {
			if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
		}),
	);
	assert.equal(created, 0, 'no timer of its own');
	await waitFor(() => ingest.linesRead === 3, 3000, 'the first lines');
	appendFileSync(path, lines(3, 2));
	source.tick!();
	await source.sync();
	assert.equal(ingest.linesRead, 5, 'read by the tick');
});

test('ticked with inotify: one watcher event, then the ticks follow the file until one finds it idle', async () => {
	writeFileSync(path, lines(0, 3));
	const ingest = new MetricsIngest();
	source = createMetricsFileSource({path, ticked: true});
	source.start((e) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
	});
	await waitFor(() => ingest.linesRead === 3, 3000, 'the first lines');
	assert.equal(source.watchPaused, false, 'watching before any event');

	appendFileSync(path, lines(3, 1));
	await waitFor(() => ingest.linesRead === 4 && source!.watchPaused, 5000, 'the line read on the watcher event, then the watch paused');
	// A burst from another process while paused: no event reaches us and nothing else reads (no timer).
	await runWriter(200, 2000, 4);
	await source.sync();
	assert.equal(ingest.linesRead, 204, 'a direct sync still reads everything');
	appendFileSync(path, lines(204, 5));
	assert.equal(source.watchPaused, true, 'still paused: only a tick that finds the file idle watches again');

	// Busy file: each tick reads what came since the last one and the watch stays off.
	source.tick!();
	await source.sync();
	assert.equal(ingest.linesRead, 209, 'the tick read what came while paused');
	assert.equal(source.watchPaused, true, 'the file grew since the last tick: still followed by the ticks alone');
	appendFileSync(path, lines(209, 2));
	source.tick!();
	await source.sync();
	assert.equal(ingest.linesRead, 211, 'the next tick read the next lines');
	assert.equal(source.watchPaused, true);

	// Idle file: the tick finds nothing and watches again.
	source.tick!();
	await source.sync();
	assert.equal(source.watchPaused, false, 'a tick that found nothing new watches again');
	assert.equal(calls(ingest), 211);

	// The watch is back once chokidar's own stat returns: write until a line is read without a tick.
	let written = 211;
	await waitFor(
		() => {
			if (ingest.linesRead > 211 && source!.watchPaused) return true;
			appendFileSync(path, lines(written++, 1));
			return false;
		},
		5000,
		'a write seen by the watcher again',
	);
	source.tick!();
	await source.sync();
	assert.equal(ingest.linesRead, written, 'every line once');
	assert.equal(calls(ingest), written);
});

test('--poll with ticks: the watcher is never paused', async () => {
	writeFileSync(path, lines(0, 1));
	const ingest = new MetricsIngest();
	source = createMetricsFileSource({path, ticked: true, poll: true});
	source.start((e) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
	});
	await waitFor(() => ingest.linesRead === 1, 3000, 'the first line');
	appendFileSync(path, lines(1, 2));
	await waitFor(() => ingest.linesRead === 3, 5000, 'appended lines through polling, without a tick');
	assert.equal(source.watchPaused, false);
});
