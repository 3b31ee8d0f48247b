import type {DdcExportDocument} from './core/export-document.js';
import {exportExtras, inDefaultOrder, type ExtrasInput} from './core/export-extras.js';
import {MetricsIngest} from './core/ingest.js';
import {buildSnapshot, type SnapshotInput} from './core/snapshot.js';
import {ingestWholeFile} from './sources/read-file.js';

/**
 * The one path from a metrics file to an export document, for `--once --json` and `export`: read the whole
 * file, sample the extras, build the document. Errors come back as values; each command words them itself.
 */

/** Everything the document is built with but the statistics, the file and the extras. */
export type DocumentOptions = Omit<SnapshotInput, 'ingest' | 'path' | 'extra'>;

export type FileRead = {ok: true; ingest: MetricsIngest} | {ok: false; error: unknown};

/** The whole file read into fresh statistics as of `at`; the fs error (ENOENT, not a regular file...) else. */
export async function readStatistics(path: string, at: Date): Promise<FileRead> {
	const ingest = new MetricsIngest();
	const seconds = at.getTime() / 1000;
	try {
		await ingestWholeFile(path, ingest, seconds);
	} catch (error) {
		return {ok: false, error};
	}
	// Reading moves the windows chunk by chunk; an empty file has no chunk. They are those of `at` either way.
	ingest.stats.advance(seconds);
	return {ok: true, ingest};
}

export type FileDocument =
	| {
			ok: true;
			doc: DdcExportDocument;
			ingest: MetricsIngest;
			/** The extras failed: the document was built without them (the statistics are still worth writing). */
			extrasProblem?: {error: unknown};
	  }
	| {ok: false; problem: 'read'; error: unknown}
	| {ok: false; problem: 'filter'; error: string};

/**
 * The document of `path` as of `options.at`. `extras` is awaited only once the file is read (a file that
 * cannot be read is reported without waiting for Docker, unless the caller started the sampling earlier).
 * Containers are put in the live view's default order.
 */
export async function documentFromFile(
	path: string,
	options: DocumentOptions,
	extras?: () => Promise<ExtrasInput | undefined>,
): Promise<FileDocument> {
	const read = await readStatistics(path, options.at);
	if (!read.ok) return {ok: false, problem: 'read', error: read.error};
	let sampled: ExtrasInput | undefined;
	let extrasProblem: {error: unknown} | undefined;
	try {
		sampled = await extras?.();
	} catch (error) {
		extrasProblem = {error};
	}
	const extra = sampled && exportExtras({...sampled, containers: sampled.containers && inDefaultOrder(sampled.containers)});
	const built = buildSnapshot({...options, ingest: read.ingest, path, extra});
	if (!built.ok) return {ok: false, problem: 'filter', error: built.error};
	return extrasProblem ? {ok: true, doc: built.doc, ingest: read.ingest, extrasProblem} : {ok: true, doc: built.doc, ingest: read.ingest};
}
