/**
 * What ddc-top read of a file inside a container, kept to tell a rewrite in place from appends (issue #15
 * §1, the guarantee metrics-file.ts gives a local file): `cp new.jsonl m.jsonl` keeps the inode and may
 * leave the file larger than what was read, so neither inode nor size says it. The follower in the
 * container (container-file-script.ts) hashes the same bytes of the file as it is now and compares them
 * with the hash ddc-top sends it on each refresh's line; this class keeps those bytes exactly as they were
 * read. Which bytes: all of them up to CHECK_WHOLE, else the first CHECK_HEAD and the CHECK_TAIL just
 * before the position (the script reads the same ranges with `dd`). Bytes that match at both places while
 * differing in between are not seen: that reads as appends, as for a local file.
 */
export const CHECK_HEAD = 4096;
export const CHECK_TAIL = 4096;
export const CHECK_WHOLE = CHECK_HEAD + CHECK_TAIL;

export class ReadWindow {
	/** How many times the follower (re)opened the file: pairs a check with the open it is about. */
	generation = 0;
	/** Bytes read since the follower's last open: its fd's position. */
	position = 0;
	private readonly head = Buffer.alloc(CHECK_HEAD);
	private readonly tail = Buffer.alloc(CHECK_TAIL);
	private tailLength = 0;

	/** The follower opened the file afresh: reading starts again at byte 0. */
	opened(): void {
		this.generation++;
		this.position = 0;
		this.tailLength = 0;
	}

	/** `chunk`: the file's next bytes, as read. */
	read(chunk: Uint8Array): void {
		if (this.position < CHECK_HEAD) {
			const n = Math.min(chunk.length, CHECK_HEAD - this.position);
			this.head.set(chunk.subarray(0, n), this.position);
		}
		if (chunk.length >= CHECK_TAIL) {
			this.tail.set(chunk.subarray(chunk.length - CHECK_TAIL));
			this.tailLength = CHECK_TAIL;
		} else {
			const keep = Math.min(this.tailLength, CHECK_TAIL - chunk.length);
			this.tail.copyWithin(0, this.tailLength - keep, this.tailLength);
			this.tail.set(chunk, keep);
			this.tailLength = keep + chunk.length;
		}
		this.position += chunk.length;
	}

	/** The bytes the follower hashes at this position, in its order; empty before anything was read. */
	region(): Buffer[] {
		const {position} = this;
		if (position <= CHECK_HEAD) return [this.head.subarray(0, position)];
		if (position <= CHECK_WHOLE) {
			// The tail holds everything after the head here (it is the last CHECK_TAIL bytes before the position).
			return [this.head.subarray(0, CHECK_HEAD), this.tail.subarray(this.tailLength - (position - CHECK_HEAD), this.tailLength)];
		}
		return [this.head.subarray(0, CHECK_HEAD), this.tail.subarray(0, CHECK_TAIL)];
	}
}
