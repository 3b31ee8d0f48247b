import type {FileHandle} from 'node:fs/promises';
import {classifyLine} from '../core/cleanup-rule.js';
import {forEachLine} from './file-lines.js';
import {writeAll} from './fs-util.js';

/** What one pass over the file found, line by line. */
export interface LineCounts {
	/** Complete lines read (blank lines are not lines: they are neither read nor judged). */
	lines: number;
	/** Blank lines: left where they are, whatever `dropInvalid`, and counted nowhere else. */
	blank: number;
	/** Lines older than the cutoff (removed). */
	old: number;
	/** Readable lines at or after the cutoff (kept). */
	kept: number;
	/** Unreadable lines: kept unless dropInvalid, and then counted here, not in `kept`. */
	invalid: number;
	/** Bytes of the lines that stay. */
	keptBytes: number;
	/** Offset just past the last complete line; the bytes after it are an unfinished line. */
	end: number;
}

/**
 * One pass over [0, size): every complete line is classified (old, kept, unreadable, blank), and with a
 * `sink` the lines that stay are copied to it in file order, byte for byte. The same pass serves the
 * preview and the cleanup, so the preview's numbers are the cleanup's.
 */
export async function classifyLines(
	handle: FileHandle,
	size: number,
	cutoffSeconds: number,
	dropInvalid: boolean,
	sink?: FileHandle,
): Promise<LineCounts> {
	const counts: LineCounts = {lines: 0, blank: 0, old: 0, kept: 0, invalid: 0, keptBytes: 0, end: 0};
	// Runs of consecutive kept lines become one slice, so a mostly-kept file is written in large pieces.
	// A kept line over the line limit is never in memory: it is a file range, copied when written.
	let pending: Array<Buffer | {from: number; to: number}> = [];
	let runBuffer: Buffer | undefined;
	let runStart = 0;
	let runEnd = 0;
	const closeRun = () => {
		if (runBuffer) pending.push(runBuffer.subarray(runStart, runEnd));
		runBuffer = undefined;
	};
	const onLine = (buffer: Buffer, start: number, end: number) => {
		// latin1 maps bytes 1:1 and is the cheapest decode; every byte the rule looks at is ASCII, and
		// JSON validity is the same (non-ASCII bytes are only legal inside strings either way).
		const verdict = classifyLine(buffer.toString('latin1', start, end - 1), cutoffSeconds);
		if (verdict !== 'blank') counts.lines++;
		let stays: boolean;
		if (verdict === 'blank') {
			counts.blank++;
			stays = true;
		} else if (verdict === 'old') {
			counts.old++;
			stays = false;
		} else if (verdict === 'invalid') {
			counts.invalid++;
			stays = !dropInvalid;
		} else {
			counts.kept++;
			stays = true;
		}
		if (!stays) {
			closeRun();
			return;
		}
		counts.keptBytes += end - start;
		if (!sink) return;
		if (runBuffer === buffer && runEnd === start) {
			runEnd = end;
		} else {
			closeRun();
			runBuffer = buffer;
			runStart = start;
			runEnd = end;
		}
	};
	// A line over the limit cannot be read, like any invalid line: kept byte for byte unless dropInvalid.
	const onLongLine = (from: number, to: number) => {
		closeRun();
		counts.lines++;
		counts.invalid++;
		if (dropInvalid) return;
		counts.keptBytes += to - from;
		if (sink) pending.push({from, to});
	};
	const onChunk = async () => {
		closeRun();
		if (sink && pending.length > 0) {
			let run: Buffer[] = [];
			for (const piece of pending) {
				if (Buffer.isBuffer(piece)) {
					run.push(piece);
					continue;
				}
				if (run.length > 0) await writeAll(sink, Buffer.concat(run));
				run = [];
				await copyRange(handle, piece.from, piece.to, sink);
			}
			if (run.length > 0) await writeAll(sink, Buffer.concat(run));
		}
		pending = [];
	};
	counts.end = await forEachLine(handle, 0, size, onLine, onChunk, onLongLine);
	return counts;
}

/** Copies [from, to) of `source` to `sink` in pieces of at most 4 MiB. */
async function copyRange(source: FileHandle, from: number, to: number, sink: FileHandle): Promise<void> {
	const piece = Buffer.allocUnsafe(Math.min(4 * 1024 * 1024, to - from));
	for (let at = from; at < to; ) {
		const {bytesRead} = await source.read(piece, 0, Math.min(piece.length, to - at), at);
		if (bytesRead === 0) throw new Error(`the file shrank while a long line was copied (at byte ${at})`);
		await writeAll(sink, piece.subarray(0, bytesRead));
		at += bytesRead;
	}
}
