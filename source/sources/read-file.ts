import type {MetricsIngest} from '../core/ingest.js';
import {openRegularFile} from './regular-file.js';

const CHUNK = 4 * 1024 * 1024;

/**
 * Reads a whole metrics file into `ingest` (for `--once`, export and the benchmark). A last line without its
 * newline is still being written, so it is left out, exactly as the live tailer holds it back.
 * Only a regular file is read: a FIFO would block and /dev/zero never ends (NotRegularFileError).
 * Rejects with the fs error (ENOENT, EACCES...) for the caller to word.
 */
export async function ingestWholeFile(path: string, ingest: MetricsIngest, nowSeconds: number): Promise<number> {
	const {handle} = await openRegularFile(path);
	try {
		const buffer = Buffer.allocUnsafe(CHUNK);
		let offset = 0;
		for (;;) {
			const {bytesRead} = await handle.read(buffer, 0, CHUNK, offset);
			if (bytesRead === 0) break;
			offset += bytesRead;
			ingest.ingestBytes(buffer.subarray(0, bytesRead), nowSeconds);
		}
		return offset;
	} finally {
		await handle.close();
	}
}
