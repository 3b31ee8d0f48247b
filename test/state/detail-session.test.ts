// The live view's operation detail is built on demand (issue #14 §2): when it opens, the stream's past is
// read again (here a fake history released chunk by chunk), bytes arriving meanwhile wait and follow it,
// so every line counts once in file order; a reset starts it over; closing it stops the read.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import type {DetailHistory} from '../../source/core/detail/detail-history.js';
import {createStore} from '../../source/state/store.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {waitFor} from '../helpers/wait-for.js';

const NOW = 1_763_000_000;
const line = (i: number, op = 'op_a', success = true) =>
	ddcLine({operation: op, end: NOW - 100 + i, duration: 0.01 * (i + 1), success, metadata: success ? {} : {error: `e${i % 2}`}});

/** A history whose chunks come out only when the test releases them. */
function gatedHistory(file: () => Buffer, chunkBytes: number) {
	const gates: Array<() => void> = [];
	let reads = 0;
	const history: DetailHistory = {
		async read(upTo, onChunk, signal) {
			reads++;
			for (let at = 0; at < upTo(); at += chunkBytes) {
				await new Promise<void>((resolve) => gates.push(resolve));
				if (signal.aborted) return;
				onChunk(file().subarray(at, Math.min(at + chunkBytes, upTo())));
			}
		},
	};
	return {
		history,
		reads: () => reads,
		async release(n = 1) {
			for (let i = 0; i < n; i++) {
				await waitFor(() => gates.length > 0, 2000, 'a chunk waiting');
				gates.shift()!();
			}
		},
	};
}

function setup(lines: string[], chunkBytes: number) {
	let file = Buffer.from(lines.join(''));
	const gated = gatedHistory(() => file, chunkBytes);
	const store = createStore({clock: () => NOW * 1000, metricsPath: '/x', dockerEnabled: true, detailHistory: gated.history});
	// The live tail hands the file on in pieces cut anywhere, as reads do.
	const append = (bytes: Buffer) => {
		file = Buffer.concat([file, bytes]);
		for (let at = 0; at < bytes.length; at += 37) store.ingest({type: 'metrics-bytes', chunk: bytes.subarray(at, at + 37)});
	};
	const start = file;
	file = Buffer.alloc(0);
	append(start);
	store.publish();
	const reset = () => {
		file = Buffer.alloc(0);
		store.ingest({type: 'metrics-reset', reason: 'truncated'});
	};
	return {store, gated, append, reset};
}

test('the past is read in chunks with progress; the read follows bytes arriving meanwhile, each line once', async () => {
	const past = Array.from({length: 40}, (_, i) => line(i, i % 4 === 0 ? 'op_b' : 'op_a', i % 5 !== 0));
	const {store, gated, append} = setup(past, 1000);
	const total = Buffer.byteLength(past.join(''));
	store.dispatch({type: 'detail-open', operation: 'op_a'});
	let d = store.getSnapshot().detail!;
	assert.deepEqual(d.phase, {kind: 'reading', done: 0, total});
	assert.equal(d.result.calls, 0);
	await gated.release(1);
	store.publish();
	d = store.getSnapshot().detail!;
	assert.deepEqual(d.phase, {kind: 'reading', done: 1000, total});
	const {layoutScreen} = await import('../../source/ui/screen.js');
	const title = stripVTControlCharacters(
		layoutScreen(store.getSnapshot(), {columns: 120, rows: 40}, {version: 't', dockerEnabled: false}).lines[0],
	);
	assert.match(title, new RegExp(`operation op_a · window 24h · reading… ${Math.floor((1000 / total) * 100)}%`));
	// New lines while the past is read: the read goes on to them (the live feed leaves them to it).
	const fresh = [line(41), line(42, 'op_a', false)];
	append(Buffer.from(fresh.join('')));
	store.publish();
	assert.equal(store.getSnapshot().detail!.phase.kind, 'reading');
	assert.equal((store.getSnapshot().detail!.phase as {total: number}).total, total + Buffer.byteLength(fresh.join('')));
	await gated.release(Math.ceil((total + Buffer.byteLength(fresh.join(''))) / 1000) - 1);
	await waitFor(() => store.getSnapshot().detail?.phase.kind === 'live', 2000, 'the detail live');
	d = store.getSnapshot().detail!;
	const mine = [...past, ...fresh].filter((l) => l.includes('"op_a"'));
	assert.equal(d.result.calls, mine.length);
	assert.equal(d.result.failures, mine.filter((l) => l.includes('"success": false')).length);
	assert.equal(d.result.recent[0].duration, 0.43, 'the newest call first');
	// And from now on each new byte as it comes.
	append(Buffer.from(line(43)));
	store.publish();
	assert.equal(store.getSnapshot().detail!.result.calls, mine.length + 1);
	assert.equal(gated.reads(), 1);
});

