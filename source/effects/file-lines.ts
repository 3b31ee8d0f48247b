import type {FileHandle} from 'node:fs/promises';
import {HeldLine} from '../core/line-limit.js';
import {writeAll} from './fs-util.js';

const CHUNK = 4 * 1024 * 1024;
const NL = 10;

/**
 * Reads [from, to) of a file and calls `onLine(buffer, start, end)` for every complete line (`end` is just
 * past its '\n'), working on bytes so lines are copied exactly as written, whatever their encoding.
 * `onChunk` runs after each chunk's lines, before the next read: buffers are fresh per chunk, so slices
 * handed to `onLine` stay valid until then and can be written without copying.
 * A line that reaches MAX_LINE_BYTES before its newline while spread over chunks is never built: its
 * bytes are dropped as they come and `onLongLine(start, end)` gets its file offsets (`end` just past its
 * '\n') once the newline arrives, so memory stays bounded whatever the line's size.
 * Returns the offset just past the last newline: what follows is an unfinished line.
 */
export async function forEachLine(
	handle: FileHandle,
	from: number,
	to: number,
	onLine: (buffer: Buffer, start: number, end: number) => void,
	onChunk: () => Promise<void>,
	onLongLine: (start: number, end: number) => void = () => {},
): Promise<number> {
	let offset = from;
	let lineStart = from; // file offset of the first byte not yet handed out
	// The head of a line that started in an earlier chunk (only counted once over the limit). The piece
	// in the chunk holding its newline is not counted: a line that ends in that chunk is handed out whole.
	const held = new HeldLine();
	while (offset < to) {
		const buffer = Buffer.allocUnsafe(Math.min(CHUNK, to - offset));
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, offset);
		if (bytesRead === 0) break; // truncated under us: the caller compares sizes
		let start = 0;
		for (;;) {
			const nl = buffer.indexOf(NL, start);
			if (nl === -1 || nl >= bytesRead) break;
			if (held.tooLong) {
				held.clear();
				onLongLine(lineStart, offset + nl + 1);
			} else if (held.active) {
				const whole = Buffer.concat([held.view() ?? Buffer.alloc(0), buffer.subarray(0, nl + 1)]);
				held.clear();
				onLine(whole, 0, whole.length);
			} else {
				onLine(buffer, start, nl + 1);
			}
			start = nl + 1;
			lineStart = offset + start;
		}
		if (start < bytesRead) held.append(buffer, start, bytesRead);
		offset += bytesRead;
		await onChunk();
	}
	return lineStart;
}

/**
 * Copies the complete lines in [from, end of file) of `source` to `target` raw, one write per chunk that
 * ends on a newline. With `target` opened for appending, each write is one O_APPEND write of whole lines,
 * so it never splits a line that another writer appends at the same time. Returns the new offset and the
 * number of lines copied.
 */
export async function copyCompleteLines(
	source: FileHandle,
	from: number,
	target: FileHandle,
): Promise<{offset: number; lines: number}> {
	let offset = from;
	let lines = 0;
	let size = CHUNK;
	for (;;) {
		const buffer = Buffer.allocUnsafe(size);
		const {bytesRead} = await source.read(buffer, 0, size, offset);
		if (bytesRead === 0) break;
		const last = buffer.lastIndexOf(NL, bytesRead - 1);
		if (last === -1) {
			// No newline yet: a longer line than the buffer, or one still being written.
			if (bytesRead < size) break;
			size *= 2;
			continue;
		}
		const piece = buffer.subarray(0, last + 1);
		await writeAll(target, piece);
		lines += countNewlines(piece);
		offset += piece.length;
		if (bytesRead < size) break;
	}
	return {offset, lines};
}

export function countNewlines(buffer: Uint8Array): number {
	let n = 0;
	let i = -1;
	const b = buffer as Buffer;
	while ((i = b.indexOf(NL, i + 1)) !== -1) n++;
	return n;
}
