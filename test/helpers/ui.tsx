import {stripVTControlCharacters} from 'node:util';
import {useInput} from 'ink';
import {render} from 'ink-testing-library';
import {useEffect, useLayoutEffect, useState} from 'react';
import type {DetailHistory} from '../../source/core/detail/detail-history.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {createStore, type Store} from '../../source/state/store.js';
import {composeScreen} from '../../source/terminal-output/frame-diff.js';
import {fixedTerminalSize} from '../../source/terminal-output/terminal-size.js';
import {InkRoot, type InkRootProps} from '../../source/ui/InkRoot.js';
import {createScreen} from '../../source/ui/screen.js';
import {waitFor} from './wait-for.js';

export const NOW_MS = 1_763_000_000_000;
/** The fake now in epoch seconds, as DDC's lines carry it. */
export const NOW_S = NOW_MS / 1000;

export const KEYS = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
	down: '\u001B[B',
	up: '\u001B[A',
	left: '\u001B[D',
	right: '\u001B[C',
};

export interface Harness {
	store: Store;
	frame(): string;
	/** Types each key and waits until Ink has handed it to the app (whose answer is drawn at once). */
	press(...keys: string[]): Promise<void>;
	emit(event: SourceEvent): void;
	waitForFrame(predicate: (frame: string) => boolean, what: string): Promise<string>;
	quits: number;
	unmount(): void;
}

export interface RenderOptions extends Partial<Pick<InkRootProps, 'store' | 'menu'>> {
	events?: SourceEvent[];
	columns?: number;
	rows?: number;
	dockerEnabled?: boolean;
}

/**
 * The metrics stream as a file would hold it, for an operation detail's past: the lines fed so far, each
 * with its newline, handed on in small chunks so the detail's reading in steps is exercised.
 */
function memoryHistory(): DetailHistory & {record(event: SourceEvent): void} {
	let bytes = Buffer.alloc(0);
	return {
		record(event) {
			if (event.type === 'metrics-reset') bytes = Buffer.alloc(0);
			else if (event.type === 'metrics-bytes') bytes = Buffer.concat([bytes, event.chunk]);
			else if (event.type === 'metrics-lines') bytes = Buffer.concat([bytes, Buffer.from(event.lines.map((l) => `${l}\n`).join(''))]);
		},
		async read(upTo, onChunk, signal) {
			for (let at = 0; at < Math.min(upTo(), bytes.length) && !signal.aborted; at += 4096) {
				onChunk(bytes.subarray(at, Math.min(at + 4096, upTo())));
				await new Promise<void>((resolve) => setImmediate(resolve));
			}
		},
	};
}

/**
 * Hears each key beside the app's own listener (the same emit runs both) and re-renders for it: in Ink's
 * legacy root every update of that emit is committed together, in a microtask, so once the probe's
 * render for a key is committed, so is the app's answer to it, and Ink has written the frame. Its mount
 * effect runs after the overlay's, so Ink is reading stdin once it has run.
 */
function KeyProbe({onKey, onDrawn, onReady}: {onKey(): number; onDrawn(keys: number): void; onReady(): void}) {
	const [keys, setKeys] = useState(0);
	useInput(() => setKeys(onKey()));
	// biome-ignore lint/correctness/useExhaustiveDependencies: the harness's callbacks never change; this runs once per key drawn
	useLayoutEffect(() => onDrawn(keys), [keys]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: once, at mount: Ink reads stdin from then on
	useEffect(onReady, []);
	return null;
}

/**
 * Renders the real screen at a fixed size over a store fed by hand (a deterministic fake source and
 * clock): the dashboard from the latest snapshot with Ink's overlay laid over it, laid out and composed
 * by the app's own functions (screen.ts, composeScreen).
 */
export async function renderApp(options: RenderOptions = {}): Promise<Harness> {
	const columns = options.columns ?? 100;
	const rows = options.rows ?? 30;
	let now = NOW_MS;
	const history = memoryHistory();
	const store =
		options.store ??
		createStore({
			clock: () => now,
			metricsPath: '/var/ddc/data/metrics/performance_metrics.jsonl',
			dockerEnabled: options.dockerEnabled ?? false,
			detailHistory: history,
		});
	const ingest = (e: SourceEvent) => {
		history.record(e);
		store.ingest(e);
	};
	for (const e of options.events ?? []) ingest(e);
	store.ingest({type: 'metrics-state', state: {kind: 'following'}});
	store.publish();
	const screen = createScreen(store, fixedTerminalSize({columns, rows}), {
		version: '0.0.0-test',
		dockerEnabled: options.dockerEnabled ?? false,
	});
	let keysHeard = 0;
	let keysDrawn = 0;
	let ready = false;
	const harness: Harness = {
		store,
		quits: 0,
		frame() {
			const {lines, overlayOrigin} = screen.current();
			// As a terminal shows it: no codes, nothing after the last character of a line.
			return composeScreen(lines, instance.lastFrame() ?? '', overlayOrigin)
				.map((line) => stripVTControlCharacters(line).trimEnd())
				.join('\n');
		},
		async press(...keys) {
			for (const key of keys) {
				const heard = keysHeard;
				instance.stdin.write(key);
				// Most keys are read within the write, a lone Escape once Ink has seen that no sequence follows;
				// what they change is drawn a microtask later.
				await waitFor(() => keysHeard > heard && keysDrawn === keysHeard, 3000, `the answer to ${JSON.stringify(key)}`, 1);
			}
		},
		emit(event) {
			ingest(event);
			now += 1000;
			store.publish();
		},
		async waitForFrame(predicate, what) {
			await waitFor(() => predicate(harness.frame()), 3000, what);
			return harness.frame();
		},
		unmount: () => instance.unmount(),
	};
	const instance = render(
		<>
			<InkRoot store={store} screen={screen} onQuit={() => harness.quits++} menu={options.menu} />
			<KeyProbe
				onKey={() => ++keysHeard}
				onDrawn={(keys) => {
					keysDrawn = keys;
				}}
				onReady={() => {
					ready = true;
				}}
			/>
		</>,
	);
	await waitFor(() => ready, 3000, 'Ink to read the keys');
	return harness;
}
