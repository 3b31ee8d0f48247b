import {fit} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {UiState} from '../../state/reducer.js';
import {paint} from '../../terminal-output/paint.js';

/** Keys whose column title reads differently. */
const SORT_LABEL: Partial<Record<string, string>> = {p999: 'p99.9', rate: 'rate/m', avgRate: 'avg/m'};

/** One line: what is being shown and how (window, sort, filters), so a screenshot explains itself. */
export function headerLine(ui: UiState, version: string, time: string, width: number): string {
	// The sort the keys act on: the focused table's.
	const sort = ui.focus === 'operations' ? ui.sort : ui.containerSort;
	const parts = [`ddc-top ${version}`, `window ${ui.window}`, `sort ${SORT_LABEL[sort.key] ?? sort.key}${sort.descending ? '▼' : '▲'}`];
	if (ui.filter) parts.push(`filter ${sanitize(ui.filter)}`);
	if (ui.containerFilter) parts.push(`containers ${sanitize(ui.containerFilter)}`);
	if (ui.failuresOnly) parts.push('failures only');
	const left = parts.join(' · ');
	const gap = Math.max(1, width - Array.from(left).length - time.length);
	return paint(fit(left + ' '.repeat(gap) + time, width), {bold: true});
}
