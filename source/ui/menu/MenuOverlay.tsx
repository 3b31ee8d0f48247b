import {Box, Text} from 'ink';
import {cutoffMeaning, daysText} from '../../core/cleanup-rule.js';
import {EXPORT_FORMATS} from '../../core/export-render.js';
import {formatExactCount as count, fit} from '../../core/format.js';
import {formatIoBytes} from '../../core/format-bytes.js';
import {localTime} from '../../core/local-time.js';
import {sanitize} from '../../core/sanitize.js';
import {wrapText} from '../../core/wrap-text.js';
import type {MenuState} from '../../state/reducer.js';
import {menuInnerWidth} from './menu-geometry.js';
import {FORMAT_LABELS, MENU_ITEMS} from './menu-model.js';

export interface MenuOverlayProps {
	menu: MenuState;
	width: number;
}

interface Line {
	text: string;
	color?: string;
	selected?: boolean;
	dim?: boolean;
}

function picker(items: readonly string[], index: number): Line[] {
	return items.map((item, i) => ({text: `${i === index ? '›' : ' '} ${item}`, selected: i === index}));
}

function content(menu: MenuState): {title: string; lines: Line[]; hint: string} {
	switch (menu.step) {
		case 'choose':
			return {title: 'Menu', lines: picker(MENU_ITEMS, menu.index), hint: '↑/↓ or j/k move · Enter choose · Esc close'};
		case 'cleanup-days':
			return {
				title: 'Clean up old metrics',
				lines: [
					{text: `Days to keep: ${menu.draft}▏`},
					{text: 'Lines that ended more than this many days ago are removed', dim: true},
					{text: '(0.5 is half a day, 0 removes every line); a backup is written first.', dim: true},
					...(menu.error ? [{text: menu.error, color: 'red'}] : []),
				],
				hint: 'Enter preview · Esc back',
			};
		case 'cleanup-preview': {
			const p = menu.preview;
			return {
				title: `Clean up: keep ${daysText(menu.days)}`,
				lines: [
					{text: `File:    ${sanitize(p.path)}`},
					{text: `Cutoff:  ${localTime(p.cutoff)}: ${cutoffMeaning(menu.days)}`},
					{text: `Remove:  ${count(p.remove)} lines older than the cutoff`, color: p.remove > 0 ? 'yellow' : undefined},
					{text: `Keep:    ${count(p.keep)} lines${p.invalid > 0 ? ` (${count(p.invalid)} unreadable lines kept)` : ''}`},
					{text: `Size:    ${formatIoBytes(p.sizeBefore)} -> ${formatIoBytes(p.sizeAfter)}`},
					{text: 'Nothing has changed yet. Lines written meanwhile are kept.', dim: true},
				],
				hint: 'y clean up · n or Esc back',
			};
		}
		case 'export-format':
			return {
				title: 'Export snapshot (current window and filter)',
				lines: picker(
					EXPORT_FORMATS.map((f) => FORMAT_LABELS[f]),
					menu.index,
				),
				hint: '↑/↓ or j/k move · Enter export · Esc back',
			};
		case 'export-overwrite':
			return {
				title: 'File exists',
				lines: [{text: `${sanitize(menu.path)} already exists.`}, {text: 'Overwrite it?'}],
				hint: 'y overwrite · n or Esc back',
			};
		case 'working':
			return {title: 'Working', lines: [{text: menu.what}], hint: 'live data keeps updating behind this'};
		case 'done':
			return {
				title: menu.ok ? 'Done' : 'Failed',
				lines: menu.lines.map((text) => ({text: sanitize(text), color: menu.ok ? undefined : 'red'})),
				hint: 'Enter or Esc close',
			};
	}
}

/**
 * The menu, drawn over the tables (which keep updating behind it). Every cell inside the border is
 * written, padding included, so nothing of the table shows through; long lines (paths) wrap.
 */
export function MenuOverlay({menu, width}: MenuOverlayProps) {
	const {title, lines, hint} = content(menu);
	const inner = menuInnerWidth(width);
	const row = (text: string) => ` ${fit(text, inner)} `;
	return (
		<Box flexDirection="column" width={inner + 4} borderStyle="round" borderColor="cyan">
			<Text bold color="cyan">
				{row(title)}
			</Text>
			<Text>{row('')}</Text>
			{lines.flatMap((line, i) =>
				wrapText(line.text, inner).map((part, j) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: the menu lines have no identity but their place; they are redrawn whole
					<Text key={`${i}.${j}`} color={line.color} inverse={line.selected} dimColor={line.dim}>
						{row(part)}
					</Text>
				)),
			)}
			<Text>{row('')}</Text>
			<Text dimColor>{row(hint)}</Text>
		</Box>
	);
}
