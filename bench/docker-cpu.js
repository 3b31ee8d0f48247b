// ddc-top's own CPU with 20 running containers and the --demo writer at the default interval
// (1000 ms), from /proc/<pid>/stat, next to `docker stats` (its own CPU, same way) run at the same time in
// a pty of the same size. Two consecutive 60 s windows: the first minute after start-up (5-65 s), which
// still pays for V8 compiling the code that runs every second and shrinking the heap after start-up, and
// the minute after it (65-125 s), what ddc-top costs left running. Prints; does not assert.
// DDC_TOP_BENCH_SECONDS shortens each window.
import {fileURLToPath} from 'node:url';
import {benchSeconds, table} from './pty-run.js';
import {ddcTopVersusDockerStats, dockerVersions} from './side-by-side.js';

const TARGET_CPU_PERCENT = 1.5;
const pct = (p) => (Number.isFinite(p) ? `${p.toFixed(2)} %` : 'n/a');

export async function benchDockerCpu({seconds = benchSeconds(60), containers = 20} = {}) {
	console.log(`\n== own CPU with ${containers} containers: ddc-top --demo (interval 1000 ms) vs docker stats, 2 x ${seconds} s ==`);
	console.log(`${await dockerVersions()}; ${process.version}; CPU from /proc/<pid>/stat utime+stime, 100 % = one core`);
	const r = await ddcTopVersusDockerStats({containers, seconds, windows: 2});
	console.log(`running containers: ${r.running} (${containers} of this run, ${r.busy} burning 5 % CPU each)`);
	const [first, second] = r.windows;
	const span = seconds === 60 ? 'minute' : `${seconds} s`;
	const names = [`first ${span} (5-${5 + seconds} s)`, `next ${span} (${5 + seconds}-${5 + 2 * seconds} s)`];
	const row = (name, m) => [name, pct(m.cpuPercent), pct(m.childCpuPercent), `${(m.bytesPerSecond / 1000).toFixed(2)} KB/s`];
	const rows = [first, second].flatMap((w, i) => [row(`ddc-top, ${names[i]}`, w.ddcTop), row(`docker stats, ${names[i]}`, w.dockerStats)]);
	console.log(table(['', 'own CPU', 'reaped children', 'terminal output'], rows));
	console.log(`dockerd CPU meanwhile (serving both): ${pct(first.dockerd?.cpuPercent)}, ${pct(second.dockerd?.cpuPercent)}`);
	for (const [i, w] of [first, second].entries()) {
		const p = w.ddcTop.cpuPercent;
		console.log(
			`ddc-top, ${names[i]}: ${pct(p)} of one core, target <= ${TARGET_CPU_PERCENT} % ` +
				`(${p <= TARGET_CPU_PERCENT ? 'met' : 'MISSED'}); ${(p / w.dockerStats.cpuPercent).toFixed(2)}x docker stats`,
		);
	}
	for (const note of r.notes) console.log(note);
	return {ddcTop: second.ddcTop, dockerStats: second.dockerStats, dockerd: second.dockerd, windows: r.windows};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchDockerCpu();
