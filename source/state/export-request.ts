import {selectContainers} from '../core/containers-view.js';
import {exportExtras} from '../core/export-extras.js';
import {parseFilter} from '../core/filter.js';
import type {MetricsIngest} from '../core/ingest.js';
import {buildSnapshot, type SnapshotResult} from '../core/snapshot.js';
import type {Snapshot} from './store.js';

/** What the menu's export asks the store for; the store answers with a document built at that moment. */
export interface ExportRequest {
	at: Date;
	version: string;
	/** Include the containers on screen (false with --no-docker). */
	containers: boolean;
}

/**
 * The export document for exactly what `snap` shows: its window, filter and sort, and the containers and
 * host on screen in the table's order (no second sampling delay). Only the store calls this, with the
 * ingest it owns, so nothing outside the store reaches the live statistics.
 */
export function exportOfSnapshot(snap: Snapshot, ingest: MetricsIngest, path: string, request: ExportRequest): SnapshotResult {
	const shown = request.containers
		? selectContainers(snap.containers.rows, parseFilter(snap.ui.containerFilter), snap.ui.containerSort)
				// A row listed but not sampled yet has no figures to export (its sample's numbers are placeholders).
				.filter((r) => !r.pending)
				.map((r) => r.sample)
		: undefined;
	const result = buildSnapshot({
		ingest,
		window: snap.ui.window,
		filter: snap.ui.filter || null,
		path,
		at: request.at,
		withMetadata: false,
		version: request.version,
		extra: exportExtras({containers: shown, host: snap.host}),
		sort: snap.ui.sort,
	});
	return result.ok ? Object.freeze({ok: true, doc: Object.freeze(result.doc)}) : result;
}
