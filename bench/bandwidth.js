// Bytes per second ddc-top writes to a 120x40 terminal (--demo writer, 10 running containers)
// and its CPU, next to `docker stats` measured the same way at the same time. Prints; does not assert.
// DDC_TOP_BENCH_SECONDS shortens the 60 s measurement.

import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {benchSeconds, mark, rates, startInPty, table} from './pty-run.js';
import {ddcTopVersusDockerStats, dockerVersions, ENGINE_HOST, engineEnv, ensureEngine, startContainers} from './side-by-side.js';

const TARGET_BYTES_PER_SECOND = 1500;
/** The operation and container details (issue #14 §5): live once a second, they must cost less than the tables. */
const DETAIL_TARGET_BYTES_PER_SECOND = 1000;
const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'ddc-top.js');

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
	const detail = await benchDetailBandwidth({seconds});
	const containerDetail = await benchContainerDetailBandwidth({seconds});
	return {ddcTop: r.ddcTop, dockerStats: r.dockerStats, dockerd: r.dockerd, detail, containerDetail};
}

/**
 * The operation detail at 120x40 with the demo (no Docker): Enter on the busiest operation once the demo's
 * file is read, then the bytes written while the detail follows the file at one refresh a second.
 */
export async function benchDetailBandwidth({seconds = benchSeconds(60)} = {}) {
	console.log(`\n== terminal bandwidth, 120x40 pty: the operation detail of ddc-top --demo --no-docker, ${seconds} s ==`);
	return measureDetail({
		name: 'detail',
		argv: [process.execPath, BIN, '--demo', '--no-docker'],
		seconds,
		async open(run, until) {
			await until('the demo file followed', (t) => t.includes('following'));
			// End, then Enter: the last row by p95, the busiest of the demo's operations, so its detail moves the most.
			run.type('\u001B[F');
			await delay(500);
			run.type('\r');
			await until('the detail', (t) => t.includes('Esc back'));
		},
	});
}

/**
 * The container detail (issue #14 §3) at 120x40 on the private engine, with the demo writing metrics: Tab to
 * the containers, a filter leaving this run's one container (it burns a little CPU, so its figures and charts
 * move every second), Enter; then the bytes written while the detail is shown, logs hidden (as it opens).
 */
export async function benchContainerDetailBandwidth({seconds = benchSeconds(60)} = {}) {
	console.log(`\n== terminal bandwidth, 120x40 pty: a container detail of ddc-top --demo on the private engine, ${seconds} s ==`);
	await ensureEngine();
	const started = await startContainers(1, 'dcd');
	const name = `${started.prefix}busy-0`;
	try {
		return await measureDetail({
			name: 'container detail',
			argv: [process.execPath, BIN, '--demo', '--docker-host', ENGINE_HOST],
			env: {...engineEnv(), DOCKER_HOST: ENGINE_HOST},
			seconds,
			async open(run, until) {
				await until('the container listed', (t) => t.includes(name));
				run.type('\t');
				await delay(500);
				run.type('/');
				await delay(300);
				run.type(started.prefix);
				await delay(300);
				run.type('\r');
				await delay(1000);
				const before = run.transcript().length;
				run.type('\r');
				await until('the container detail', (t) => t.includes('Operations naming it', before));
				// Its own detail: the filter left only this run's container under the cursor.
				if (!run.transcript().slice(before).includes(name)) throw new Error(`the detail opened is not ${name}'s`);
			},
		});
	} finally {
		await started.removeAll();
	}
}

/** Starts ddc-top in a 120x40 pty, opens a detail with `open`, lets it settle, then measures what it writes. */
async function measureDetail({name, argv, env = {}, seconds, open}) {
	const run = await startInPty({argv, env, columns: 120, rows: 40, executable: process.execPath});
	try {
		const until = async (what, test, timeoutMs = 30_000) => {
			const deadline = Date.now() + timeoutMs;
			while (!test(run.transcript())) {
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
				await delay(100);
			}
		};
		await open(run, until);
		// Settling (a measurement choice): the past is read and the new screen's first whole frames are out.
		await delay(5000);
		const from = mark([run]);
		await delay(seconds * 1000);
		const [m] = rates(from, mark([run]));
		console.log(
			table(
				['', 'bytes to terminal', 'frames/s', 'bytes/frame', 'CPU (one core)'],
				[[name, kb(m.bytesPerSecond), m.framesPerSecond.toFixed(2), Math.round(m.bytesPerFrame), pct(m.cpuPercent)]],
			),
		);
		console.log(
			`${name}: ${Math.round(m.bytesPerSecond)} B/s, target <= ${DETAIL_TARGET_BYTES_PER_SECOND} B/s ` +
				`(${m.bytesPerSecond <= DETAIL_TARGET_BYTES_PER_SECOND ? 'met' : 'MISSED'})`,
		);
		return m;
	} finally {
		await run.stop();
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (process.argv[2] === 'detail') await benchDetailBandwidth();
	else if (process.argv[2] === 'container-detail') await benchContainerDetailBandwidth();
	else await benchBandwidth();
}
