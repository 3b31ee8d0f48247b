import type {Key} from 'ink';
import {describeError} from '../../commands/describe-error.js';
import type {Config} from '../../config.js';
import {containerToJson, hostToJson} from '../../core/container-json.js';
import {daysText} from '../../core/cleanup-rule.js';
import {selectContainers} from '../../core/containers-view.js';
import {renderExport} from '../../core/export-render.js';
import {parseFilter} from '../../core/filter.js';
import {ExportTargetError} from '../../effects/export-target.js';
import {buildSnapshot} from '../../core/snapshot.js';
import {runCleanup, sweepLeftovers, type CleanupSummary} from '../../effects/cleanup.js';
import {planCleanup} from '../../effects/cleanup-plan.js';
import {ExportExistsError, resolveExportTarget, writeExportFile} from '../../effects/write-export.js';
import {formatIoBytes} from '../../core/format-bytes.js';
import type {Clock} from '../../core/clock.js';
import type {MenuState} from '../../state/reducer.js';
import type {Store} from '../../state/store.js';
import {menuKey, type MenuEffect} from './menu-model.js';

export interface MenuDeps {
	store: Store;
	config: Config;
	clock: Clock;
	/** Where exports are written (ddc-top's working directory). */
	cwd: string;
	version: string;
}

export interface MenuController {
	openMenu(): void;
	menuKey(input: string, key: Key): void;
}

function cleanupLines(s: CleanupSummary): string[] {
	const lines = [
		`Removed ${s.removed.toLocaleString('en-US')} lines, kept ${s.kept.toLocaleString('en-US')}.`,
		`Size ${formatIoBytes(s.sizeBefore)} -> ${formatIoBytes(s.sizeAfter)}.`,
	];
	if (s.carriedOver + s.drained > 0) lines.push(`${(s.carriedOver + s.drained).toLocaleString('en-US')} lines written during the cleanup were kept.`);
	if (s.partialKept) lines.push('The unfinished last line was kept as it was, at the end.');
	if (s.leftovers.length > 0) lines.push(`Removed what an interrupted cleanup left: ${s.leftovers.join(', ')}.`);
	lines.push(s.backup ? `Backup: ${s.backup.path}` : 'No backup.');
	if (s.warning) lines.push(s.warning);
	return lines;
}

/**
 * The menu's keys and effects. Steps are pure (menu-model.ts); this runs what a step asks for (plan,
 * clean up, export) and moves the menu on when it is done, while the live view keeps updating.
 */
export function createMenu(deps: MenuDeps): MenuController {
	const {store, config, clock} = deps;
	const set = (menu: MenuState) => store.dispatch({type: 'menu-set', menu});
	const stillOpen = () => store.getSnapshot().ui.mode.kind === 'menu';
	const finish = (menu: MenuState) => {
		if (stillOpen()) set(menu);
	};

	const exportSnapshot = async (effect: Extract<MenuEffect, {kind: 'export'}>) => {
		const snap = store.getSnapshot();
		const at = new Date(clock());
		const extra: Record<string, unknown> = {};
		// The containers and host on screen at this moment, in the table's order: no second sampling delay.
		if (config.docker) {
			const shown = selectContainers(snap.containers.rows, parseFilter(snap.ui.containerFilter), snap.ui.containerSort);
			// A row listed but not sampled yet has no figures to export (its sample's numbers are placeholders).
			extra.containers = shown.filter((r) => !r.pending).map((r) => containerToJson(r.sample));
		}
		if (snap.host) extra.host = hostToJson(snap.host);
		const built = buildSnapshot({
			ingest: store.metrics,
			window: snap.ui.window,
			filter: snap.ui.filter || null,
			path: config.metricsPath,
			at,
			withMetadata: false,
			version: deps.version,
			extra,
			sort: snap.ui.sort,
		});
		if (!built.ok) return finish({step: 'done', ok: false, lines: [built.error]});
		const target = effect.path ?? (await resolveExportTarget(undefined, deps.cwd, effect.format, at));
		try {
			await writeExportFile(target, renderExport(built.doc, effect.format), {force: effect.force, metricsPath: config.metricsPath});
		} catch (error) {
			if (error instanceof ExportExistsError) return finish({step: 'export-overwrite', format: effect.format, path: target});
			if (error instanceof ExportTargetError) return finish({step: 'done', ok: false, lines: [error.message, 'Nothing was written.']});
			throw error;
		}
		const count = Object.keys(built.doc.statistics).length;
		finish({step: 'done', ok: true, lines: [`Exported to ${target}`, `${count} operations, window ${snap.ui.window}${snap.ui.filter ? `, filter ${snap.ui.filter}` : ''}.`]});
	};

	const perform = async (effect: MenuEffect) => {
		try {
			switch (effect.kind) {
				case 'plan-cleanup': {
					const p = await planCleanup(config.metricsPath, {days: effect.days, now: clock});
					if (p.remove === 0) {
						// As the command line does: no rewrite, no backup, so no re-read either.
						const why = effect.days === 0 ? 'the file has no complete line.' : `no line ended more than ${daysText(effect.days)} ago.`;
						const swept = await sweepLeftovers(config.metricsPath, clock);
						const lines = [`Nothing to remove: ${why}`, 'The file was left as it is.'];
						if (swept.length > 0) lines.push(`Removed what an interrupted cleanup left: ${swept.join(', ')}.`);
						finish({step: 'done', ok: true, lines});
						return;
					}
					finish({
						step: 'cleanup-preview',
						days: effect.days,
						preview: {path: p.path, cutoff: p.cutoff, remove: p.remove, keep: p.keep, invalid: p.invalid, sizeBefore: p.sizeBefore, sizeAfter: p.sizeAfter},
					});
					return;
				}
				case 'run-cleanup':
					finish({step: 'done', ok: true, lines: cleanupLines(await runCleanup(config.metricsPath, {days: effect.days, now: clock, backup: true}))});
					return;
				case 'export':
					await exportSnapshot(effect);
			}
		} catch (error) {
			finish({step: 'done', ok: false, lines: [describeError(error, config.metricsPath), 'Nothing was changed.']});
		}
	};

	return {
		openMenu: () => set({step: 'choose', index: 0}),
		menuKey(input, key) {
			const mode = store.getSnapshot().ui.mode;
			if (mode.kind !== 'menu') return;
			const t = menuKey(mode.menu, input, key);
			if (t.next === 'close') store.dispatch({type: 'menu-close'});
			else if (t.next !== mode.menu) set(t.next);
			if (t.effect) void perform(t.effect);
		},
	};
}
