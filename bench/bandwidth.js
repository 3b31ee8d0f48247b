// Bytes per second ddc-top writes to a 120x40 terminal (--demo writer, 10 running containers)
// and its CPU, next to `docker stats` measured the same way at the same time. Prints; does not assert.
// DDC_TOP_BENCH_SECONDS shortens the 60 s measurement.
import {fileURLToPath} from 'node:url';
import {benchSeconds, table} from './pty-run.js';
import {ddcTopVersusDockerStats, dockerVersions} from './side-by-side.js';

const TARGET_BYTES_PER_SECOND = 1500;

const kb = (b) => `${(b / 1000).toFixed(2)} KB/s`;
const pct = (p) => (Number.isFinite(p) ? `${p.toFixed(2)} %` : 'n/a');

export async function benchBandwidth({seconds = benchSeconds(60), containers = 10} = {}) {
	console.log(`\n== terminal bandwidth, 120x40 pty: ddc-top --demo vs docker stats, ${containers} containers, ${seconds} s ==`);
	console.log(`${await dockerVersions()}; ${process.version}; KB = 1000 bytes`);
	const r = await ddcTopVersusDockerStats({containers, seconds});
	console.log(`running containers: ${r.running} (${containers} of this run, ${r.busy} burning 5 % CPU each)`);
	const row = (name, m) => [name, kb(m.bytesPerSecond), m.framesPerSecond.toFixed(2), Math.round(m.bytesPerFrame), pct(m.cpuPercent)];
	console.log(
		table(
			['', 'bytes to terminal', 'frames/s', 'bytes/frame', 'CPU (one core)'],
			[row('ddc-top', r.ddcTop), row('docker stats', r.dockerStats)],
		),
	);
	console.log(`dockerd CPU meanwhile (serving both): ${pct(r.dockerd?.cpuPercent)}`);
	const ratio = r.ddcTop.bytesPerSecond / r.dockerStats.bytesPerSecond;
	console.log(
		`ddc-top: ${Math.round(r.ddcTop.bytesPerSecond)} B/s, target <= ${TARGET_BYTES_PER_SECOND} B/s ` +
			`(${r.ddcTop.bytesPerSecond <= TARGET_BYTES_PER_SECOND ? 'met' : 'MISSED'}); ` +
			`${ratio.toFixed(2)}x docker stats, target < 1x (${ratio < 1 ? 'met' : 'MISSED'})`,
	);
	for (const note of r.notes) console.log(note);
	return {ddcTop: r.ddcTop, dockerStats: r.dockerStats, dockerd: r.dockerd};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchBandwidth();
