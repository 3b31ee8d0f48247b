import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {linkSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {cleanupCommand} from '../../source/commands/cleanup.js';
import {previewText, summaryText} from '../../source/commands/cleanup-text.js';
import {cutoffMeaning, daysCharProblem, daysText, parseDays} from '../../source/core/cleanup-rule.js';
import {runCleanup} from '../../source/effects/cleanup.js';
import {CleanupLockedError, LOCK_STALE_AFTER_MS, lockPathFor} from '../../source/effects/cleanup-lock.js';
import {planCleanup} from '../../source/effects/cleanup-plan.js';
import {currentProcessIdentity, processStartTicks} from '../../source/effects/process-identity.js';
import {finished, HELPERS, REPO} from '../helpers/child.js';
import {agedLines, writeMetricsFile} from '../helpers/ddc-lines.js';
import {capturedIo} from '../helpers/process-io.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW_MS = Date.now();
const nowSeconds = NOW_MS / 1000;
const clock = () => NOW_MS;

/** `ddc-top cleanup` as a real process under a file size limit in 1 KiB blocks: writes past it fail (EFBIG). */
async function cleanupWithSizeLimit(blocks: number, args: string[]) {
	// SIGXFSZ ignored, so the write fails with EFBIG (as a full disk fails with ENOSPC) instead of killing.
	const script = `trap '' XFSZ; ulimit -f ${blocks}; exec "$0" "$@"`;
	const child = spawn(
		'bash',
		['-c', script, process.execPath, '--import', import.meta.resolve('tsx'), path.join(HELPERS, 'cleanup-main.ts'), ...args],
		{
			cwd: REPO,
			stdio: ['pipe', 'pipe', 'pipe'],
		},
	);
	child.stdin.end();
	return finished(child);
}

test('a cleanup that cannot write leaves nothing behind, and the next one runs at once', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	assert.ok(Buffer.byteLength(f.kept) > 2048, 'the kept lines are more than the size limit lets through');
	// 0 blocks: the lock's own text cannot be written. 1 block: the lock can, the new file cannot.
	for (const blocks of [0, 1]) {
		const result = await cleanupWithSizeLimit(blocks, ['--days', '1', '--yes', '--metrics', f.file]);
		assert.equal(result.code, 1, `${blocks}: ${result.stderr}`);
		assert.match(result.stderr, /^ddc-top cleanup: .*file too large.*; nothing changed\n$/, `${blocks} blocks`);
		assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl'], `${blocks} blocks: no lock, temp or backup left`);
		assert.equal(readFileSync(f.file, 'utf8'), f.body);
	}
	// No "a run that is starting" wait: the next run takes the lock at once.
	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20, backup: false});
	assert.equal(summary.removed, 20);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept);
});

/** A small tmpfs at `dir` (root with CAP_SYS_ADMIN, as in CI's container); false where mounting is not allowed. */
function mountTmpfs(dir: string, size: string): boolean {
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

test('on a full filesystem (a small tmpfs) a failed cleanup removes what it created, and the next one runs at once', async (t) => {
	// Hooks run in the order they are added: unmount before the temp directory is removed.
	let mounted = false;
	t.after(() => {
		if (mounted) execFileSync('umount', [mnt]);
	});
	const mnt = tempDir();
	mounted = mountTmpfs(mnt, '128k');
	if (!mounted) {
		t.diagnostic('mounting a tmpfs is not allowed here: the file size limit test above covers the same paths');
		assert.notEqual(process.getuid?.(), undefined);
		return;
	}
	const f = writeMetricsFile(mnt, agedLines(nowSeconds, 100, 150));
	assert.ok(Buffer.byteLength(f.body) > 40_000 && Buffer.byteLength(f.body) < 60_000);
	// Fill what is left, so even the lock's few bytes find no room (ENOSPC).
	const filler = path.join(mnt, 'filler');
	try {
		execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4096'], {stdio: 'ignore'});
	} catch {
		// dd stops with "No space left on device": the disk is full, as wanted.
	}
	await assert.rejects(runCleanup(f.file, {days: 1, now: clock, quietMs: 20}), (e: Error) => (e as {code?: string}).code === 'ENOSPC');
	assert.deepEqual(readdirSync(mnt).sort(), ['filler', 'performance_metrics.jsonl'], 'no lock or temp file left');
	// Room for the lock (two pages), not for the new file: the temp file and the lock both go.
	execFileSync('truncate', ['-s', '-8K', filler]);
	await assert.rejects(runCleanup(f.file, {days: 1, now: clock, quietMs: 20}), (e: Error) => (e as {code?: string}).code === 'ENOSPC');
	assert.deepEqual(
		readdirSync(mnt).filter((n) => n.includes('ddc-top') || n.includes('.bak-')),
		[],
		'nothing of the cleanup left',
	);
	assert.equal(readFileSync(f.file, 'utf8'), f.body);
	execFileSync('rm', [filler]);
	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20});
	assert.equal(summary.removed, 100);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept);
});

