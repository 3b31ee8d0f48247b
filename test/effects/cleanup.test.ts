import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, chownSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {runCleanup} from '../../source/effects/cleanup.js';
import {CleanupLockedError, lockPathFor} from '../../source/effects/cleanup-lock.js';
import {planCleanup} from '../../source/effects/cleanup-plan.js';
import {finished, runHelper, startHelper} from '../helpers/child.js';
import {agedLines, metricsBody} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';
import {waitFor} from '../helpers/wait-for.js';

const NOW_MS = Date.now();
const nowSeconds = NOW_MS / 1000;
const clock = () => NOW_MS;

/** Four lines of each kind, in a known order, and an unfinished last line. */
function smallFile(dir: string) {
	const {old, kept: recent} = agedLines(nowSeconds, 10, 7);
	const bad = ['not json\n', '{"operation": "x", "duration": NaN, "end_time": 1}\n', '\n'];
	const partial = '{"operation": "still_writ';
	const lines = [
		old[0],
		bad[0],
		old[1],
		recent[0],
		...old.slice(2, 6),
		bad[1],
		...recent.slice(1, 4),
		bad[2],
		...old.slice(6),
		...recent.slice(4),
	];
	const body = lines.join('') + partial;
	const file = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(file, body);
	const kept = lines.filter((l) => !old.includes(l));
	// With --drop-invalid: the blank line is not an invalid line, and stays where it was.
	const keptDropping = kept.filter((l) => l !== bad[0] && l !== bad[1]);
	return {file, body, old, recent, bad, partial, kept, keptDropping};
}

function listDir(dir: string): string[] {
	return readdirSync(dir).sort();
}

test('planCleanup previews the numbers and changes nothing', async () => {
	const dir = tempDir();
	const f = smallFile(dir);
	const before = statSync(f.file);
	const plan = await planCleanup(f.file, {days: 30, now: clock});
	// The blank line is not a line: neither read nor judged, as the viewer and DDC skip it.
	assert.equal(plan.lines, 19);
	assert.equal(plan.old, 10);
	assert.equal(plan.remove, 10);
	assert.equal(plan.keep, 7);
	assert.equal(plan.invalid, 2);
	assert.equal(plan.invalidDropped, false);
	assert.equal(plan.partialBytes, Buffer.byteLength(f.partial));
	assert.equal(plan.sizeBefore, Buffer.byteLength(f.body));
	assert.equal(plan.sizeAfter, Buffer.byteLength(f.kept.join('') + f.partial));
	assert.ok(Math.abs(plan.cutoff - (nowSeconds - 30 * 86_400)) < 1e-6);

	const dropping = await planCleanup(f.file, {days: 30, now: clock, dropInvalid: true});
	assert.equal(dropping.remove, 12);
	assert.equal(dropping.sizeAfter, Buffer.byteLength(f.keptDropping.join('') + f.partial));

	assert.equal(readFileSync(f.file, 'utf8'), f.body);
	assert.equal(statSync(f.file).ino, before.ino);
	assert.deepEqual(listDir(dir), ['performance_metrics.jsonl']);
});

test('runCleanup keeps recent and unreadable lines in order, and a complete hard-link backup', async () => {
	const dir = tempDir();
	const f = smallFile(dir);
	const oldIno = statSync(f.file).ino;
	const summary = await runCleanup(f.file, {days: 30, now: clock, quietMs: 50});
	// The unfinished line is kept unchanged at the end (no newline added), and is not "appended while cleaning".
	assert.equal(readFileSync(f.file, 'utf8'), f.kept.join('') + f.partial);
	assert.equal(summary.removed, 10);
	assert.equal(summary.kept, 7);
	assert.equal(summary.invalid, 2);
	assert.equal(summary.partialKept, true);
	assert.equal(summary.carriedOver + summary.drained, 0);
	assert.deepEqual(summary.leftovers, []);
	assert.ok(summary.backup);
	assert.equal(summary.backup.kind, 'link');
	assert.match(path.basename(summary.backup.path), /^performance_metrics\.jsonl\.bak-\d{8}-\d{6}$/);
	assert.equal(readFileSync(summary.backup.path, 'utf8'), f.body);
	assert.equal(statSync(summary.backup.path).ino, oldIno);
	assert.notEqual(statSync(f.file).ino, oldIno);
	assert.deepEqual(listDir(dir), ['performance_metrics.jsonl', path.basename(summary.backup.path)]);
	assert.equal(summary.sizeBefore, Buffer.byteLength(f.body));
	assert.equal(summary.sizeAfter, statSync(f.file).size);
});

