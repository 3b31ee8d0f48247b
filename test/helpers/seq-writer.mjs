// A stand-in for DDC's writer in a separate process: for every line it opens the file in append mode,
// writes the whole line, and closes it (utils/performance_metrics.py, no lock). Each line carries a
// sequence number in its metadata so a test can check that every line survives exactly once.
//
// usage: node seq-writer.mjs FILE [--rate LINES_PER_S] [--hold MS]
//   --rate  lines per second (default 5000)
//   --hold  instead of open/write/close per line, keep ONE descriptor open for MS milliseconds and write
//           through it (a writer that opened the file before a cleanup renamed it), then exit.
// On SIGTERM (or when --hold ends) it prints {"written": N, "ms": T} and exits 0.
import {closeSync, openSync, writeSync} from 'node:fs';
// The built module (npm test builds first), so this runs under plain node as a separate process.
import {formatDdcLine} from '../../dist/source/core/ddc-line-writer.js';

const args = process.argv.slice(2);
const file = args[0];
const option = (name, fallback) => {
	const at = args.indexOf(name);
	return at === -1 ? fallback : Number(args[at + 1]);
};
const rate = option('--rate', 5000);
const holdMs = option('--hold', 0);

let stop = false;
process.on('SIGTERM', () => {
	stop = true;
});

const line = (seq) => formatDdcLine({operation: 'seq_writer', end: Date.now() / 1000, duration: 0.002, metadata: {seq}});

const started = performance.now();
let seq = 0;
const heldFd = holdMs > 0 ? openSync(file, 'a') : undefined;
process.stdout.write('ready\n');
while (!stop) {
	const elapsed = performance.now() - started;
	if (heldFd !== undefined && elapsed >= holdMs) break;
	const due = Math.floor((elapsed / 1000) * rate);
	while (seq < due) {
		const text = line(seq);
		if (heldFd === undefined) {
			const fd = openSync(file, 'a');
			writeSync(fd, text);
			closeSync(fd);
		} else {
			writeSync(heldFd, text);
		}
		seq++;
	}
	await new Promise((resolve) => setTimeout(resolve, 1));
}
if (heldFd !== undefined) closeSync(heldFd);
process.stdout.write(`${JSON.stringify({written: seq, ms: performance.now() - started})}\n`);
