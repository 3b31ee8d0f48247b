import {Box, Text} from 'ink';
import {fit} from '../../core/format.js';
import type {HelpSection} from '../column-help.js';
import {HELP_CHROME, helpRows, helpSections, labelWidth} from '../help-text.js';
import type {Binding} from '../key-bindings.js';

export interface HelpOverlayProps {
	width: number;
	height: number;
	/** The first help line shown (the cursor keys scroll it); kept within the last page here too, after a resize. */
	offset?: number;
	/** The keys to list; the app's key table unless a test passes its own. */
	bindings?: readonly Binding[];
	/** The columns and colours explained; column-help.ts unless a test passes its own. */
	columns?: readonly HelpSection[];
}

/**
 * Every key (generated from the key table, so it cannot drift from what the keys do), then what each
 * column, colour and mark means; a page at a time where it does not fit, the title saying where it is.
 */
export function HelpOverlay({width, height, offset = 0, bindings, columns}: HelpOverlayProps) {
	const sections = helpSections(bindings, columns);
	const inner = Math.max(1, width - HELP_CHROME.columns);
	const rows = helpRows(inner, sections);
	const labels = labelWidth(sections);
	const page = Math.max(1, height - HELP_CHROME.lines);
	const first = Math.max(0, Math.min(offset, rows.length - page));
	// Each row keeps its line number as its React key while it scrolls.
	const shown = rows.map((row, line) => ({row, line})).slice(first, first + page);
	const where = rows.length > page ? `${first + 1}-${first + shown.length} of ${rows.length} · ↑/↓ PgUp/PgDn scroll · ` : '';
	return (
		<Box flexDirection="column" height={height} borderStyle="round" borderColor="cyan" paddingX={1}>
			<Text wrap="truncate">
				<Text bold>Help</Text>
				<Text dimColor>{fit(`  ${where}Esc or ? closes`, inner - 4)}</Text>
			</Text>
			{shown.map(({row, line}) =>
				row.kind === 'heading' ? (
					<Text key={line} bold color="cyan" wrap="truncate">
						{fit(row.text, inner)}
					</Text>
				) : (
					<Text key={line} wrap="truncate">
						<Text color="cyan">{fit(row.label, row.text === '' ? inner : labels)}</Text>
						{row.text === '' ? '' : fit(row.text, inner - labels)}
					</Text>
				),
			)}
		</Box>
	);
}
