// Issue #3 §6: ddc-top's own CPU with 20 running containers and the --demo writer at the default interval
// (1000 ms), from /proc/<pid>/stat, next to `docker stats` (its own CPU, same way) run at the same time in
// a pty of the same size. Prints; does not assert. DDC_TOP_BENCH_SECONDS shortens the 60 s measurement.
import {fileURLToPath} from 'node:url';
import {benchSeconds, table} from './pty-run.js';
import {ddcTopVersusDockerStats, dockerVersions} from './side-by-side.js';

const TARGET_CPU_PERCENT = 1.5;
const pct = (p) => (Number.isFinite(p) ? `${p.toFixed(2)} %` : 'n/a');

export async function benchDockerCpu({seconds = benchSeconds(60), containers = 20} = {}) {
	console.log(`\n== own CPU with ${containers} containers (issue #3 §6): ddc-top --demo (interval 1000 ms) vs docker stats, ${seconds} s ==`);
	console.log(`${await dockerVersions()}; ${process.version}; CPU from /proc/<pid>/stat utime+stime, 100 % = one core`);
	const r = await ddcTopVersusDockerStats({containers, seconds});
	console.log(`running containers: ${r.running} (${containers} of this run, ${r.busy} burning 5 % CPU each)`);
	const row = (name, m) => [name, pct(m.cpuPercent), pct(m.childCpuPercent), `${(m.bytesPerSecond / 1000).toFixed(2)} KB/s`];
	console.log(
		table(['', 'own CPU', 'reaped children', 'terminal output'], [row('ddc-top', r.ddcTop), row('docker stats', r.dockerStats)]),
	);
	console.log(`dockerd CPU meanwhile (serving both): ${pct(r.dockerd?.cpuPercent)}`);
	const ratio = r.ddcTop.cpuPercent / r.dockerStats.cpuPercent;
	console.log(
		`ddc-top: ${pct(r.ddcTop.cpuPercent)} of one core, target <= ${TARGET_CPU_PERCENT} % ` +
			`(${r.ddcTop.cpuPercent <= TARGET_CPU_PERCENT ? 'met' : 'MISSED'}); ${ratio.toFixed(2)}x docker stats`,
	);
	for (const note of r.notes) console.log(note);
	return {ddcTop: r.ddcTop, dockerStats: r.dockerStats, dockerd: r.dockerd};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchDockerCpu();
