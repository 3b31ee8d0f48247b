import {type DetailDocument, type DetailRequest, detailBounds, detailDocument, detailQuery} from './core/detail/detail-json.js';
import {sanitize} from './core/sanitize.js';
import type {WindowName} from './core/windows.js';
import {readOperationDetail} from './sources/operation-detail-file.js';

/**
 * The one path from a metrics file to an operation's detail, for `--once --op` (text and JSON) and
 * `export --op`: one pass keeping only that operation's calls in the range (so every part is computed from
 * them), error texts and container names redacted as exported metadata is. Errors come back as values.
 */

export type FileDetail =
	| {ok: true; detail: DetailDocument; linesRead: number; linesRejected: number}
	| {ok: false; problem: 'read'; error: unknown}
	/** No line of the file names the operation (in the range or not). */
	| {ok: false; problem: 'unknown-operation'};

/** The detail of `request.operation` as of `at`, over `window` unless the request gives a range. */
export async function detailFromFile(path: string, request: DetailRequest, window: WindowName, at: Date): Promise<FileDetail> {
	const now = at.getTime() / 1000;
	let read: Awaited<ReturnType<typeof readOperationDetail>>;
	try {
		read = await readOperationDetail(path, request.operation, {
			recent: request.recent,
			redact: true,
			...detailBounds(request, window, now),
		});
	} catch (error) {
		return {ok: false, problem: 'read', error};
	}
	if (read.matched === 0) return {ok: false, problem: 'unknown-operation'};
	const {detail} = read;
	const ranged = request.from !== undefined || request.to !== undefined;
	const result = detail.result(detailQuery(request, window, now, detail.firstEnd, detail.lastEnd));
	return {
		ok: true,
		detail: detailDocument(request.operation, result, ranged ? null : window),
		linesRead: read.linesRead,
		linesRejected: read.linesRejected,
	};
}

/** The one line for an operation the file does not name (exit 1); both names are shown, never obeyed. */
export function unknownOperationText(operation: string, path: string): string {
	return `no operation named "${sanitize(operation)}" in ${sanitize(path)}`;
}
