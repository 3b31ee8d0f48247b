// A single over-long line (100 MB, then 600 MB) between two valid DDC lines, read by
// `--once --json` as a whole process: wall and CPU time, peak RSS, lines read and rejected, and whether the
// line after it was counted; and a 100 MB unfinished last line (no newline yet). The baseline, run
// alongside, is the same two valid lines without the long one.
// The long lines are sparse files (a prefix, then ftruncate), so making them costs neither time nor disk.
import {closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {demoLine} from '../dist/source/core/demo-lines.js';
import {MAX_LINE_BYTES} from '../dist/source/core/line-limit.js';
import {seededRandom} from '../dist/source/core/random.js';
import {measuredRun} from './measured-run.js';

const BIN = fileURLToPath(new URL('../bin/ddc-top.js', import.meta.url));
const MB = 1024 * 1024;

/**
 * The file: a valid line, then (when `longBytes` > 0) one line of that many bytes, then, when `ended`, its
 * newline and a valid line; otherwise the long line is the file's unfinished last line.
 */
function writeFile(file, longBytes, ended) {
	const random = seededRandom(18);
	const now = Date.now() / 1000;
	const before = demoLine(random, now - 2);
	const after = demoLine(random, now - 1);
	const fd = openSync(file, 'w');
	try {
		let at = writeSync(fd, before);
		if (longBytes > 0) {
			// Starts like an entry; the rest is the hole ftruncate leaves, read back as zero bytes.
			at += writeSync(fd, '{"operation": "long", "metadata": {"error": "');
			const end = Buffer.byteLength(before) + longBytes;
			ftruncateSync(fd, end);
			if (!ended) return;
			at = end + writeSync(fd, '\n', end);
		}
		writeSync(fd, after, at);
	} finally {
		closeSync(fd);
	}
}

/** One `--once --json` run over `file`, measured. */
function runOnce(file) {
	const r = measuredRun([BIN, '--once', '--json', '--no-docker', '--metrics', file]);
	if (r.status !== 0) throw new Error(`--once --json over ${file}: exit ${r.status}: ${r.stderr.trim()}`);
	const doc = JSON.parse(r.stdout);
	const calls = Object.values(doc.statistics).reduce((sum, s) => sum + s.total_calls, 0);
	return {...r, source: doc.ddc_top.source, calls};
}

export async function benchLongLine() {
	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-bench-long-line-'));
	try {
		console.log(
			'\nlong line: --once --json over a valid line, one long line, a valid line, and a long unfinished last line' +
				` (line limit ${MAX_LINE_BYTES / MB} MiB; wall and CPU time, peak RSS, whole process)`,
		);
		const cases = [
			{label: 'baseline, no long line', longBytes: 0, ended: true, read: 2, rejected: 0, calls: 2},
			{label: '100 MB line', longBytes: 100 * MB, ended: true, read: 3, rejected: 1, calls: 2},
			{label: '600 MB line', longBytes: 600 * MB, ended: true, read: 3, rejected: 1, calls: 2},
			// Still being written: held, not judged, until its newline arrives (before the limit: 7.7 s, 400 MB).
			{label: '100 MB, no newline, last', longBytes: 100 * MB, ended: false, read: 1, rejected: 0, calls: 1},
		];
		for (const c of cases) {
			const file = path.join(dir, 'long.jsonl');
			writeFile(file, c.longBytes, c.ended);
			const r = runOnce(file);
			rmSync(file);
			const reasons =
				Object.entries(r.source.rejected_by_reason)
					.map(([k, v]) => `${k} ${v}`)
					.join(', ') || 'none';
			console.log(
				`  ${c.label.padEnd(25)} ${(r.wallMs / 1000).toFixed(2).padStart(5)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s)` +
					`  peak RSS ${(r.maxRssKb / 1024).toFixed(0).padStart(4)} MB  ` +
					`lines read ${r.source.lines_read}, rejected ${r.source.lines_rejected} (${reasons}), calls counted ${r.calls} of ${c.calls}`,
			);
			// The figures mean nothing unless the long line was skipped as too long and every valid line counted.
			const ok =
				r.source.lines_read === c.read &&
				r.source.lines_rejected === c.rejected &&
				(r.source.rejected_by_reason['too-long'] ?? 0) === c.rejected &&
				r.calls === c.calls;
			if (!ok) throw new Error(`long line, ${c.label}: expected ${c.read} read, ${c.rejected} rejected as too-long and ${c.calls} calls`);
		}
		console.log(
			'  before the line limit: a line over 512 MB failed --once after 212 s; a 100 MB line without newline took 7.7 s and 400 MB',
		);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
