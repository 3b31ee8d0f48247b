import type {DetailRequest} from './core/detail/detail-json.js';
import type {DdcExportDocument} from './core/export-document.js';
import {type ExtrasInput, exportExtras, inDefaultOrder} from './core/export-extras.js';
import {MetricsIngest} from './core/ingest.js';
import {buildSnapshot, type SnapshotInput} from './core/snapshot.js';
import {detailFromFile} from './detail-from-file.js';
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
	| {ok: false; problem: 'filter'; error: string}
	/** `detail` names an operation the file has no line of. */
	| {ok: false; problem: 'unknown-operation'};

/**
 * The document of `path` as of `options.at`. `extras` is awaited only once the file is read (a file that
 * cannot be read is reported without waiting for Docker, unless the caller started the sampling earlier).
 * Containers are put in the live view's default order. With `detail`, that operation's detail is read in
 * a second pass alongside and written as `ddc_top.detail` (issue #14 §4).
 */
export async function documentFromFile(
	path: string,
	options: DocumentOptions,
	extras?: () => Promise<ExtrasInput | undefined>,
	detail?: DetailRequest,
): Promise<FileDocument> {
	const [read, detailRead] = await Promise.all([
		readStatistics(path, options.at),
		detail && detailFromFile(path, detail, options.window, options.at),
	]);
	if (!read.ok) return {ok: false, problem: 'read', error: read.error};
	if (detailRead && !detailRead.ok) return detailRead;
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
	// Last in `ddc_top`, after the containers and host: the document reads from the whole to the one operation.
	const doc = detailRead ? {...built.doc, ddc_top: {...built.doc.ddc_top, detail: detailRead.detail}} : built.doc;
	return extrasProblem ? {ok: true, doc, ingest: read.ingest, extrasProblem} : {ok: true, doc, ingest: read.ingest};
}