test('dropInvalid removes unreadable lines; backup:false leaves no backup', async () => {
	const dir = tempDir();
	const f = smallFile(dir);
	const summary = await runCleanup(f.file, {days: 30, now: clock, dropInvalid: true, backup: false, quietMs: 50});
	assert.equal(readFileSync(f.file, 'utf8'), f.keptDropping.join('') + f.partial);
	assert.equal(summary.removed, 12);
	assert.equal(summary.backup, null);
	assert.deepEqual(listDir(dir), ['performance_metrics.jsonl']);
});

test('the new file keeps the old mode and owner', async () => {
	const dir = tempDir();
	const f = smallFile(dir);
	chmodSync(f.file, 0o640);
	// As root, give it to another user and group, as DDC's container user owns the real file.
	const uid = process.getuid?.() === 0 ? 1234 : statSync(f.file).uid;
	const gid = process.getuid?.() === 0 ? 2345 : statSync(f.file).gid;
	chownSync(f.file, uid, gid);
	await runCleanup(f.file, {days: 30, now: clock, quietMs: 50});
	const after = statSync(f.file);
	assert.equal(after.mode & 0o7777, 0o640);
	assert.equal(after.uid, uid);
	assert.equal(after.gid, gid);
});

test('a stale temp file and a stale lock from a killed run are cleared; a live lock refuses', async () => {
	const dir = tempDir();
	const f = smallFile(dir);
	const stray = path.join(dir, '.performance_metrics.jsonl.ddc-top-tmp-999999');
	writeFileSync(stray, 'half a file');

	writeFileSync(lockPathFor(f.file), `${process.pid}\n${hostname()}\nnow\n`);
	await assert.rejects(runCleanup(f.file, {days: 30, now: clock, quietMs: 50}), CleanupLockedError);
	assert.equal(readFileSync(f.file, 'utf8'), f.body);

	// A pid that has certainly exited: a child we waited for.
	const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
	writeFileSync(lockPathFor(f.file), `${deadPid}\n${hostname()}\nthen\n`);
	const summary = await runCleanup(f.file, {days: 30, now: clock, quietMs: 50, backup: false});
	assert.equal(summary.removed, 10);
	assert.deepEqual(
		summary.leftovers,
		[path.basename(lockPathFor(f.file)), path.basename(stray)].sort(),
		'the leftover and the stale lock are named',
	);
	assert.deepEqual(listDir(dir), ['performance_metrics.jsonl']);
});

test('of two concurrent cleanups one runs and the other refuses', async () => {
	const dir = tempDir();
	const f = smallFile(dir);
	const results = await Promise.allSettled([
		runCleanup(f.file, {days: 30, now: clock, quietMs: 50}),
		runCleanup(f.file, {days: 30, now: clock, quietMs: 50}),
	]);
	assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
	const rejected = results.find((r) => r.status === 'rejected');
	assert.ok(rejected && rejected.status === 'rejected' && rejected.reason instanceof CleanupLockedError);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept.join('') + f.partial);
});

/** Sequence numbers written by seq-writer.mjs, with how often each appears in `text`. */
function seqCounts(text: string): Map<number, number> {
	const counts = new Map<number, number>();
	for (const m of text.matchAll(/"operation": "seq_writer".*"seq": (\d+)\}\}\n/g)) {
		const seq = Number(m[1]);
		counts.set(seq, (counts.get(seq) ?? 0) + 1);
	}
	return counts;
}