/** A lock as a run with this identity would write it. */
function lockFor(id: {pid: number; host?: string; pidns?: string; boot?: string; start?: string}): string {
	return (
		`${id.pid}\n${id.host ?? hostname()}\n2026-01-01T00:00:00.000Z\n` +
		`pidns=${id.pidns ?? ''}\nboot=${id.boot ?? ''}\nstart=${id.start ?? ''}\n`
	);
}

test('a lock is stale when its pid is not that cleanup here, or nobody refreshed it for the limit; else it refuses', async () => {
	const me = await currentProcessIdentity();
	assert.ok(me.pidNamespace && me.bootId && me.startTicks, 'this test needs Linux /proc');
	const pid1Start = await processStartTicks(1);
	assert.ok(pid1Start);
	const cases: Array<{what: string; text: string; ageMs?: number; refused?: RegExp}> = [
		{
			what: 'PID 1 is alive, but started at another time: not the cleanup',
			text: lockFor({pid: 1, pidns: me.pidNamespace, boot: me.bootId, start: `${Number(pid1Start) + 1}`}),
		},
		{what: 'a live pid, written before a reboot', text: lockFor({pid: 1, pidns: me.pidNamespace, boot: 'another-boot', start: pid1Start})},
		{
			what: 'the live holder itself, but not refreshed for longer than the limit',
			text: lockFor({pid: process.pid, pidns: me.pidNamespace, boot: me.bootId, start: me.startTicks}),
			ageMs: LOCK_STALE_AFTER_MS + 60_000,
		},
		{
			what: 'another PID namespace, not refreshed',
			text: lockFor({pid: 1, pidns: 'pid:[1]', boot: me.bootId, start: '5'}),
			ageMs: LOCK_STALE_AFTER_MS + 60_000,
		},
		{what: 'another host, not refreshed', text: lockFor({pid: 1, host: 'elsewhere'}), ageMs: LOCK_STALE_AFTER_MS + 60_000},
		{
			what: 'the live holder itself, refreshed',
			text: lockFor({pid: process.pid, pidns: me.pidNamespace, boot: me.bootId, start: me.startTicks}),
			refused: new RegExp(`\\(pid ${process.pid}\\)`),
		},
		{
			what: 'another PID namespace, refreshed',
			text: lockFor({pid: 1, pidns: 'pid:[1]', boot: me.bootId, start: '5'}),
			refused: /pid 1 in another PID namespace .*taken over once it is not refreshed for 5 minutes/,
		},
		{what: 'another host, refreshed', text: lockFor({pid: 1, host: 'elsewhere'}), refused: /pid 1 on host elsewhere; taken over once/},
	];
	for (const c of cases) {
		const dir = tempDir();
		const f = writeMetricsFile(dir, agedLines(nowSeconds, 2, 2));
		writeFileSync(lockPathFor(f.file), c.text);
		if (c.ageMs) {
			const then = new Date(NOW_MS - c.ageMs);
			utimesSync(lockPathFor(f.file), then, then);
		}
		const run = runCleanup(f.file, {days: 1, now: clock, quietMs: 20, backup: false});
		if (c.refused) {
			await assert.rejects(run, (error: Error) => error instanceof CleanupLockedError && c.refused!.test(error.message), c.what);
			assert.equal(readFileSync(f.file, 'utf8'), f.body, c.what);
		} else {
			assert.equal((await run).removed, 2, c.what);
			assert.deepEqual(readdirSync(dir), ['performance_metrics.jsonl'], `${c.what}: the stale lock is gone`);
		}
	}
});

