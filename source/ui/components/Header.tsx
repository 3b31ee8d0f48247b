import {Text} from 'ink';
import {fit} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {UiState} from '../../state/reducer.js';

export interface HeaderProps {
	ui: UiState;
	version: string;
	/** Local wall-clock time to show, already formatted. */
	time: string;
	width: number;
}

/** One line: what is being shown and how (window, sort, filters), so a screenshot explains itself. */
export function Header({ui, version, time, width}: HeaderProps) {
	const parts = [`ddc-top ${version}`, `window ${ui.window}`, `sort ${ui.sort.key}${ui.sort.descending ? '▼' : '▲'}`];
	if (ui.filter) parts.push(`filter ${sanitize(ui.filter)}`);
	if (ui.containerFilter) parts.push(`containers ${sanitize(ui.containerFilter)}`);
	if (ui.failuresOnly) parts.push('failures only');
	const left = parts.join(' · ');
	const gap = Math.max(1, width - Array.from(left).length - time.length);
	return (
		<Text bold wrap="truncate">
			{fit(left + ' '.repeat(gap) + time, width)}
		</Text>
	);
}
