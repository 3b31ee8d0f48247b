// Ingest speed against a plain readline + JSON.parse loop, and peak memory after 10M lines, alone and with
// the busiest operation's detail open (issue #14 §5); then peak memory at the operation cap (1,000
// operations, each with calls in every window).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateMetricsFile} from './generate.js';
import {generateManyOperationsFile} from './generate-many.js';

const CHILD = fileURLToPath(new URL('./ingest-child.js', import.meta.url));
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');

export async function benchMetrics({lines = 1_000_000, rssRepeat = 10, capLines = 1_000_000} = {}) {
	const dir = join(tmpdir(), 'ddc-top-bench');
	mkdirSync(dir, {recursive: true});
	const path = join(dir, `metrics-${lines}.jsonl`);
	if (!existsSync(path)) {
		const t = Date.now();
		await generateMetricsFile(path, {lines});
		console.log(
			`generated ${fmt(lines)} lines (30 days, 15 operations, ${mb(statSync(path).size)})` +
				` in ${((Date.now() - t) / 1000).toFixed(1)} s: ${path}`,
		);
	}
	const run = (args) =>
		JSON.parse(execFileSync(process.execPath, ['--expose-gc', CHILD, path, ...args], {encoding: 'utf8', maxBuffer: 1 << 20}));
	const c = run(['compare']);
	const oursRate = c.ours.lines / c.ours.seconds;
	const baseRate = c.baseline.lines / c.baseline.seconds;
	console.log('\n== metrics ingest (one core, best of 5 interleaved, same process) ==');
	console.log(
		`ddc-top:  ${fmt(oursRate)} lines/s  (${fmt(c.ours.lines)} lines, ${c.ours.rejected} rejected, ${c.ours.seconds.toFixed(3)} s)` +
			'  target >= 2,000,000',
	);
	console.log(`first full snapshot (ingest + statistics of every operation): ${c.ours.snapshotSeconds.toFixed(3)} s`);
	console.log(`baseline readline + JSON.parse: ${fmt(baseRate)} lines/s (${c.baseline.seconds.toFixed(3)} s)`);
	console.log(`ratio: ${(oursRate / baseRate).toFixed(2)}x the baseline  target >= 3x`);
	const r = run(['rss', String(rssRepeat)]);
	console.log(
		`peak RSS after ${fmt(r.lines)} lines: ${mb(r.peakRssBytes)}` +
			` (after GC ${mb(r.rssAfterGcBytes)}; ${fmt(r.lines / r.seconds)} lines/s)  target <= 150 MB`,
	);
	const d = run(['rss-detail', String(rssRepeat)]);
	console.log(
		`with the operation detail open (${d.operation}: ${fmt(d.detailCalls)} of the ${fmt(d.lines)} lines, read again as the` +
			` view opens it in ${d.detailSeconds.toFixed(1)} s; each window drawn, a range marked): peak RSS ${mb(d.peakRssBytes)}` +
			` (after GC ${mb(d.rssAfterGcBytes)})  target <= 150 MB`,
	);
	// Written fresh each run: its calls must be inside the last hour and day when it is read.
	const capPath = join(dir, `metrics-1000-operations-${capLines}.jsonl`);
	await generateManyOperationsFile(capPath, {operations: 1000, lines: capLines, hours: 24});
	const cap = JSON.parse(
		execFileSync(process.execPath, ['--expose-gc', CHILD, capPath, 'rss', '1'], {encoding: 'utf8', maxBuffer: 1 << 20}),
	);
	console.log(
		`1,000 operations (the cap; ${fmt(cap.lines)} lines over the last 24 h, about ${fmt(cap.lines / 1000)} calls each, every window): ` +
			`peak RSS ${mb(cap.peakRssBytes)} (after GC ${mb(cap.rssAfterGcBytes)}; ${cap.histograms} window histograms)  target <= 200 MB`,
	);
	return {
		oursRate,
		baseRate,
		ratio: oursRate / baseRate,
		snapshotSeconds: c.ours.snapshotSeconds,
		peakRssBytes: r.peakRssBytes,
		detailPeakRssBytes: d.peakRssBytes,
		capPeakRssBytes: cap.peakRssBytes,
	};
}
