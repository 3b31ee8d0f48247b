// Runs in its own process so its figures (time, peak RSS) are its own.
// usage: node ingest-child.js PATH MODE [REPEAT]
//   MODE compare: baseline (readline + JSON.parse) and ddc-top on the same file, best of 5 each, interleaved.
//   MODE rss: ddc-top only, the file REPEAT times over (REPEAT x its lines), then peak RSS.
import {createReadStream, statSync} from 'node:fs';
import {createInterface} from 'node:readline';
import {MetricsIngest} from '../dist/source/core/ingest.js';
import {ingestWholeFile} from '../dist/source/sources/read-file.js';

const [path, mode, repeatText = '10'] = process.argv.slice(2);
const now = Date.now() / 1000;

async function baseline() {
	const started = process.hrtime.bigint();
	let n = 0;
	let sink = 0;
	const rl = createInterface({input: createReadStream(path), crlfDelay: Infinity});
	for await (const line of rl) {
		if (!line) continue;
		const o = JSON.parse(line);
		sink += o.duration;
		n++;
	}
	return {seconds: Number(process.hrtime.bigint() - started) / 1e9, lines: n, sink};
}

async function ours() {
	const started = process.hrtime.bigint();
	const ingest = new MetricsIngest();
	await ingestWholeFile(path, ingest, now);
	const ingested = process.hrtime.bigint();
	// A full snapshot: every operation's statistics for the default window, as the first frame needs.
	const rows = ingest.stats.summaries('24h');
	const done = process.hrtime.bigint();
	return {
		seconds: Number(ingested - started) / 1e9,
		snapshotSeconds: Number(done - started) / 1e9,
		lines: ingest.linesRead,
		rejected: ingest.linesRejected,
		operations: rows.length,
	};
}

if (mode === 'compare') {
	const runs = {baseline: [], ours: []};
	for (let i = 0; i < 5; i++) {
		runs.baseline.push(await baseline());
		runs.ours.push(await ours());
	}
	const best = (list) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
	process.stdout.write(JSON.stringify({baseline: best(runs.baseline), ours: best(runs.ours), bytes: statSync(path).size}));
} else {
	const ingest = new MetricsIngest();
	const repeat = Number(repeatText);
	const started = process.hrtime.bigint();
	for (let i = 0; i < repeat; i++) await ingestWholeFile(path, ingest, now);
	ingest.stats.summaries('24h');
	ingest.stats.summaries('1h');
	ingest.stats.summaries('all');
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	globalThis.gc?.();
	const rssNow = process.memoryUsage().rss;
	process.stdout.write(
		JSON.stringify({
			lines: ingest.linesRead,
			seconds,
			peakRssBytes: process.resourceUsage().maxRSS * 1024,
			rssAfterGcBytes: rssNow,
			histograms: ingest.stats.summaries('all').reduce((n, s) => n + (ingest.stats.peek(s.operation)?.histograms ?? 0), 0),
		}),
	);
}