test('what an interrupted run left is named and removed by the next; real backups stay', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	const base = 'performance_metrics.jsonl';
	// A run killed between its backup (a hard link to the file) and its rename, with its temp files.
	const interrupted = `${base}.bak-20260101-000000`;
	linkSync(f.file, path.join(dir, interrupted));
	const temps = [`.${base}.ddc-top-tmp-4242`, `.${base}.ddc-top-bak-4242`, `.${base}.ddc-top-lock.new-4242-00ff00ff`];
	for (const t of temps) writeFileSync(path.join(dir, t), 'half');
	// A backup a finished run made: another inode, and it stays.
	const real = `${base}.bak-20251201-000000`;
	writeFileSync(path.join(dir, real), f.body);

	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20});
	assert.deepEqual(summary.leftovers, [...temps, interrupted].sort());
	assert.ok(summary.backup);
	const left = readdirSync(dir).sort();
	assert.deepEqual(left, [base, path.basename(summary.backup.path), real].sort());
	assert.equal(readFileSync(path.join(dir, real), 'utf8'), f.body);
	assert.equal(readFileSync(summary.backup.path, 'utf8'), f.body);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept);
	assert.match(summaryText(summary), new RegExp(`Removed: .*${interrupted.replaceAll('.', '\\.')} \\(left by an interrupted cleanup\\)`));
});

test('an unfinished last line is carried over unchanged and never reported as appended', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	const partial = '{"operation": "cut_off", "start_ti';
	writeFileSync(f.file, f.body + partial);
	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20});
	assert.equal(readFileSync(f.file, 'utf8'), f.kept + partial, 'no newline added');
	assert.equal(summary.carriedOver + summary.drained, 0);
	assert.equal(summary.partialKept, true);
	const text = summaryText(summary);
	assert.doesNotMatch(text, /appended while cleaning/);
	assert.match(text, /kept 20 lines\n/);
	assert.match(text, /the unfinished last line, unchanged/);
});

test('blank lines are neither counted nor judged: kept where they are, with or without --drop-invalid', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds, 2, 2));
	const [o1, o2, r1, r2] = f.body.split(/(?<=\n)/);
	const body = `${o1}\n${r1}   \r\n${o2}not json\n${r2}\t\n`;
	writeFileSync(f.file, body);
	const plan = await planCleanup(f.file, {days: 1, now: clock});
	assert.deepEqual([plan.lines, plan.old, plan.keep, plan.invalid], [5, 2, 2, 1]);
	const preview = previewText(plan, 1, true);
	assert.match(preview, /1 line that cannot be read/);
	assert.match(preview, /\(\d+B, 5 lines\)/);
	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20, dropInvalid: true, backup: false});
	assert.equal(summary.removed, 3);
	assert.equal(readFileSync(f.file, 'utf8'), `\n${r1}   \r\n${r2}\t\n`);
});

