import {appendFileSync} from 'node:fs';
import {mkdtemp, open, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Clock} from '../core/clock.js';
import {demoLine} from '../core/demo-lines.js';
import {seededRandom} from '../core/random.js';

export interface DemoWriter {
	path: string;
	stop(): Promise<void>;
}

export interface DemoOptions {
	clock: Clock;
	seed?: number;
	/** Lines per second appended live. */
	rate?: number;
	/** Hours of history written before the live part starts, so every window has numbers at once. */
	historyHours?: number;
	/** Directory for the file; a fresh temp directory when omitted (removed on stop). */
	directory?: string;
}

const HISTORY_BATCH_LINES = 500;

/**
 * `--demo`: writes a real DDC-format file in a temp directory (history first, then live appends, one
 * open-append-close per line as DDC does), so the demo exercises the same tailer as production.
 */
export async function startDemoWriter(options: DemoOptions): Promise<DemoWriter> {
	const random = seededRandom(options.seed ?? 20_251_112);
	const rate = options.rate ?? 4;
	const ownDirectory = options.directory === undefined;
	const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'ddc-top-demo-')));
	const path = join(directory, 'performance_metrics.jsonl');
	const now = options.clock() / 1000;
	const historySeconds = (options.historyHours ?? 26) * 3600;
	// History at a tenth of the live rate keeps the start-up file small (tens of thousands of lines). Written
	// in batches: one big string of it all would be promoted to the old generation and cost a major GC
	// half a minute later.
	const file = await open(path, 'w');
	try {
		let batch = '';
		let lines = 0;
		for (let t = now - historySeconds; t < now; t += (10 / rate) * (0.5 + random())) {
			batch += demoLine(random, t);
			if (++lines % HISTORY_BATCH_LINES === 0) {
				await file.write(batch);
				batch = '';
			}
		}
		await file.write(batch);
	} finally {
		await file.close();
	}

	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	const schedule = () => {
		if (stopped) return;
		// Exponential gaps: bursts and lulls, like real traffic.
		const gap = (-Math.log(Math.max(random(), 1e-9)) / rate) * 1000;
		timer = setTimeout(() => {
			// Synchronous on purpose: fs.promises.appendFile is three thread-pool round trips
			// (open, write, close), each waking the event loop, which cost more CPU than everything else the
			// demo does. A ~250-byte append to a local temp file lands in the page cache in microseconds,
			// and it is still one open-append-close per line, so a cleanup that renames over the path works.
			try {
				appendFileSync(path, demoLine(random, options.clock() / 1000));
			} catch {
				// The directory went away (stop() racing a tick): the demo is ending anyway.
			}
			schedule();
		}, gap);
	};
	schedule();

	return {
		path,
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			if (ownDirectory) await rm(directory, {recursive: true, force: true});
		},
	};
}
