// How long one live frame costs to render (React + Ink + frame diff), at 120x40 with 15 operations and
// 20 containers: the part of ddc-top's CPU that grows with what is on screen.
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {createStore} from '../source/state/store.js';
import {App} from '../source/ui/App.js';
import {createFrameWriter} from '../source/ui/frame-writer.js';
import {demoLine} from '../source/core/demo-lines.js';
import {seededRandom} from '../source/core/random.js';

/** A terminal stdin that never types: useInput needs raw mode to exist. */
function fakeStdin(): NodeJS.ReadStream {
	const noop = () => {};
	return Object.assign(new EventEmitter(), {isTTY: true, setRawMode: noop, setEncoding: noop, ref: noop, unref: noop, resume: noop, pause: noop, read: () => null}) as unknown as NodeJS.ReadStream;
}

export async function renderCost(frames = 200): Promise<number> {
	let now = Date.now();
	const store = createStore({clock: () => now, metricsPath: '/var/lib/ddc/data/metrics/performance_metrics.jsonl', dockerEnabled: true});
	const random = seededRandom(1);
	store.ingest({type: 'metrics-lines', lines: Array.from({length: 20_000}, (_, i) => demoLine(random, now / 1000 - 80_000 + i * 4).trimEnd())});
	store.ingest({type: 'metrics-state', state: {kind: 'following'}});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}});
	const terminal = Object.assign(new EventEmitter(), {columns: 120, rows: 40, bytes: 0, write(d: string) {
		this.bytes += d.length;
		return true;
	}});
	const frames$ = createFrameWriter(terminal as unknown as NodeJS.WriteStream, {maxFps: 100_000});
	let inkWrites = 0;
	const inkWrite = frames$.stdout.write.bind(frames$.stdout);
	(frames$.stdout as unknown as {write: (...a: unknown[]) => boolean}).write = (...a: unknown[]) => {
		inkWrites++;
		return (inkWrite as (...b: unknown[]) => boolean)(...a);
	};
	const tick = (i: number) => {
		now += 1000;
		for (let c = 0; c < 20; c++) {
			store.ingest({type: 'container-sample', sample: {id: `c${c}`, name: `container-${c}`, state: 'running', cpuPercent: (c * 7 + i * 3) % 100, memUsedBytes: (100 + c + (i % 7)) << 20, memLimitBytes: 1 << 30, memPercent: 10, netRxBytes: i * 1000, netTxBytes: i * 500, blockReadBytes: 0, blockWriteBytes: i * 4096, pids: 3, at: now}});
		}
		store.ingest({type: 'metrics-lines', lines: [demoLine(random, now / 1000).trimEnd()]});
		store.ingest({type: 'host-sample', sample: {cpuPercent: i % 100, memUsedBytes: 1 << 30, memTotalBytes: 8 << 30, load1: 0.5, load5: 0.4, load15: 0.3, at: now}});
		store.publish();
	};
	const instance = render(<App store={store} columns={120} rows={40} version="bench" dockerEnabled onQuit={() => {}} />, {stdout: frames$.stdout, stdin: fakeStdin(), debug: true, patchConsole: false, exitOnCtrlC: false});
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	for (let i = 0; i < 30; i++) {
		tick(i); // warm up
		await settle();
	}
	const started = process.hrtime.bigint();
	const cpu0 = process.cpuUsage();
	for (let i = 0; i < frames; i++) {
		tick(i + 30);
		// React commits on a later task: let each frame render before the next tick.
		await settle();
	}
	const wall = Number(process.hrtime.bigint() - started) / 1e6 / frames;
	const cpu = process.cpuUsage(cpu0);
	instance.unmount();
	frames$.dispose();
	if (process.env.DEBUG_RENDER) console.log('bytes to terminal', frames$.bytesWritten, 'ink writes', inkWrites);
	const perFrame = (cpu.user + cpu.system) / 1000 / frames;
	console.log(`render: ${perFrame.toFixed(2)} ms CPU per frame (${wall.toFixed(2)} ms wall) at 120x40, 15 operations, 20 containers; NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`);
	return perFrame;
}

if (import.meta.url === `file://${process.argv[1]}`) await renderCost();
