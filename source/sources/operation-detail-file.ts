import {type DetailOptions, OperationDetail} from '../core/detail/operation-detail.js';
import {OperationLines} from '../core/detail/operation-lines.js';
import type {RejectReason} from '../core/metrics-line.js';
import {openRegularFile} from './regular-file.js';

const CHUNK = 4 * 1024 * 1024;

export interface OperationDetailOptions extends DetailOptions {
	/** Only calls that ended in [from, to] (epoch seconds, both included) are kept: an exact answer for any range. */
	from?: number;
	to?: number;
}

export interface OperationDetailRead {
	detail: OperationDetail;
	/** Lines of the operation in the file, in the range or not: 0 means the file never names it. */
	matched: number;
	linesRead: number;
	linesRejected: number;
	rejectReasons: Map<RejectReason, number>;
	/** Bytes read: where a live view goes on reading new lines from (feed them to `lines`). */
	offset: number;
	/** The reader, holding any unfinished last line, for the bytes after `offset`. */
	lines: OperationLines;
}

/**
 * One operation's detail from the whole file, built on demand (issue #14): one pass in 4 MiB chunks
 * keeping only that operation's calls. A last line without its newline is still being written: it is
 * held in `lines`, as the live tailer holds it back, and completes when the next bytes are fed. Only a
 * regular file is read (NotRegularFileError); rejects with the fs error (ENOENT, EACCES...).
 */
export async function readOperationDetail(
	path: string,
	operation: string,
	options: OperationDetailOptions = {},
): Promise<OperationDetailRead> {
	const detail = new OperationDetail(options);
	const lines = new OperationLines(operation, (call) => detail.add(call), options.from, options.to);
	const {handle} = await openRegularFile(path);
	let offset = 0;
	try {
		const buffer = Buffer.allocUnsafe(CHUNK);
		for (;;) {
			const {bytesRead} = await handle.read(buffer, 0, CHUNK, offset);
			if (bytesRead === 0) break;
			offset += bytesRead;
			lines.ingestBytes(buffer.subarray(0, bytesRead));
		}
	} finally {
		await handle.close();
	}
	return {
		detail,
		matched: lines.matched,
		linesRead: lines.linesRead,
		linesRejected: lines.linesRejected,
		rejectReasons: lines.rejectReasons,
		offset,
		lines,
	};
}
