import type {Key} from 'ink';
import {daysCharProblem, parseDays} from '../../core/cleanup-rule.js';
import {EXPORT_FORMATS, type ExportFormat} from '../../core/export-render.js';
import type {MenuState} from '../../state/reducer.js';
import {editText} from '../text-edit.js';

export const MENU_ITEMS = ['Clean up old metrics', 'Export snapshot', 'Cancel'] as const;
export const FORMAT_LABELS: Record<ExportFormat, string> = {json: 'JSON', csv: 'CSV', md: 'Markdown'};
export const DEFAULT_KEEP_DAYS = 30;
/** Room for any sensible number of days, fraction included; a longer draft is not a typo worth keeping. */
const MAX_DRAFT = 12;

/** Work a step asks for; the controller runs it and moves the menu on. */
export type MenuEffect =
	| {kind: 'plan-cleanup'; days: number}
	| {kind: 'run-cleanup'; days: number}
	| {kind: 'export'; format: ExportFormat; force: boolean; path?: string};

export type MenuTransition = {next: MenuState | 'close'; effect?: MenuEffect};

const stay = (next: MenuState): MenuTransition => ({next});

function move(index: number, count: number, input: string, key: Key): number | undefined {
	if (key.upArrow || input === 'k') return (index - 1 + count) % count;
	if (key.downArrow || input === 'j') return (index + 1) % count;
	return undefined;
}

/** One key in the menu -> the next step (pure; the controller performs any effect). */
export function menuKey(state: MenuState, input: string, key: Key): MenuTransition {
	switch (state.step) {
		case 'choose': {
			if (key.escape) return {next: 'close'};
			const moved = move(state.index, MENU_ITEMS.length, input, key);
			if (moved !== undefined) return stay({step: 'choose', index: moved});
			if (!key.return) return stay(state);
			if (state.index === 0) return stay({step: 'cleanup-days', draft: String(DEFAULT_KEEP_DAYS)});
			if (state.index === 1) return stay({step: 'export-format', index: 0});
			return {next: 'close'};
		}
		case 'cleanup-days': {
			const edit = editText(state.draft, input, key);
			if (edit.kind === 'cancel') return stay({step: 'choose', index: 0});
			if (edit.kind === 'edit') {
				// A character that cannot be part of a number of days is refused where it is typed, with the
				// reason shown, rather than dropped without a word (the command line refuses the same text).
				const typed = edit.text.startsWith(state.draft) ? Array.from(edit.text.slice(state.draft.length)) : [];
				const problem = typed.map(daysCharProblem).find((p) => p !== undefined);
				if (problem) return stay({step: 'cleanup-days', draft: state.draft, error: problem});
				if (Array.from(edit.text).length > MAX_DRAFT)
					return stay({step: 'cleanup-days', draft: state.draft, error: `at most ${MAX_DRAFT} characters`});
				return stay({step: 'cleanup-days', draft: edit.text});
			}
			if (edit.kind !== 'submit') return stay(state);
			const days = parseDays(state.draft);
			if (!days.ok) return stay({...state, error: days.error});
			return {next: {step: 'working', what: 'reading the file for a preview…'}, effect: {kind: 'plan-cleanup', days: days.days}};
		}
		case 'cleanup-preview':
			if (key.escape || input === 'n') return stay({step: 'cleanup-days', draft: String(state.days)});
			// Nothing to remove: nothing to confirm, and the file is left alone.
			if (input === 'y' && state.preview.remove > 0) {
				return {next: {step: 'working', what: 'cleaning up (backup first)…'}, effect: {kind: 'run-cleanup', days: state.days}};
			}
			return stay(state);
		case 'export-format': {
			if (key.escape) return stay({step: 'choose', index: 1});
			const moved = move(state.index, EXPORT_FORMATS.length, input, key);
			if (moved !== undefined) return stay({step: 'export-format', index: moved});
			if (!key.return) return stay(state);
			return {next: {step: 'working', what: 'exporting…'}, effect: {kind: 'export', format: EXPORT_FORMATS[state.index], force: false}};
		}
		case 'export-overwrite':
			if (key.escape || input === 'n') return stay({step: 'export-format', index: EXPORT_FORMATS.indexOf(state.format)});
			if (input === 'y') {
				return {
					next: {step: 'working', what: 'exporting…'},
					effect: {kind: 'export', format: state.format, force: true, path: state.path},
				};
			}
			return stay(state);
		case 'working':
			// A cleanup half done cannot be called back; it is short, and says when it is finished.
			return stay(state);
		case 'done':
			return key.escape || key.return ? {next: 'close'} : stay(state);
	}
}
