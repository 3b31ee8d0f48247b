import type {FileHandle} from 'node:fs/promises';
import {LineSplitter} from '../core/line-splitter.js';
import {writeAll} from './fs-util.js';

const CHUNK = 4 * 1024 * 1024;
const NL = 10;

/**
 * Reads [from, to) of a file and calls `onLine(buffer, start, end)` for every complete line (`end` is just
 * past its '\n'), working on bytes so lines are copied exactly as written, whatever their encoding.
 * `onChunk` runs after each chunk's lines, before the next read: buffers are fresh per chunk, so slices
 * handed to `onLine` stay valid until then and can be written without copying.
 * A line over MAX_LINE_BYTES before its newline is never built: `onLongLine(start, end)` gets its file
 * offsets instead (`end` just past its '\n'), so memory stays bounded whatever the line's size.
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
	let chunk = Buffer.alloc(0);
	const lines = new LineSplitter({
		line(buffer, start, end) {
			// A line joined from two chunks lives in the splitter's buffer, reused for the next held line:
			// copied, so it stays valid until onChunk like the others.
			if (buffer === chunk) onLine(buffer, start, end + 1);
			else onLine(Buffer.from(buffer.subarray(start, end + 1)), 0, end + 1 - start);
		},
		tooLong: (start, end) => onLongLine(from + start, from + end),
	});
	let offset = from;
	while (offset < to) {
		const buffer = Buffer.allocUnsafe(Math.min(CHUNK, to - offset));
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, offset);
		if (bytesRead === 0) break; // truncated under us: the caller compares sizes
		chunk = buffer.subarray(0, bytesRead);
		lines.feed(chunk);
		offset += bytesRead;
		await onChunk();
	}
	return from + lines.lineStart;
}

/**
 * Copies the complete lines in [from, end of file) of `source` to `target` raw, one write per chunk that
 * ends on a newline. With `target` opened for appending, each write is one O_APPEND write of whole lines,
 * so it never splits a line that another writer appends at the same time. Returns the new offset and the
 * number of lines copied.
 */
export async function copyCompleteLines(source: FileHandle, from: number, target: FileHandle): Promise<{offset: number; lines: number}> {
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
