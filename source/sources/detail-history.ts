import type {DetailHistory} from '../core/detail/detail-history.js';
import {openRegularFile} from './regular-file.js';

/** Small enough that one chunk's scan (a few ms) never holds a key or a frame back noticeably. */
const CHUNK = 1024 * 1024;

/**
 * The metrics file read again from byte 0 for an operation's detail: what the live tail has read, until
 * this read catches up with it. Only up to `upTo()`: the bytes after it reach the detail from the live
 * tail, so no line is counted twice or missed. A file that is now shorter was truncated or replaced: the
 * tail says so with a reset, which starts the detail again.
 */
export function fileDetailHistory(path: string): DetailHistory {
	return {
		async read(upTo, onChunk, signal) {
			if (upTo() <= 0) return;
			const {handle} = await openRegularFile(path);
			try {
				const buffer = Buffer.allocUnsafe(CHUNK);
				let offset = 0;
				while (offset < upTo() && !signal.aborted) {
					const {bytesRead} = await handle.read(buffer, 0, Math.min(buffer.length, upTo() - offset), offset);
					if (bytesRead === 0) break;
					offset += bytesRead;
					onChunk(buffer.subarray(0, bytesRead));
					// Keys and refreshes in between chunks (a read from the page cache may never yield on its own).
					await new Promise<void>((resolve) => setImmediate(resolve));
				}
			} finally {
				await handle.close();
			}
		},
	};
}
