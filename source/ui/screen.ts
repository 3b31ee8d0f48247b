import type {Snapshot, Store} from '../state/store.js';
import type {Point} from '../terminal-output/frame-diff.js';
import type {TerminalSize, TerminalSizeSource} from '../terminal-output/terminal-size.js';
import {type Layout, layout, renderDashboard, tablePages} from './dashboard/dashboard.js';
import {renderContainerDetail} from './detail/container-detail-view.js';
import {renderOperationDetail} from './detail/operation-detail-view.js';
import {menuOrigin} from './menu/menu-geometry.js';

export interface ScreenOptions {
	version: string;
	dockerEnabled: boolean;
}

/** What is on screen for one snapshot at one size, laid out once for the dashboard and the overlay. */
export interface Screen {
	layout: Layout;
	/** The dashboard's lines: the base layer. */
	lines: readonly string[];
	/** Where the overlay's top-left corner goes (undefined: no overlay is open). */
	overlayOrigin?: Point;
}

function overlayOrigin(snap: Snapshot, l: Layout): Point | undefined {
	if (l.tooSmall) return undefined;
	if (snap.ui.mode.kind === 'help') return {x: 0, y: l.bodyTop};
	if (snap.ui.mode.kind === 'menu') return menuOrigin(l.width);
	return undefined;
}

/** Pure: the dashboard and the overlay's place, from one layout. */
export function layoutScreen(snap: Snapshot, size: TerminalSize, options: ScreenOptions): Screen {
	const l = layout(snap, size.columns, size.rows);
	const {view} = snap.ui;
	const lines =
		view.kind === 'operation' && !l.tooSmall
			? renderOperationDetail(snap, view.operation, options.version, l)
			: view.kind === 'container' && !l.tooSmall
				? renderContainerDetail(snap, options.version, l)
				: renderDashboard(snap, {...size, ...options}, l);
	return {layout: l, lines, overlayOrigin: overlayOrigin(snap, l)};
}

/** The screen of the latest snapshot at the current size, for the frame writer and for Ink. */
export interface ScreenSource {
	/** Laid out at most once per snapshot and size: the same object until either changes. */
	current(): Screen;
	/** Called on each publish and each resize. */
	subscribe(listener: () => void): () => void;
}

const sameLayout = (a: Layout, b: Layout) =>
	a.tooSmall === b.tooSmall && a.width === b.width && a.height === b.height && a.bodyTop === b.bodyTop && a.body === b.body;

export function createScreen(
	store: Pick<Store, 'getSnapshot' | 'subscribe'> & Partial<Pick<Store, 'viewport'>>,
	size: TerminalSizeSource,
	options: ScreenOptions,
): ScreenSource {
	let last: {snap: Snapshot; size: TerminalSize; screen: Screen} | undefined;
	return {
		current() {
			const snap = store.getSnapshot();
			const now = size.current();
			if (last?.snap === snap && last.size === now) return last.screen;
			const screen = layoutScreen(snap, now, options);
			// The rows each table shows now: what the next PgUp / PgDn moves by (publishes nothing).
			store.viewport?.(tablePages(snap, screen.layout, options.dockerEnabled));
			// The same layout object while nothing about it changes: Ink re-renders on keys, not on each publish.
			if (last && sameLayout(last.screen.layout, screen.layout)) screen.layout = last.screen.layout;
			last = {snap, size: now, screen};
			return screen;
		},
		subscribe(listener) {
			const offStore = store.subscribe(listener);
			const offSize = size.subscribe(listener);
			return () => {
				offStore();
				offSize();
			};
		},
	};
}