test('a reset starts the detail over from what the tail reads again; closing it ends the session', async () => {
	const past = Array.from({length: 10}, (_, i) => line(i));
	const {store, gated, append, reset} = setup(past, 100_000);
	store.dispatch({type: 'detail-open', operation: 'op_a'});
	await gated.release(1);
	await waitFor(() => store.getSnapshot().detail?.phase.kind === 'live', 2000, 'the detail live');
	assert.equal(store.getSnapshot().detail!.result.calls, 10);
	reset();
	append(Buffer.from([line(1), line(2)].join('')));
	store.publish();
	assert.equal(store.getSnapshot().detail!.result.calls, 2, 'the file read again holds two calls');
	store.dispatch({type: 'detail-close'});
	assert.equal(store.getSnapshot().detail, undefined);
	assert.equal(store.getSnapshot().ui.view.kind, 'dashboard');
});

test('Enter opens only a row shown in the operations table; closing mid-read drops the read', async () => {
	const past = Array.from({length: 30}, (_, i) => line(i));
	const {store, gated} = setup(past, 500);
	store.dispatch({type: 'detail-open'});
	assert.equal(store.getSnapshot().ui.view.kind, 'operation', 'the selected row: op_a');
	store.dispatch({type: 'detail-close'});
	await gated.release(1);
	assert.equal(store.getSnapshot().detail, undefined);
	store.dispatch({type: 'focus-next'});
	store.dispatch({type: 'detail-open'});
	assert.equal(store.getSnapshot().ui.view.kind, 'dashboard', 'not from the containers table');
});

test('the file history hands on exactly the first upTo bytes, in order, and stops when aborted', async () => {
	const {mkdtempSync, writeFileSync, rmSync} = await import('node:fs');
	const {tmpdir} = await import('node:os');
	const {join} = await import('node:path');
	const {fileDetailHistory} = await import('../../source/sources/detail-history.js');
	const dir = mkdtempSync(join(tmpdir(), 'ddc-detail-'));
	try {
		const body = Buffer.from(Array.from({length: 30_000}, (_, i) => line(i % 90)).join(''));
		const file = join(dir, 'performance_metrics.jsonl');
		writeFileSync(file, body);
		const upTo = body.length - 1234;
		const got: Buffer[] = [];
		await fileDetailHistory(file).read(
			() => upTo,
			(chunk) => got.push(Buffer.from(chunk)),
			{aborted: false},
		);
		assert.ok(got.length > 1, 'read in more than one chunk');
		assert.ok(Buffer.concat(got).equals(body.subarray(0, upTo)));
		// A target that grows while it reads (the live tail going on) is followed to its end.
		let target = 5000;
		const grown: Buffer[] = [];
		await fileDetailHistory(file).read(
			() => target,
			(chunk) => {
				grown.push(Buffer.from(chunk));
				target = body.length;
			},
			{aborted: false},
		);
		assert.equal(grown[0].length, 5000, 'never past the target it was given');
		assert.ok(Buffer.concat(grown).equals(body));
		const signal = {aborted: false};
		let chunks = 0;
		await fileDetailHistory(file).read(
			() => body.length,
			() => {
				chunks++;
				signal.aborted = true;
			},
			signal,
		);
		assert.equal(chunks, 1);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
