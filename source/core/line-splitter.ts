import {StringDecoder} from 'node:string_decoder';

/**
 * Byte chunks -> whole lines. The last line of a chunk is held until its newline arrives, because DDC's
 * writer may be mid-`write()` when we read; a UTF-8 character split across chunks is held too.
 */
export class LineSplitter {
	private decoder = new StringDecoder('utf8');
	private partial = '';

	/** Returns the complete lines in `chunk` (without '\n'), in order. */
	push(chunk: Uint8Array): string[] {
		const text = this.partial + this.decoder.write(chunk as Buffer);
		const lines: string[] = [];
		let start = 0;
		for (;;) {
			const nl = text.indexOf('\n', start);
			if (nl === -1) break;
			lines.push(text.slice(start, nl));
			start = nl + 1;
		}
		this.partial = start === 0 ? text : text.slice(start);
		return lines;
	}

	/** Bytes of an unfinished last line (counted in the file, not yet a line). */
	get pendingLength(): number {
		return this.partial.length;
	}

	reset(): void {
		this.decoder = new StringDecoder('utf8');
		this.partial = '';
	}
}
