// Runs one node process and measures it from inside: a module preloaded with --import writes the process's
// own peak RSS and CPU time at exit, so the figures need no /usr/bin/time and are the same on every Linux.
// Wall time alone misleads on a shared machine; the CPU time says what the process itself cost.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const PROBE =
	`import {writeFileSync} from 'node:fs';
process.on('exit', () => {
	const u = process.resourceUsage();
	writeFileSync(process.env.DDC_TOP_BENCH_PROBE_FILE, ` +
	`JSON.stringify({maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000}));
});
`;

/**
 * `node args...` to completion: {status, stdout, stderr, wallMs, maxRssKb, cpuMs}. maxRssKb and cpuMs are
 * undefined when the process died before its exit handlers ran.
 */
export function measuredRun(args, options = {}) {
	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-bench-probe-'));
	try {
		const probe = path.join(dir, 'probe.mjs');
		const result = path.join(dir, 'result.json');
		writeFileSync(probe, PROBE);
		const t = performance.now();
		const r = spawnSync(process.execPath, ['--import', probe, ...args], {
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
			...options,
			env: {...(options.env ?? process.env), DDC_TOP_BENCH_PROBE_FILE: result},
		});
		const wallMs = performance.now() - t;
		let figures = {};
		try {
			figures = JSON.parse(readFileSync(result, 'utf8'));
		} catch {
			// No exit handler ran (killed): only the wall time is known.
		}
		return {status: r.status, stdout: r.stdout, stderr: r.stderr, wallMs, ...figures};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
