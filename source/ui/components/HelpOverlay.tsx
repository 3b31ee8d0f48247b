import {Box, Text} from 'ink';
import {fit} from '../../core/format.js';
import type {Binding} from '../key-bindings.js';
import {helpLines} from '../key-hints.js';

export interface HelpOverlayProps {
	width: number;
	height: number;
	/** The keys to list; the app's key table unless a test passes its own. */
	bindings?: readonly Binding[];
}

/** Every key, generated from the keymap so it cannot drift from what the keys do. */
export function HelpOverlay({width, height, bindings}: HelpOverlayProps) {
	const lines = helpLines(bindings);
	const keyWidth = Math.max(...lines.map((l) => l.keys.length)) + 2;
	// Every key first: the border, the title and the note below only where the height has room for them too
	// (80x24 under a host line has 19 lines for it).
	const border = height >= lines.length + 2;
	const title = height >= lines.length + 3;
	const note = height >= lines.length + 4;
	return (
		<Box flexDirection="column" height={height} borderStyle={border ? 'round' : undefined} borderColor="cyan" paddingX={1}>
			{title && <Text bold>Keys</Text>}
			{lines.map((l) => (
				<Text key={l.keys} wrap="truncate">
					<Text color="cyan">{fit(l.keys, keyWidth)}</Text>
					{fit(l.description, Math.max(0, width - keyWidth - 4))}
				</Text>
			))}
			{note && (
				<Text dimColor wrap="truncate">
					{fit(
						'Percentiles as DDC computes them (linear between ranks; exact up to 8,192 calls, else within 0.1 %).' +
							' RATE/m: last 5 min. Esc or ? closes.',
						Math.max(0, width - 4),
					)}
				</Text>
			)}
		</Box>
	);
}
