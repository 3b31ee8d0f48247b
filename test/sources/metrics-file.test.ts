import assert from 'node:assert/strict';
import {createHook} from 'node:async_hooks';
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {
	appendFileSync,
	mkdtempSync,
	renameSync,
	rmSync,
	statSync,
	symlinkSync,
	truncateSync,
	unlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {createRequire, syncBuiltinESMExports} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {MetricsIngest} from '../../source/core/ingest.js';
import type {TailState} from '../../source/core/samples.js';
import {createMetricsFileSource, type MetricsFileSource} from '../../source/sources/metrics-file.js';
import {ingestWholeFile} from '../../source/sources/read-file.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {waitFor} from '../helpers/wait-for.js';

const WRITER = fileURLToPath(new URL('../helpers/ddc-writer.mjs', import.meta.url));

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
function follow(options: {poll?: boolean; ticked?: boolean; chunkBytes?: number} = {}) {
	const ingest = new MetricsIngest();
	const states: TailState['kind'][] = [];
	const full: TailState[] = [];
	const resets: string[] = [];
	source = createMetricsFileSource({path, checkIntervalMs: 200, ...options});
	source.start((e: SourceEvent) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
		else if (e.type === 'metrics-reset') {
			ingest.reset();
			resets.push(e.reason);
		} else if (e.type === 'metrics-state') {
			states.push(e.state.kind);
			full.push(e.state);
		}
	});
	return {ingest, states, full, resets};
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
	writeFileSync(path, `${line(0)}garbage\n\n${line(1).replace('"duration": 0.01,', '"duration": NaN,')}${line(2)}`);
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
	assert.equal(
		timersCreatedBy(() => timed.start(() => {})),
		1,
		'the self-timed source has its interval',
	);
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

// A rewrite in place: `cp new.jsonl m.jsonl` truncates the same inode and writes the new content, which may
// leave the file larger than what was read so far, so neither the inode nor the size tells it from appends.

test('rewritten in place and larger (same inode): detected, numbers equal a fresh start', async () => {
	writeFileSync(path, lines(0, 300, 'old'));
	const inodeBefore = statSync(path).ino;
	const {ingest, resets, full} = follow({ticked: true});
	await source!.sync();
	assert.equal(ingest.linesRead, 300);
	// Opened with O_TRUNC: the same inode, rewritten with 400 other lines.
	writeFileSync(path, lines(1000, 400, 'new'));
	assert.equal(statSync(path).ino, inodeBefore, 'the same inode');
	await source!.sync();
	assert.deepEqual(resets, ['rewritten']);
	assert.equal(ingest.linesRead, 400);
	assert.equal(ingest.linesRejected, 0);
	assert.equal(calls(ingest), 400);
	assert.deepEqual(
		ingest.stats.summaries('all').map((r) => r.operation),
		['new'],
	);
	assert.equal(full.at(-1)?.kind, 'following');
	assert.ok(
		full.some((st) => st.kind === 'reading' && st.bytesRead === 0),
		'read again from byte 0',
	);
});

test('rewritten in place at the same size: the changed mtime has the first bytes compared', async () => {
	// A fixed end_time: both files have exactly the same length, only the names differ.
	const body = (operation: string) =>
		Array.from({length: 50}, (_, i) => ddcLine({operation, end: 1_750_000_000.5, duration: 0.01, metadata: {seq: 100 + i}})).join('');
	writeFileSync(path, body('aaa'));
	const {ingest, resets} = follow({ticked: true});
	await source!.sync();
	const before = statSync(path);
	writeFileSync(path, body('bbb'));
	assert.equal(statSync(path).size, before.size, 'same size');
	// The kernel stamps mtime with a coarse clock: set it apart so the test does not depend on timing.
	utimesSync(path, before.atime, new Date(before.mtimeMs + 5000));
	await source!.sync();
	assert.deepEqual(resets, ['rewritten']);
	assert.deepEqual(
		ingest.stats.summaries('all').map((r) => [r.operation, r.calls]),
		[['bbb', 50]],
	);
});

test('appends alone never look like a rewrite (the first bytes are compared as they grow)', async () => {
	// Smaller than the remembered 4 KiB at first, so the remembered start grows with the appends.
	writeFileSync(path, lines(0, 2));
	const {ingest, resets} = follow({ticked: true});
	await source!.sync();
	for (let i = 2; i < 60; i += 3) {
		appendFileSync(path, lines(i, 3));
		await source!.sync();
	}
	assert.deepEqual(resets, []);
	assert.equal(ingest.linesRead, 62);
	assert.equal(calls(ingest), 62);
});

for (const poll of [false, true]) {
	const mode = poll ? '--poll' : 'inotify';
	test(`${mode}: \`cp\` from another process rewrites a followed file while a writer appends; numbers equal a fresh start`, async () => {
		writeFileSync(path, lines(0, 300, 'old'));
		const replacement = join(dir, 'new400.jsonl');
		writeFileSync(replacement, lines(5000, 400, 'new'));
		const inodeBefore = statSync(path).ino;
		const {ingest, resets, states} = follow({poll});
		await waitFor(() => ingest.linesRead === 300, 5000, 'the first 300 lines');
		const writer = runWriter(150, 1000, 10_000);
		await waitFor(() => ingest.linesRead > 320, 5000, 'some writer lines');
		// A real `cp` in its own process: open with O_TRUNC, write, close; the inode stays.
		execFileSync('cp', [replacement, path]);
		await writer;
		assert.equal(statSync(path).ino, inodeBefore, 'rewritten in place, not replaced');
		const fresh = await freshCount();
		await waitFor(() => ingest.linesRead === fresh.read && calls(ingest) === fresh.calls, 8000, `a fresh start's ${fresh.read} lines`);
		assert.equal(ingest.linesRejected, 0);
		assert.ok(fresh.read >= 400);
		// Usually seen as the rewrite; if a check fell between the truncation and cp's write, as a truncation.
		assert.ok(resets.includes('rewritten') || resets.includes('truncated'), `resets: ${resets.join(', ')}`);
		assert.ok(!resets.includes('replaced'));
		assert.equal(states.at(-1), 'following');
	});

	test(`${mode}: \`cp\` of a larger file over a quiet followed file gives 400 / 0 / 400 and says "rewritten"`, async () => {
		writeFileSync(path, lines(0, 300, 'old'));
		const replacement = join(dir, 'new400.jsonl');
		writeFileSync(replacement, lines(5000, 400, 'new'));
		const {ingest, resets} = follow({poll});
		await waitFor(() => ingest.linesRead === 300, 5000, 'the first 300 lines');
		const r = spawnSync('cp', [replacement, path]);
		assert.equal(r.status, 0);
		await waitFor(() => resets.length > 0 && ingest.linesRead === 400, 8000, 'the re-read of the rewritten file');
		assert.equal(ingest.linesRejected, 0);
		assert.equal(calls(ingest), 400);
		assert.ok(resets.includes('rewritten') || resets.includes('truncated'), `resets: ${resets.join(', ')}`);
	});
}

// A rewrite that keeps far more than the first 4 KiB: the new file starts with the same 250 lines (about
// 45 KB) as the old one, then differs, and ends larger. Only the bytes just before the offset tell it.

/** Old: 250 shared lines, then 50 of its own. New: the same 250 lines, then 150 others, larger. */
function sharedStartFiles() {
	const shared = lines(0, 250, 'op');
	const oldBody = shared + lines(250, 50, 'old');
	const newBody = shared + lines(250, 150, 'zz');
	assert.ok(Buffer.byteLength(shared) > 8 * 4096, 'the shared start is far more than the first 4 KiB');
	assert.ok(Buffer.byteLength(newBody) > Buffer.byteLength(oldBody), 'the new file is larger');
	return {oldBody, newBody};
}

const byOperation = (ingest: MetricsIngest) => Object.fromEntries(ingest.stats.summaries('all').map((r) => [r.operation, r.calls]));

test('rewritten in place with the same first 250 lines, then other lines, larger: detected, equal to a fresh start', async () => {
	const {oldBody, newBody} = sharedStartFiles();
	writeFileSync(path, oldBody);
	const inodeBefore = statSync(path).ino;
	const {ingest, resets, full} = follow({ticked: true});
	await source!.sync();
	assert.equal(ingest.linesRead, 300);
	writeFileSync(path, newBody);
	assert.equal(statSync(path).ino, inodeBefore, 'the same inode');
	await source!.sync();
	assert.deepEqual(resets, ['rewritten']);
	assert.deepEqual(byOperation(ingest), {op: 250, zz: 150});
	assert.equal(ingest.linesRead, 400);
	assert.equal(ingest.linesRejected, 0);
	assert.ok(
		full.some((st) => st.kind === 'reading' && st.bytesRead === 0),
		'read again from byte 0',
	);
	assert.equal(full.at(-1)?.kind, 'following');
});

for (const poll of [false, true]) {
	const mode = poll ? '--poll' : 'inotify';
	test(`${mode}: \`cp\` of a file sharing the first 250 lines, then larger, gives op 250 + zz 150 as a fresh start`, async () => {
		const {oldBody, newBody} = sharedStartFiles();
		writeFileSync(path, oldBody);
		const replacement = join(dir, 'new.jsonl');
		writeFileSync(replacement, newBody);
		const inodeBefore = statSync(path).ino;
		const {ingest, resets, states} = follow({poll});
		await waitFor(() => ingest.linesRead === 300 && states.at(-1) === 'following', 5000, 'the first 300 lines');
		execFileSync('cp', [replacement, path]);
		assert.equal(statSync(path).ino, inodeBefore, 'rewritten in place, not replaced');
		await waitFor(() => resets.length > 0 && ingest.linesRead === 400, 8000, 'the re-read of the rewritten file');
		const fresh = new MetricsIngest();
		await ingestWholeFile(path, fresh, Date.now() / 1000);
		assert.deepEqual(byOperation(fresh), {op: 250, zz: 150});
		assert.deepEqual(byOperation(ingest), byOperation(fresh));
		assert.equal(ingest.linesRejected, 0);
		assert.deepEqual(resets, ['rewritten']);
		assert.equal(states.at(-1), 'following');
	});
}

for (const poll of [false, true]) {
	test(`${poll ? '--poll' : 'inotify'}: appends read in chunks smaller than the remembered end never look like a rewrite`, async () => {
		// 1000-byte chunks: the remembered 4 KiB before the offset is pieced together from several reads.
		let body = lines(0, 100);
		writeFileSync(path, body);
		const {ingest, resets} = follow({ticked: true, poll, chunkBytes: 1000});
		await source!.sync();
		for (let i = 100; i < 160; i += 7) {
			const more = lines(i, 7);
			appendFileSync(path, more);
			body += more;
			await source!.sync();
		}
		assert.deepEqual(resets, []);
		assert.equal(ingest.linesRead, 163);
		assert.equal(calls(ingest), 163);
		assert.equal(ingest.linesRejected, 0);
		// ...and still tells a rewrite whose only change is in the last line read, then larger.
		const lastLine = body.lastIndexOf('"op"');
		writeFileSync(path, `${body.slice(0, lastLine)}"xx"${body.slice(lastLine + 4)}${line(999)}`);
		await source!.sync();
		assert.deepEqual(resets, ['rewritten']);
		assert.equal(ingest.linesRead, 164);
		assert.deepEqual(byOperation(ingest), {op: 163, xx: 1});
	});
}

test(
	'the end check costs no read of its own:' + ' an append to a followed local file is one read of the start and one of the new bytes',
	async () => {
		// Counts the synchronous reads (a followed local file is read synchronously). The named import in
		// metrics-file.ts sees the patched function once the built-in module's exports are synced.
		const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
		const original = fs.readSync;
		let reads = 0;
		const count = ((...args: Parameters<typeof original>) => {
			reads++;
			return original(...args);
		}) as typeof original;
		const appendAndCount = async (seq: number) => {
			appendFileSync(path, line(seq));
			reads = 0;
			fs.readSync = count;
			syncBuiltinESMExports();
			try {
				await source!.sync();
			} finally {
				fs.readSync = original;
				syncBuiltinESMExports();
			}
			return reads;
		};

		writeFileSync(path, lines(0, 100));
		const {ingest, resets, states} = follow({ticked: true});
		await source!.sync();
		assert.equal(states.at(-1), 'following');
		assert.equal(await appendAndCount(100), 2, 'larger than 4 KiB: the start, then the 4 KiB before the offset with the new bytes');
		assert.equal(await appendAndCount(101), 2);
		assert.equal(ingest.linesRead, 102);

		writeFileSync(path, lines(0, 3));
		await source!.sync();
		assert.deepEqual(resets, ['truncated']);
		assert.equal(await appendAndCount(3), 1, 'within the first 4 KiB: the start is the end, read with the new bytes');
		assert.equal(ingest.linesRead, 4);
		assert.equal(calls(ingest), 4);
	},
);

// Only regular files are read: opening a FIFO would wait for a writer and /dev/zero never ends.

test('a FIFO at the path: the state says so, nothing is read, and a check returns at once', async () => {
	execFileSync('mkfifo', [path]);
	const {ingest, full} = follow({ticked: true});
	await source!.sync();
	assert.deepEqual(full.at(-1), {kind: 'not-regular', what: 'a FIFO (named pipe)'});
	assert.equal(ingest.linesRead, 0);
	assert.ok(!full.some((st) => st.kind === 'reading'), 'never reading');
});

test('a link to /dev/zero: a character device, not read (memory stays put)', async () => {
	symlinkSync('/dev/zero', path);
	const rssBefore = process.memoryUsage().rss;
	const {ingest, full} = follow({ticked: true});
	await source!.sync();
	source!.tick!();
	await source!.sync();
	assert.deepEqual(full.at(-1), {kind: 'not-regular', what: 'a character device'});
	assert.equal(ingest.linesRead, 0);
	assert.ok(process.memoryUsage().rss - rssBefore < 64 * 1024 * 1024, 'no growth from reading the device');
});

test('the followed file becomes a FIFO: said so, the numbers kept, nothing read; a regular file again is read afresh', async () => {
	writeFileSync(path, lines(0, 20));
	const {ingest, full, resets} = follow({ticked: true});
	await source!.sync();
	assert.equal(ingest.linesRead, 20);
	unlinkSync(path);
	execFileSync('mkfifo', [path]);
	source!.tick!();
	await source!.sync();
	assert.deepEqual(full.at(-1), {kind: 'not-regular', what: 'a FIFO (named pipe)'});
	assert.equal(ingest.linesRead, 20, 'the last numbers stay');
	unlinkSync(path);
	writeFileSync(path, lines(100, 5));
	source!.tick!();
	await source!.sync();
	assert.deepEqual(resets, ['recreated']);
	assert.equal(ingest.linesRead, 5);
	assert.equal(full.at(-1)?.kind, 'following');
});

test('catching up reports its progress: bytes read of the size, from 0 to all of it', async () => {
	writeFileSync(path, lines(0, 3000));
	const size = statSync(path).size;
	const ingest = new MetricsIngest();
	const progress: Array<{bytesRead?: number; size?: number}> = [];
	const kinds: string[] = [];
	source = createMetricsFileSource({path, chunkBytes: 64 * 1024, ticked: true});
	source.start((e) => {
		if (e.type === 'metrics-bytes') ingest.ingestBytes(e.chunk, Date.now() / 1000);
		if (e.type === 'metrics-state') {
			kinds.push(e.state.kind);
			if (e.state.kind === 'reading') progress.push({bytesRead: e.state.bytesRead, size: e.state.size});
		}
	});
	await source.sync();
	assert.equal(kinds[0], 'reading', 'an existing file is read from the first look, never waited for');
	assert.ok(!kinds.includes('waiting'));
	assert.deepEqual(progress[0], {bytesRead: 0, size});
	assert.deepEqual(progress.at(-1), {bytesRead: size, size});
	assert.ok(progress.length >= Math.ceil(size / (64 * 1024)), `a step per chunk (${progress.length})`);
	assert.equal(kinds.at(-1), 'following');
	assert.equal(ingest.linesRead, 3000);
});
