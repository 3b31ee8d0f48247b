import assert from 'node:assert/strict';
import {test} from 'node:test';

/**
 * The bench's whole-process figures (peak RSS, CPU time of `--once` over a long line, of an export) come
 * from bench/measured-run.js: the figures must be the child's own, not the bench's or a guess.
 */

type Measured = {status: number | null; stdout: string; wallMs: number; maxRssKb?: number; cpuMs?: number};
// A plain-JavaScript bench module, loaded by URL: it has no type declarations.
const {measuredRun} = (await import(new URL('../../bench/measured-run.js', import.meta.url).href)) as {
	measuredRun: (args: string[]) => Measured;
};

test("peak RSS and CPU time are the child's own", () => {
	const bare = measuredRun(['-e', 'process.stdout.write("ok")']);
	// 96 MB written (so every page is touched), then CPU burnt until the child's own clock says 150 ms.
	const busy = measuredRun([
		'-e',
		'const b = Buffer.alloc(96 * 1024 * 1024, 1); const t = process.cpuUsage();' +
			' while (true) { const u = process.cpuUsage(t); if (u.user + u.system >= 150000) break; } process.exitCode = b[5] + 2;',
	]);
	assert.equal(bare.status, 0);
	assert.equal(bare.stdout, 'ok', 'stdout passes through');
	assert.equal(busy.status, 3, 'the exit code passes through');
	assert.ok(bare.maxRssKb! > 10 * 1024 && bare.maxRssKb! < busy.maxRssKb!, `${bare.maxRssKb} KB, ${busy.maxRssKb} KB`);
	assert.ok(busy.maxRssKb! - bare.maxRssKb! > 80 * 1024, `the 96 MB buffer shows: ${busy.maxRssKb! - bare.maxRssKb!} KB more`);
	assert.ok(busy.cpuMs! >= 150, `${busy.cpuMs} ms of CPU`);
	assert.ok(busy.wallMs >= busy.cpuMs! * 0.5, 'wall time measured around the child');
});

test('a child killed before its exit handlers reports no figures, only its wall time', () => {
	const r = measuredRun(['-e', 'process.kill(process.pid, "SIGKILL")']);
	assert.equal(r.status, null);
	assert.equal(r.maxRssKb, undefined);
	assert.equal(r.cpuMs, undefined);
	assert.ok(r.wallMs > 0);
});