test('days: the same text is accepted or refused with the same words everywhere; 0 says every line goes; "1 day"', async () => {
	for (const [text, days] of [
		['30', 30],
		['0.5', 0.5],
		['.5', 0.5],
		['0', 0],
		[' 7 ', 7],
		['1.', 1],
	] as const) {
		assert.deepEqual(parseDays(text), {ok: true, days}, text);
	}
	for (const text of ['', 'abc', '-1', '1e3', '0x10', '1,5', 'Infinity', '1.2.3']) {
		const r = parseDays(text);
		assert.ok(!r.ok && r.error.startsWith('days to keep must be a number of days, 0 or more, like 30 or 0.5 (got '), text);
	}
	assert.equal(daysCharProblem('5'), undefined);
	assert.equal(daysCharProblem('.'), undefined);
	assert.match(daysCharProblem(',') ?? '', /^"," is not allowed/);
	assert.match(daysCharProblem('\u009b') ?? '', /is not allowed/);
	assert.doesNotMatch(daysCharProblem('\u009b') ?? '', /\u009b/, 'a control character is not echoed raw');
	assert.equal(daysText(1), '1 day');
	assert.equal(daysText(0.5), '0.5 days');
	assert.match(cutoffMeaning(0), /every line is removed/);

	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds, 3, 3));
	const half = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '0.5', '--dry-run', '--metrics', f.file], half.io), 0, half.err());
	assert.match(half.out(), /\(0\.5 days ago\)/);
	const one = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '1', '--dry-run', '--metrics', f.file], one.io), 0);
	assert.match(one.out(), /\(1 day ago\)/);
	const zero = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '0', '--dry-run', '--metrics', f.file], zero.io), 0);
	assert.match(zero.out(), /Cutoff: .*\(now\): every line is removed/);
	assert.match(zero.out(), /Remove: {2}6 lines/);
	const bad = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '1,5', '--metrics', f.file], bad.io), 2);
	assert.match(bad.err(), /^ddc-top cleanup: --days: days to keep must be a number of days, 0 or more, like 30 or 0\.5 \(got "1,5"\)/);
	assert.equal(readFileSync(f.file, 'utf8'), f.body);
	assert.equal(statSync(f.file).nlink, 1);
});

/** What a run killed mid-way leaves next to `file`: temp files, a backup that is a hard link, an old lock. */
function leaveInterruptedRun(dir: string, file: string): string[] {
	const base = path.basename(file);
	const names = [`.${base}.ddc-top-tmp-4242`, `.${base}.ddc-top-bak-4242`, `.${base}.ddc-top-lock.new-4242-00ff00ff`];
	for (const n of names) writeFileSync(path.join(dir, n), 'half');
	const link = `${base}.bak-20260101-000000`;
	linkSync(file, path.join(dir, link));
	// A lock nobody refreshed for longer than the limit: its run is gone, whatever pid it names.
	const lock = lockPathFor(file);
	writeFileSync(lock, lockFor({pid: process.pid}));
	const then = new Date(NOW_MS - LOCK_STALE_AFTER_MS - 60_000);
	utimesSync(lock, then, then);
	return [...names, link, path.basename(lock)].sort();
}

test('--dry-run names what an interrupted run left, the stale lock among it, and removes nothing', async () => {
	for (const [days, what] of [
		[1, 'lines to remove'],
		[45, 'no line to remove'],
	] as const) {
		const dir = tempDir();
		const f = writeMetricsFile(dir, agedLines(nowSeconds));
		const left = leaveInterruptedRun(dir, f.file);
		const before = readdirSync(dir).sort();
		const run = capturedIo(dir, {now: clock});
		assert.equal(await cleanupCommand(['--days', String(days), '--dry-run', '--metrics', f.file], run.io), 0, run.err());
		assert.equal(run.err(), '', what);
		assert.ok(run.out().endsWith(`Also:    would remove ${left.join(', ')} (left by an interrupted cleanup)\n`), `${what}: ${run.out()}`);
		assert.deepEqual(readdirSync(dir).sort(), before, `${what}: nothing removed`);
		assert.equal(readFileSync(f.file, 'utf8'), f.body);
	}
});

