import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {formatDdcLine} from '../../source/core/ddc-line-writer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {composeOverlay} from '../../source/terminal-output/frame-diff.js';
import {renderDashboard} from '../../source/ui/dashboard/dashboard.js';
import {Overlay, overlayOrigin, type OverlayProps} from '../../source/ui/Overlay.js';
import {waitFor} from './wait-for.js';

export const NOW_MS = 1_763_000_000_000;

export const KEYS = {enter: '\r', escape: '\u001B', tab: '\t', backspace: '\u007F', ctrlC: '\u0003', down: '\u001B[B', up: '\u001B[A'};

/** A DDC line (no newline) at `ageSeconds` before the fake now. */
export function ddcLine(operation: string, duration: number, success = true, ageSeconds = 60, metadata = '{}'): string {
	return formatDdcLine({operation, end: NOW_MS / 1000 - ageSeconds, duration, success, metadata: JSON.parse(metadata)}).trimEnd();
}

export interface Harness {
	store: Store;
	frame(): string;
	press(...keys: string[]): Promise<void>;
	emit(event: SourceEvent): void;
	waitForFrame(predicate: (frame: string) => boolean, what: string): Promise<string>;
	quits: number;
	unmount(): void;
}

export interface RenderOptions extends Partial<Pick<OverlayProps, 'store' | 'menu'>> {
	events?: SourceEvent[];
	columns?: number;
	rows?: number;
	dockerEnabled?: boolean;
}

/**
 * Renders the real screen at a fixed size over a store fed by hand (a deterministic fake source and
 * clock): the dashboard from the latest snapshot with Ink's overlay laid over it, as the frame writer
 * composes them. Ink 6.8 subscribes to input in an effect: wait a macrotask before the first key and
 * after each one.
 */
export async function renderApp(options: RenderOptions = {}): Promise<Harness> {
	const columns = options.columns ?? 100;
	const rows = options.rows ?? 30;
	let now = NOW_MS;
	const store = options.store ?? createStore({clock: () => now, metricsPath: '/var/ddc/data/metrics/performance_metrics.jsonl', dockerEnabled: options.dockerEnabled ?? false});
	for (const e of options.events ?? []) store.ingest(e);
	store.ingest({type: 'metrics-state', state: {kind: 'following'}});
	store.publish();
	const harness: Harness = {
		store,
		quits: 0,
		frame() {
			const snap = store.getSnapshot();
			const base = renderDashboard(snap, {columns, rows, version: '0.0.0-test', dockerEnabled: options.dockerEnabled ?? false});
			const overlay = instance.lastFrame() ?? '';
			const origin = overlay.trim() === '' ? undefined : overlayOrigin(snap, columns, rows);
			const screen = origin ? composeOverlay(base, overlay, origin) : base;
			// As a terminal shows it: no codes, nothing after the last character of a line.
			return screen.map((line) => stripVTControlCharacters(line).trimEnd()).join('\n');
		},
		async press(...keys) {
			for (const key of keys) {
				instance.stdin.write(key);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		},
		emit(event) {
			store.ingest(event);
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
		<Overlay store={store} columns={columns} rows={rows} onQuit={() => harness.quits++} menu={options.menu} />,
	);
	await new Promise((resolve) => setTimeout(resolve, 10));
	return harness;
}