function assertEverySeqOnce(text: string, written: number) {
	const counts = seqCounts(text);
	const missing = [];
	const repeated = [];
	for (let s = 0; s < written; s++) {
		const n = counts.get(s) ?? 0;
		if (n === 0) missing.push(s);
		if (n > 1) repeated.push(s);
	}
	assert.deepEqual({missing: missing.slice(0, 10), repeated: repeated.slice(0, 10)}, {missing: [], repeated: []});
	assert.equal(counts.size, written, 'no sequence number beyond what the writer reports');
}

test('cleanups while DDC-style writers append in another process lose and duplicate nothing', async (t) => {
	const dir = tempDir();
	const file = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(file, metricsBody({nowSeconds, old: 60_000, recent: 60_000, malformed: 2}));
	const writer = startHelper('seq-writer.mjs', [file, '--rate', '5000']);
	const done = finished(writer);
	let out = '';
	writer.stdout?.on('data', (c: Buffer) => (out += c.toString()));
	await waitFor(() => out.includes('ready'), 10_000, 'the writer to start');

	const runs = 6;
	let appendedDuring = 0;
	let removed = 0;
	for (let i = 0; i < runs; i++) {
		// Let the writer get ahead a little each time, so every cleanup starts with fresh appends.
		const size = statSync(file).size;
		await waitFor(() => statSync(file).size > size + 10_000, 10_000, 'the writer to append');
		const summary = await runCleanup(file, {days: 1, now: () => Date.now(), quietMs: 200});
		appendedDuring += summary.carriedOver + summary.drained;
		removed += summary.removed;
		assert.equal(summary.warning, undefined);
	}
	writer.kill('SIGTERM');
	const result = await done;
	const {written, ms} = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {written: number; ms: number};
	const rate = written / (ms / 1000);
	t.diagnostic(`writer: ${written} lines at ${Math.round(rate)} lines/s; ${appendedDuring} appended during ${runs} cleanups`);
	assert.ok(rate >= 1000, `writer rate ${rate} lines/s`);
	assert.ok(appendedDuring > 0, 'the writer appended while cleanups ran');
	assert.equal(removed, 60_000);

	const text = readFileSync(file, 'utf8');
	assertEverySeqOnce(text, written);
	// Every line is whole: no two lines glued together, none cut.
	for (const line of text.split('\n').slice(0, -1)) {
		assert.ok(line.startsWith('{') || line === 'not json at all', `torn line: ${line.slice(0, 80)}`);
	}
	assert.equal(text.match(/"operation": "broken"/g)?.length, 1);
	assert.equal(text.split('\n').length - 1, 60_000 + 2 + written);
});

test('lines written through a descriptor opened before the rename are moved to the new file', async (t) => {
	const dir = tempDir();
	const file = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(file, metricsBody({nowSeconds, old: 1000, recent: 1000}));
	// This writer opens the file once and keeps writing through it for 1.5 s: after the rename all of its
	// lines land in the old file, which the cleanup must keep draining.
	const writer = startHelper('seq-writer.mjs', [file, '--rate', '2000', '--hold', '1500']);
	const done = finished(writer);
	let out = '';
	writer.stdout?.on('data', (c: Buffer) => (out += c.toString()));
	await waitFor(() => out.includes('ready'), 10_000, 'the writer to start');
	const summary = await runCleanup(file, {days: 1, now: () => Date.now(), quietMs: 500});
	const result = await done;
	const {written} = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {written: number};
	t.diagnostic(`held writer: ${written} lines, ${summary.carriedOver} carried before the rename, ${summary.drained} drained after`);
	assert.ok(summary.drained > 0, 'lines reached the old file after the rename');
	assert.equal(summary.drainTimedOut, false);
	assertEverySeqOnce(readFileSync(file, 'utf8'), written);
	// The backup is the old file itself: it has every line too.
	assert.ok(summary.backup);
	assertEverySeqOnce(readFileSync(summary.backup.path, 'utf8'), written);
});

