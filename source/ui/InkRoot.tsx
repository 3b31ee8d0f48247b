import {useSyncExternalStore} from 'react';
import type {Store} from '../state/store.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {helpRoom} from './help-text.js';
import {MenuOverlay} from './menu/MenuOverlay.js';
import type {ScreenSource} from './screen.js';
import {type KeymapHandlers, useKeymap} from './use-keymap.js';

export interface InkRootProps {
	store: Store;
	/** The screen's layout, shared with the dashboard: the overlay's size and place come from the same one. */
	screen: ScreenSource;
	onQuit(): void;
	/** The menu's keys and effects (cleanup, export); without it `m` does nothing. */
	menu?: Pick<KeymapHandlers, 'menuKey' | 'openMenu'>;
}

/**
 * The Ink part of the screen: it owns the keyboard (the app's only useInput) and draws the help and the
 * menu, which the frame writer lays over the dashboard; the tables keep updating behind them. It renders
 * only when what it shows changes (a key, a resize), never on the once-a-second publish.
 */
export function InkRoot({store, screen, onQuit, menu}: InkRootProps) {
	// Both keep their identity between publishes (screen.ts keeps an unchanged layout), so React skips the 1 Hz updates.
	const mode = useSyncExternalStore(store.subscribe, () => store.getSnapshot().ui.mode);
	const layout = useSyncExternalStore(screen.subscribe, () => screen.current().layout);
	useKeymap(store, {
		quit: onQuit,
		menuKey: menu?.menuKey,
		openMenu: menu?.openMenu,
		helpRoom: () => helpRoom(layout.width, layout.body),
	});
	if (layout.tooSmall || layout.width < 1 || layout.body < 1) return null;
	if (mode.kind === 'help') return <HelpOverlay width={layout.width} height={layout.body} offset={mode.offset} />;
	if (mode.kind === 'menu') return <MenuOverlay menu={mode.menu} width={layout.width} />;
	return null;
}
