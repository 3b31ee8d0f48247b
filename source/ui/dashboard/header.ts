import {fit} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {UiState} from '../../state/reducer.js';
import {paint} from './paint.js';

/** One line: what is being shown and how (window, sort, filters), so a screenshot explains itself. */
export function headerLine(ui: UiState, version: string, time: string, width: number): string {
	const parts = [`ddc-top ${version}`, `window ${ui.window}`, `sort ${ui.sort.key}${ui.sort.descending ? '▼' : '▲'}`];
	if (ui.filter) parts.push(`filter ${sanitize(ui.filter)}`);
	if (ui.containerFilter) parts.push(`containers ${sanitize(ui.containerFilter)}`);
	if (ui.failuresOnly) parts.push('failures only');
	const left = parts.join(' · ');
	const gap = Math.max(1, width - Array.from(left).length - time.length);
	return paint(fit(left + ' '.repeat(gap) + time, width), {bold: true});
}