test('with no line to remove, a real run still removes and names what an interrupted run left; the file is not rewritten', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	const left = leaveInterruptedRun(dir, f.file);
	const backup = `${path.basename(f.file)}.bak-20251201-000000`;
	writeFileSync(path.join(dir, backup), f.body);
	const before = statSync(f.file);
	const run = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '45', '--yes', '--metrics', f.file], run.io), 0, run.err());
	assert.equal(run.err(), '');
	assert.ok(run.out().endsWith(`Nothing to remove.\nRemoved: ${left.join(', ')} (left by an interrupted cleanup)\n`), run.out());
	assert.deepEqual(readdirSync(dir).sort(), [backup, path.basename(f.file)].sort(), 'a real backup stays; the rest is gone');
	const after = statSync(f.file);
	assert.deepEqual([after.ino, after.mtimeMs, after.nlink], [before.ino, before.mtimeMs, 1], 'not rewritten');
	assert.equal(readFileSync(f.file, 'utf8'), f.body);

	// Nothing left: the next run says only that.
	const again = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '45', '--yes', '--metrics', f.file], again.io), 0);
	assert.ok(again.out().endsWith('Nothing to remove.\n'), again.out());
});

test('a cleanup with lines to remove names the stale lock it took over with the other leftovers', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	const left = leaveInterruptedRun(dir, f.file);
	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20, backup: false});
	assert.deepEqual(summary.leftovers, left);
	assert.match(summaryText(summary), /Removed: .*\.performance_metrics\.jsonl\.ddc-top-lock[,( ]/);
	assert.deepEqual(readdirSync(dir), [path.basename(f.file)]);
	assert.equal(readFileSync(f.file, 'utf8'), f.kept);
});

test('while a live cleanup holds the lock its files are not leftovers: --dry-run says it runs, a run removes nothing', async () => {
	const me = await currentProcessIdentity();
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	const temp = `.${path.basename(f.file)}.ddc-top-tmp-${process.pid}`;
	writeFileSync(path.join(dir, temp), 'being written');
	writeFileSync(lockPathFor(f.file), lockFor({pid: process.pid, pidns: me.pidNamespace, boot: me.bootId, start: me.startTicks}));
	const before = readdirSync(dir).sort();
	const dry = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '45', '--dry-run', '--metrics', f.file], dry.io), 0);
	assert.ok(dry.out().endsWith(`Lock:    another cleanup is running (pid ${process.pid}); a cleanup now would be refused\n`), dry.out());
	assert.doesNotMatch(dry.out(), /would remove/);
	const real = capturedIo(dir, {now: clock});
	assert.equal(await cleanupCommand(['--days', '45', '--yes', '--metrics', f.file], real.io), 0, real.err());
	assert.ok(real.out().endsWith('Nothing to remove.\n'), real.out());
	assert.deepEqual(readdirSync(dir).sort(), before, 'the running cleanup keeps its files and its lock');
});

test('a leftover whose name holds control characters is named with visible marks, never raw', async () => {
	const dir = tempDir();
	const f = writeMetricsFile(dir, agedLines(nowSeconds));
	const hostile = `.${path.basename(f.file)}.ddc-top-tmp-\u001b[2J\u009b31m`;
	writeFileSync(path.join(dir, hostile), 'x');
	for (const args of [['--dry-run'], ['--yes']]) {
		const run = capturedIo(dir, {now: clock});
		assert.equal(await cleanupCommand(['--days', '45', ...args, '--metrics', f.file], run.io), 0, run.err());
		assert.match(run.out(), /ddc-top-tmp-.*\(left by an interrupted cleanup\)/, args[0]);
		assert.doesNotMatch(run.out(), /[\u001b\u009b]/, `${args[0]}: no raw control character`);
	}
	assert.deepEqual(readdirSync(dir), [path.basename(f.file)]);
	// The summary of a run with lines to remove too.
	writeFileSync(path.join(dir, hostile), 'x');
	const summary = await runCleanup(f.file, {days: 1, now: clock, quietMs: 20, backup: false});
	assert.deepEqual(summary.leftovers, [hostile]);
	assert.doesNotMatch(summaryText(summary), /[\u001b\u009b]/);
});
