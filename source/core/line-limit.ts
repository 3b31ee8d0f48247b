/**
 * The longest line read: 1 MiB, before its newline (a CR counts). DDC's lines are about 200 bytes; the
 * limit leaves room for a long error text in `metadata` while keeping the memory a line can take, and
 * the work a single line can cost, bounded. A longer line is counted as rejected (`too-long`) and skipped
 * without ever being built: no growing buffer, no string.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 10;

/**
 * The unfinished last line of a byte stream, held until its newline arrives. It grows by doubling (no
 * copy per chunk), and once it passes `limit` its bytes are dropped and only counted: the line is then
 * "discarding until the next newline", whatever size it reaches.
 */
export class HeldLine {
	private bytes: Uint8Array | undefined;
	private length = 0;
	private discarding = false;
	/** Bytes of the held line so far, kept or not. */
	size = 0;

	constructor(private readonly limit = MAX_LINE_BYTES) {}

	/** True while a line is being held (or discarded): the next newline ends it. */
	get active(): boolean {
		return this.size > 0;
	}

	/** True when the held line is over the limit: its bytes were dropped. */
	get tooLong(): boolean {
		return this.discarding;
	}

	/** Appends `chunk[start, end)` to the held line. */
	append(chunk: Uint8Array, start: number, end: number): void {
		const n = end - start;
		if (n <= 0) return;
		this.size += n;
		if (this.discarding) return;
		if (this.size > this.limit) {
			this.discarding = true;
			this.bytes = undefined;
			this.length = 0;
			return;
		}
		if (!this.bytes || this.length + n > this.bytes.length) {
			// Doubling, capped at the limit: a held line costs at most about twice its size, once.
			const grown = new Uint8Array(Math.min(this.limit, Math.max(256, this.length + n, (this.bytes?.length ?? 0) * 2)));
			if (this.bytes) grown.set(this.bytes.subarray(0, this.length));
			this.bytes = grown;
		}
		this.bytes.set(chunk.subarray(start, end), this.length);
		this.length += n;
	}

	/**
	 * Goes on with the held line at the start of `chunk`: appends the bytes before the chunk's first newline
	 * and returns that newline's index, or -1 when there is none (the whole chunk is held then, the line
	 * still unfinished). Ingest and the NDJSON reader call this while `active`, then take the line and `clear`.
	 */
	appendUntilNewline(chunk: Buffer): number {
		const nl = chunk.indexOf(NEWLINE);
		this.append(chunk, 0, nl === -1 ? chunk.length : nl);
		return nl;
	}

	/**
	 * The held line's bytes (a view, valid until the next append or clear), or undefined when it was too
	 * long. Call `clear` once done with it.
	 */
	view(): Uint8Array | undefined {
		if (this.discarding) return undefined;
		return (this.bytes ?? new Uint8Array(0)).subarray(0, this.length);
	}

	/**
	 * The held line followed by a newline byte (not counted in `size`), or undefined when it was too long:
	 * a scanner then stops at that newline and never reads past the bytes it was given.
	 */
	viewWithNewline(): Uint8Array | undefined {
		if (this.discarding) return undefined;
		if (!this.bytes || this.length === this.bytes.length) {
			const grown = new Uint8Array(this.length + 1);
			if (this.bytes) grown.set(this.bytes.subarray(0, this.length));
			this.bytes = grown;
		}
		this.bytes[this.length] = NEWLINE;
		return this.bytes.subarray(0, this.length + 1);
	}

	clear(): void {
		// A large buffer is let go; a small one is kept for the next unfinished line.
		if (this.bytes && this.bytes.length > 64 * 1024) this.bytes = undefined;
		this.length = 0;
		this.size = 0;
		this.discarding = false;
	}
}
