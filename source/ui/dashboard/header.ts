import {fit} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {UiState} from '../../state/reducer.js';
import {paint} from '../../terminal-output/paint.js';

/** Keys whose column title reads differently. */
const SORT_LABEL: Partial<Record<string, string>> = {p999: 'p99.9', rate: 'rate/m', avgRate: 'avg/m'};

/** Said beside the clock while the display is paused (issue #14 §1b); the clock is then the paused moment's. */
export const PAUSED_MARK = ' PAUSED ';

/**
 * A view's top line: what it shows on the left, the clock on the right, and between them, while paused, a
 * mark in reverse video (with or without colours) so frozen figures are never taken for live ones.
 */
export function titleBar(left: string, paused: boolean, time: string, width: number): string {
	const room = Math.max(0, width - 1 - time.length - (paused ? PAUSED_MARK.length + 1 : 0));
	const head = `${fit(left, room)} `;
	if (!paused) return paint(fit(head + time, width), {bold: true});
	return paint(head, {bold: true}) + paint(PAUSED_MARK, {bold: true, inverse: true}) + paint(` ${time}`, {bold: true});
}

/** One line: what is being shown and how (window, sort, filters), so a screenshot explains itself. */
export function headerLine(ui: UiState, version: string, time: string, width: number, judging?: {slo?: string; baseline?: string}): string {
	// The sort the keys act on: the focused table's.
	const sort = ui.focus === 'operations' ? ui.sort : ui.containerSort;
	const parts = [`ddc-top ${version}`, `window ${ui.window}`, `sort ${SORT_LABEL[sort.key] ?? sort.key}${sort.descending ? '▼' : '▲'}`];
	if (ui.filter) parts.push(`filter ${sanitize(ui.filter)}`);
	if (ui.containerFilter) parts.push(`containers ${sanitize(ui.containerFilter)}`);
	// Where the SLO column's limits come from when a file set them (./pytest.ini is read without being asked).
	if (judging?.slo) parts.push(`SLO: ${sanitize(judging.slo)}`);
	if (judging?.baseline) parts.push(`baseline ${sanitize(judging.baseline)}`);
	if (ui.only !== 'all') parts.push(ui.only === 'failures' ? 'failures only' : 'breaches only');
	return titleBar(parts.join(' · '), ui.paused, time, width);
}
