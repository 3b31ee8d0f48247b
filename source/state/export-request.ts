import {selectContainers} from '../core/containers-view.js';
import {ddcContainerJson} from '../core/ddc-container.js';
import type {DdcExportDocument} from '../core/export-document.js';
import {exportExtras} from '../core/export-extras.js';
import {parseFilter} from '../core/filter.js';
import {buildSnapshot, type StatisticsReader} from '../core/snapshot.js';
import type {Snapshot} from './store.js';

/** What the menu's export asks the store for; the store answers with the document of what it publishes. */
export interface ExportRequest {
	version: string;
	/** Include the containers on screen (false with --no-docker). */
	containers: boolean;
}

/** The document and the moment it is of (the snapshot's `now`, which also names the file). */
export type SnapshotExport = {ok: true; doc: DdcExportDocument; at: Date} | {ok: false; error: string};

/**
 * The export document for exactly what `snap` shows: its window, filter and sort, its moment (`exported_at`
 * is `snap.now`), and the containers and host on screen in the table's order (no second sampling delay).
 * `statistics` must hold what `snap` was built from: the store calls this in the step that publishes `snap`,
 * with nothing ingested in between. Reading only: an export never moves the statistics' windows.
 */
export function exportOfSnapshot(snap: Snapshot, statistics: StatisticsReader, path: string, request: ExportRequest): SnapshotExport {
	const rows = request.containers
		? selectContainers(snap.containers.rows, parseFilter(snap.ui.containerFilter), snap.ui.containerSort)
				// A row listed but not sampled yet has no figures to export (its sample's numbers are placeholders).
				.filter((r) => !r.pending)
		: undefined;
	const shown = rows?.map((r) => r.sample);
	const growth = new Map(rows?.flatMap((r) => (r.growth ? [[r.sample.id, r.growth] as const] : [])));
	const at = new Date(snap.now);
	const result = buildSnapshot({
		ingest: statistics,
		window: snap.ui.window,
		filter: snap.ui.filter || null,
		path,
		at,
		withMetadata: false,
		version: request.version,
		extra: {
			...exportExtras({containers: shown, host: snap.host, growth}),
			// DDC's own container as its line shows it (issue #15 §3), as --once --json and export write it.
			...(request.containers && {
				ddc_container: snap.containers.ddc?.kind === 'found' ? ddcContainerJson(snap.containers.ddc.facts) : null,
			}),
		},
		sort: snap.ui.sort,
	});
	return result.ok ? Object.freeze({ok: true, doc: Object.freeze(result.doc), at}) : result;
}
