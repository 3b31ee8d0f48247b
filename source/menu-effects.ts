import {outcomeText, summaryDetails} from './commands/cleanup-text.js';
import {describeError} from './commands/describe-error.js';
import type {Config} from './config.js';
import {daysText} from './core/cleanup-rule.js';
import type {Clock} from './core/clock.js';
import {containerCleanupRefusal} from './core/container-file-target.js';
import {renderExport} from './core/export-render.js';
import {type CleanupSummary, runCleanup, sweepLeftovers} from './effects/cleanup.js';
import {planCleanup} from './effects/cleanup-plan.js';
import {ExportTargetError} from './effects/export-target.js';
import {ExportExistsError, resolveExportTarget, writeExportFile} from './effects/write-export.js';
import type {MenuState} from './state/reducer.js';
import type {Store} from './state/store.js';
import {createMenuController, type MenuController, type MenuWork} from './ui/menu/create-menu.js';
import type {MenuEffect} from './ui/menu/menu-model.js';

export interface MenuEffectsDeps {
	store: Store;
	config: Config;
	clock: Clock;
	/** Where exports are written (ddc-top's working directory). */
	cwd: string;
	version: string;
}

/** The command line's summary, its outcome as a sentence (the path is not repeated: the menu named it). */
function cleanupLines(s: CleanupSummary): string[] {
	const outcome = outcomeText(s);
	return [`${outcome[0].toUpperCase()}${outcome.slice(1)}.`, ...summaryDetails(s), ...(s.warning ? [s.warning] : [])];
}

/**
 * Runs the work a menu step asks for (plan, clean up, export) and answers with the step that follows.
 * Never rejects: a failure is a 'done' step that says what went wrong.
 */
export function createMenuEffects(deps: MenuEffectsDeps): MenuWork {
	const {store, config, clock} = deps;

	const exportSnapshot = async (effect: Extract<MenuEffect, {kind: 'export'}>): Promise<MenuState> => {
		// The document of the snapshot the store publishes for it: the file is named by that snapshot's moment.
		const built = store.exportDocument({version: deps.version, containers: config.docker});
		if (!built.ok) return {step: 'done', ok: false, lines: [built.error]};
		const target = effect.path ?? (await resolveExportTarget(undefined, deps.cwd, effect.format, built.at));
		try {
			await writeExportFile(target, renderExport(built.doc, effect.format), {force: effect.force, metricsPath: config.metricsPath});
		} catch (error) {
			if (error instanceof ExportExistsError) return {step: 'export-overwrite', format: effect.format, path: target};
			if (error instanceof ExportTargetError) return {step: 'done', ok: false, lines: [error.message, 'Nothing was written.']};
			throw error;
		}
		const count = Object.keys(built.doc.statistics).length;
		const {window, filter} = built.doc.ddc_top;
		return {
			step: 'done',
			ok: true,
			lines: [`Exported to ${target}`, `${count} operations, window ${window}${filter ? `, filter ${filter}` : ''}.`],
		};
	};

	const planOrNothing = async (days: number): Promise<MenuState> => {
		// Issue #15: a container's file is not rewritten from outside (ddc-top cleanup --container refuses too).
		if (config.container) return {step: 'done', ok: false, lines: [containerCleanupRefusal(config.container.name, days)]};
		const p = await planCleanup(config.metricsPath, {days, now: clock});
		if (p.remove === 0) {
			// As the command line does: no rewrite, no backup, so no re-read either.
			const why = days === 0 ? 'the file has no complete line.' : `no line ended more than ${daysText(days)} ago.`;
			const swept = await sweepLeftovers(config.metricsPath, clock);
			const lines = [`Nothing to remove: ${why}`, 'The file was left as it is.'];
			if (swept.length > 0) lines.push(`Removed what an interrupted cleanup left: ${swept.join(', ')}.`);
			return {step: 'done', ok: true, lines};
		}
		return {
			step: 'cleanup-preview',
			days,
			preview: {
				path: p.path,
				cutoff: p.cutoff,
				remove: p.remove,
				keep: p.keep,
				invalid: p.invalid,
				sizeBefore: p.sizeBefore,
				sizeAfter: p.sizeAfter,
			},
		};
	};

	return {
		async run(effect) {
			try {
				switch (effect.kind) {
					case 'plan-cleanup':
						return await planOrNothing(effect.days);
					case 'run-cleanup':
						return {
							step: 'done',
							ok: true,
							lines: cleanupLines(await runCleanup(config.metricsPath, {days: effect.days, now: clock, backup: true})),
						};
					case 'export':
						return await exportSnapshot(effect);
				}
			} catch (error) {
				return {step: 'done', ok: false, lines: [describeError(error, config.metricsPath), 'Nothing was changed.']};
			}
		},
	};
}

/** The menu as the live view wires it: keys in the UI, the work they ask for run here. */
export function createMenu(deps: MenuEffectsDeps): MenuController {
	return createMenuController({store: deps.store, work: createMenuEffects(deps)});
}
