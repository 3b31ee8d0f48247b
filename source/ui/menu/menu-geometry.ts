import type {Point} from '../../terminal-output/frame-diff.js';

// Apart from MenuOverlay.tsx: the screen's layout places the menu without loading Ink.

/** The text width inside the menu's border and padding: the menu is that plus 4 columns wide. */
export function menuInnerWidth(width: number): number {
	return Math.max(20, Math.min(width - 8, 76));
}

/** Where the menu's top-left corner goes on a screen `width` wide: centred, two lines down. */
export function menuOrigin(width: number): Point {
	return {x: Math.max(0, Math.floor((width - menuInnerWidth(width) - 4) / 2)), y: 2};
}
