import {useSyncExternalStore} from 'react';
import type {Snapshot, Store} from '../state/store.js';
import {layout} from './dashboard/dashboard.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {MenuOverlay, menuOrigin} from './menu/MenuOverlay.js';
import {useKeymap, type KeymapHandlers} from './use-keymap.js';

export interface OverlayProps {
	store: Store;
	columns: number;
	rows: number;
	onQuit(): void;
	/** The menu's keys and effects (cleanup, export); without it `m` does nothing. */
	menu?: Pick<KeymapHandlers, 'menuKey' | 'openMenu'>;
}

/** Where the overlay's top-left corner goes on the dashboard (undefined: no overlay is open). */
export function overlayOrigin(snap: Snapshot, columns: number, rows: number): {x: number; y: number} | undefined {
	const l = layout(snap, columns, rows);
	if (l.tooSmall) return undefined;
	if (snap.ui.mode.kind === 'help') return {x: 0, y: l.bodyTop};
	if (snap.ui.mode.kind === 'menu') return menuOrigin(columns);
	return undefined;
}

/**
 * The Ink part of the screen: it owns the keyboard (the app's only useInput) and draws the help and the
 * menu, which the frame writer lays over the dashboard; the tables keep updating behind them. It renders
 * only when what it shows changes (a key), never on the once-a-second publish.
 */
export function Overlay({store, columns, rows, onQuit, menu}: OverlayProps) {
	// Selected fields keep their identity between publishes, so React skips the 1 Hz updates.
	const mode = useSyncExternalStore(store.subscribe, () => store.getSnapshot().ui.mode);
	const body = useSyncExternalStore(store.subscribe, () => layout(store.getSnapshot(), columns, rows).body);
	useKeymap(store, {quit: onQuit, menuKey: menu?.menuKey, openMenu: menu?.openMenu});
	if (columns < 1 || body < 1 || layout(store.getSnapshot(), columns, rows).tooSmall) return null;
	if (mode.kind === 'help') return <HelpOverlay width={columns} height={body} />;
	if (mode.kind === 'menu') return <MenuOverlay menu={mode.menu} width={columns} />;
	return null;
}
