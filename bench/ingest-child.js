// Runs in its own process so its figures (time, peak RSS) are its own.
// usage: node ingest-child.js PATH MODE [REPEAT]
//   MODE compare: baseline (readline + JSON.parse) and ddc-top on the same file, best of 5 each, interleaved.
//   MODE rss: ddc-top only, the file REPEAT times over (REPEAT x its lines), then peak RSS.
//   MODE rss-detail: as rss, through the live store, then the busiest operation's detail opened as the view
//     opens it (the stream's past read again, REPEAT times the file) and drawn for each window: peak RSS.
import {createReadStream, statSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {MetricsIngest} from '../dist/source/core/ingest.js';
import {ingestWholeFile} from '../dist/source/sources/read-file.js';
import {createStore} from '../dist/source/state/store.js';

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

/** The file's bytes REPEAT times over, in 1 MiB chunks from byte `from`, up to `upTo()`: one long stream. */
async function readRepeated(path, repeat, onChunk, upTo = () => Number.POSITIVE_INFINITY, signal = {aborted: false}) {
	const size = statSync(path).size;
	const handle = await open(path);
	try {
		const buffer = Buffer.allocUnsafe(1024 * 1024);
		let done = 0;
		for (let i = 0; i < repeat && done < upTo() && !signal.aborted; i++) {
			for (let offset = 0; offset < size && done < upTo() && !signal.aborted; ) {
				const {bytesRead} = await handle.read(buffer, 0, Math.min(buffer.length, size - offset, upTo() - done), offset);
				if (bytesRead === 0) break;
				offset += bytesRead;
				done += bytesRead;
				onChunk(buffer.subarray(0, bytesRead));
			}
		}
	} finally {
		await handle.close();
	}
}

/** The newest line's end_time (the file's last line): a generated file may be hours old when it is read again. */
async function lastEndTime(path) {
	const size = statSync(path).size;
	const handle = await open(path);
	try {
		const tail = Buffer.alloc(Math.min(size, 64 * 1024));
		await handle.read(tail, 0, tail.length, size - tail.length);
		const last = tail.toString('utf8').trimEnd().split('\n').at(-1);
		return JSON.parse(last).end_time;
	} finally {
		await handle.close();
	}
}

/** The live view's path: the store ingests the stream, then an operation's detail opens over all of it. */
async function rssWithDetail(repeat) {
	// As if DDC had just written the last line, so the detail's 1h and 24h windows hold calls too.
	const at = (await lastEndTime(path)) + 1;
	const store = createStore({
		clock: () => at * 1000,
		metricsPath: path,
		dockerEnabled: false,
		// The detail reads the stream's past again as the view does (fileDetailHistory), here the repeated file.
		detailHistory: {read: (upTo, onChunk, signal) => readRepeated(path, repeat, onChunk, upTo, signal)},
	});
	const started = process.hrtime.bigint();
	await readRepeated(path, repeat, (chunk) => store.ingest({type: 'metrics-bytes', chunk}));
	store.publish();
	const ingested = process.hrtime.bigint();
	const linesRead = store.getSnapshot().file.linesRead;
	store.dispatch({type: 'cycle-window'}); // 24h -> all: the busiest operation of the whole file
	const busiest = store.getSnapshot().operations.rows.reduce((a, b) => (b.calls > a.calls ? b : a));
	store.dispatch({type: 'detail-open', operation: busiest.operation});
	while (store.getSnapshot().detail?.phase.kind !== 'live') await new Promise((resolve) => setTimeout(resolve, 5));
	// Every window drawn once (1h, 24h, all), and a marked range: each builds its distribution, timeline and heatmap.
	const calls = [];
	for (let i = 0; i < 3; i++) {
		store.dispatch({type: 'cycle-window'});
		calls.push(store.getSnapshot().detail.result.calls);
	}
	for (const action of [{type: 'time-cursor', by: -1}, {type: 'time-mark'}, {type: 'time-cursor', by: -1}, {type: 'time-mark'}])
		store.dispatch(action);
	const detail = store.getSnapshot().detail;
	const opened = process.hrtime.bigint();
	globalThis.gc?.();
	return {
		lines: linesRead,
		operation: busiest.operation,
		detailCalls: detail.window.calls,
		rangeCalls: detail.result.calls,
		windowCalls: calls,
		ingestSeconds: Number(ingested - started) / 1e9,
		detailSeconds: Number(opened - ingested) / 1e9,
		peakRssBytes: process.resourceUsage().maxRSS * 1024,
		rssAfterGcBytes: process.memoryUsage().rss,
		// Held to here, so what was measured was alive.
		open: store.getSnapshot().ui.view.kind,
	};
}

if (mode === 'rss-detail') {
	process.stdout.write(JSON.stringify(await rssWithDetail(Number(repeatText))));
} else if (mode === 'compare') {
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