test('a cleanup killed with SIGKILL at a random point leaves the original or the finished result, never less', async (t) => {
	const dir = tempDir();
	const file = path.join(dir, 'performance_metrics.jsonl');
	const oldPart = metricsBody({nowSeconds, old: 150_000, recent: 0, seed: 2});
	const keptPart = metricsBody({nowSeconds, old: 0, recent: 150_000, malformed: 2, seed: 3});
	const original = oldPart + keptPart;
	const args = ['--days', '1', '--yes', '--metrics', file];
	const reset = () => {
		for (const name of readdirSync(dir)) if (name !== 'performance_metrics.jsonl') execFileSync('rm', ['-f', path.join(dir, name)]);
		writeFileSync(file, original);
	};

	// How long a whole run takes, and how much of it is process start-up, to spread the kills over the work.
	reset();
	let started = performance.now();
	await runHelper('cleanup-main.ts', ['--help']);
	const startup = performance.now() - started;
	started = performance.now();
	const full = await runHelper('cleanup-main.ts', args);
	const total = performance.now() - started;
	assert.equal(full.code, 0, full.stderr);
	assert.equal(readFileSync(file, 'utf8'), keptPart);

	const kills = 6;
	const outcomes = {original: 0, cleaned: 0};
	for (let i = 0; i < kills; i++) {
		reset();
		const from = startup * 0.8;
		const delay = from + ((total - from) * (i + Math.random())) / kills;
		const child = startHelper('cleanup-main.ts', args);
		child.stdin?.end();
		const exited = finished(child);
		const timer = setTimeout(() => child.kill('SIGKILL'), delay);
		await exited;
		clearTimeout(timer);
		const text = readFileSync(file, 'utf8');
		const what = `kill after ${Math.round(delay)} ms`;
		const interrupted = text === original;
		if (interrupted) {
			outcomes.original++;
		} else {
			assert.ok(text === keptPart, `${what}: the file is neither the original nor the cleaned result`);
			outcomes.cleaned++;
			const backups = readdirSync(dir).filter((n) => n.includes('.bak-'));
			assert.equal(backups.length, 1, what);
			assert.equal(readFileSync(path.join(dir, backups[0]), 'utf8'), original, `${what}: backup`);
		}
		// The next cleanup clears what the killed one left (temp file, lock) and works.
		await runCleanup(file, {days: 1, now: () => Date.now(), quietMs: 50, backup: false});
		assert.equal(readFileSync(file, 'utf8'), keptPart, what);
		// A run killed before its rename backed up nothing: a backup it made (a link to the file) is gone too.
		if (interrupted)
			assert.deepEqual(
				readdirSync(dir).filter((n) => n.includes('.bak-')),
				[],
				`${what}: no backup of an interrupted run`,
			);
		assert.deepEqual(
			readdirSync(dir).filter((n) => n.includes('ddc-top')),
			[],
			`${what}: no temp or lock file left`,
		);
	}
	t.diagnostic(`startup ${Math.round(startup)} ms, full run ${Math.round(total)} ms; outcomes ${JSON.stringify(outcomes)}`);
});

test('a cleanup running in another process makes this one refuse', async () => {
	const dir = tempDir();
	const file = path.join(dir, 'performance_metrics.jsonl');
	writeFileSync(file, metricsBody({nowSeconds, old: 100_000, recent: 100_000}));
	const child = startHelper('cleanup-main.ts', ['--days', '1', '--yes', '--metrics', file]);
	child.stdin?.end();
	const done = finished(child);
	// The lock is created empty and its holder written just after: wait for the holder, not just the file
	// (in between, the refusal names "a run that is starting" instead of the pid).
	const holder = () => (existsSync(lockPathFor(file)) ? readFileSync(lockPathFor(file), 'utf8') : '');
	await waitFor(() => holder().startsWith(`${child.pid}\n`), 20_000, 'the other cleanup to take the lock');
	await assert.rejects(runCleanup(file, {days: 1, now: () => Date.now(), quietMs: 50}), (error: Error) => {
		assert.ok(error instanceof CleanupLockedError);
		assert.match(error.message, new RegExp(`pid ${child.pid}`));
		return true;
	});
	const result = await done;
	assert.equal(result.code, 0, result.stderr);
	assert.equal(readFileSync(file, 'utf8').split('\n').length - 1, 100_000);
});
