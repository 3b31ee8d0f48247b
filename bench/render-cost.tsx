// What one live frame costs to draw at 120x40 with 15 operations and 20 containers (the part of
// ddc-top's CPU that grows with what is on screen): snapshot -> dashboard lines -> cell diff, with the
// Ink overlay mounted as in the app. Baseline, same process, same frames: Ink drawing those lines itself
// (one <Text>, its cheapest possible tree) into the same frame writer.
import {EventEmitter} from 'node:events';
import {render, Text} from 'ink';
import {useSyncExternalStore} from 'react';
import {demoLine} from '../source/core/demo-lines.js';
import {seededRandom} from '../source/core/random.js';
import {createStore, type Store} from '../source/state/store.js';
import {createFrameWriter} from '../source/terminal-output/frame-writer.js';
import {fixedTerminalSize} from '../source/terminal-output/terminal-size.js';
import {renderDashboard} from '../source/ui/dashboard/dashboard.js';
import {InkRoot} from '../source/ui/InkRoot.js';
import {createScreen} from '../source/ui/screen.js';

const COLUMNS = 120;
const ROWS = 40;

/** A terminal stdin that never types: useInput needs raw mode to exist. */
function fakeStdin(): NodeJS.ReadStream {
	const noop = () => {};
	return Object.assign(new EventEmitter(), {
		isTTY: true,
		setRawMode: noop,
		setEncoding: noop,
		ref: noop,
		unref: noop,
		resume: noop,
		pause: noop,
		read: () => null,
	}) as unknown as NodeJS.ReadStream;
}

function fakeTerminal() {
	return Object.assign(new EventEmitter(), {
		columns: COLUMNS,
		rows: ROWS,
		bytes: 0,
		write(d: string) {
			this.bytes += d.length;
			return true;
		},
	});
}

function scenario(): {store: Store; tick: (i: number) => void} {
	let now = Date.now();
	const store = createStore({clock: () => now, metricsPath: '/var/lib/ddc/data/metrics/performance_metrics.jsonl', dockerEnabled: true});
	const random = seededRandom(1);
	store.ingest({
		type: 'metrics-lines',
		lines: Array.from({length: 20_000}, (_, i) => demoLine(random, now / 1000 - 80_000 + i * 4).trimEnd()),
	});
	store.ingest({type: 'metrics-state', state: {kind: 'following'}});
	store.ingest({type: 'docker-status', status: {kind: 'live', endpoint: 'unix:///var/run/docker.sock'}});
	const tick = (i: number) => {
		now += 1000;
		for (let c = 0; c < 20; c++) {
			store.ingest({
				type: 'container-sample',
				sample: {
					id: `c${c}`,
					name: `container-${c}`,
					state: 'running',
					cpuPercent: (c * 7 + i * 3) % 100,
					memUsedBytes: (100 + c + (i % 7)) << 20,
					memLimitBytes: 1 << 30,
					memPercent: 10,
					netRxBytes: i * 1000,
					netTxBytes: i * 500,
					blockReadBytes: 0,
					blockWriteBytes: i * 4096,
					pids: 3,
					at: now,
				},
			});
		}
		store.ingest({type: 'metrics-lines', lines: [demoLine(random, now / 1000).trimEnd()]});
		store.ingest({
			type: 'host-sample',
			sample: {cpuPercent: i % 100, memUsedBytes: 1 << 30, memTotalBytes: 8 << 30, load1: 0.5, load5: 0.4, load15: 0.3, at: now},
		});
		store.publish();
	};
	return {store, tick};
}

const dashboard = (store: Store) =>
	renderDashboard(store.getSnapshot(), {columns: COLUMNS, rows: ROWS, version: 'bench', dockerEnabled: true});

/** CPU ms per frame over `frames` ticks after a warm-up; each frame is let through before the next tick. */
async function measure(tick: (i: number) => void, frames: number): Promise<{cpu: number; wall: number}> {
	const settle = () => new Promise((resolve) => setImmediate(resolve));
	for (let i = 0; i < 30; i++) {
		tick(i);
		await settle();
	}
	const started = process.hrtime.bigint();
	const cpu0 = process.cpuUsage();
	for (let i = 0; i < frames; i++) {
		tick(i + 30);
		await settle();
		await settle();
	}
	const cpu = process.cpuUsage(cpu0);
	return {cpu: (cpu.user + cpu.system) / 1000 / frames, wall: Number(process.hrtime.bigint() - started) / 1e6 / frames};
}

/** As ddc-top draws: the dashboard as lines, Ink mounted for the overlay (nothing open). */
async function ours(frames: number) {
	const {store, tick} = scenario();
	const terminal = fakeTerminal();
	const size = fixedTerminalSize({columns: COLUMNS, rows: ROWS});
	const writer = createFrameWriter(terminal as unknown as NodeJS.WriteStream, {maxFps: 100_000, size});
	const screen = createScreen(store, size, {version: 'bench', dockerEnabled: true});
	const unsubscribe = screen.subscribe(() => writer.setBase(screen.current().lines, screen.current().overlayOrigin));
	const ink = render(<InkRoot store={store} screen={screen} onQuit={() => {}} />, {
		stdout: writer.stdout,
		stdin: fakeStdin(),
		debug: true,
		patchConsole: false,
		exitOnCtrlC: false,
	});
	const result = await measure(tick, frames);
	unsubscribe();
	ink.unmount();
	writer.dispose();
	return {...result, bytes: terminal.bytes};
}

/** Baseline: Ink lays out and draws the very same lines every frame. */
async function inkDrawn(frames: number) {
	const {store, tick} = scenario();
	const terminal = fakeTerminal();
	const writer = createFrameWriter(terminal as unknown as NodeJS.WriteStream, {maxFps: 100_000});
	writer.setBase([], {x: 0, y: 0});
	// biome-ignore lint/correctness/noComponentHookFactories: one component per measured run, over that run's store
	function Screen() {
		const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
		void snap;
		return <Text>{dashboard(store).join('\n')}</Text>;
	}
	const ink = render(<Screen />, {stdout: writer.stdout, stdin: fakeStdin(), debug: true, patchConsole: false, exitOnCtrlC: false});
	const result = await measure(tick, frames);
	ink.unmount();
	writer.dispose();
	return {...result, bytes: terminal.bytes};
}

export async function renderCost(frames = 200): Promise<number> {
	const baseline = await inkDrawn(frames);
	const mine = await ours(frames);
	const fmt = (r: {cpu: number; wall: number}) => `${r.cpu.toFixed(2)} ms CPU (${r.wall.toFixed(2)} ms wall)`;
	console.log(
		`render, per frame at ${COLUMNS}x${ROWS}, 15 operations, 20 containers, ${frames} frames;` +
			` NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`,
	);
	console.log(`  ddc-top (dashboard lines + cell diff, Ink overlay mounted): ${fmt(mine)}`);
	console.log(`  baseline, Ink drawing the same lines as one <Text>:         ${fmt(baseline)}`);
	console.log(
		`  ratio: ${(baseline.cpu / mine.cpu).toFixed(1)}x less CPU per frame;` +
			` terminal bytes/frame ${(mine.bytes / (frames + 30)).toFixed(0)} vs ${(baseline.bytes / (frames + 30)).toFixed(0)}`,
	);
	return mine.cpu;
}

if (import.meta.url === `file://${process.argv[1]}`) await renderCost();
