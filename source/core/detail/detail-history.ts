/**
 * How the live view gets an operation's past calls when its detail opens (issue #14 §2): the metrics
 * stream's first bytes read again, from where the live stream got them (the metrics file from byte 0).
 * The store holds nothing of the past beyond its tables; this is injected so state stays free of I/O
 * and a test can stand in for the file.
 */
export interface DetailHistory {
	/**
	 * Hands the stream's bytes [0, upTo()) to `onChunk` in order, a chunk at a time, yielding between
	 * chunks so keys and refreshes go on; `onChunk` may be handed a reused buffer. `upTo` is asked again
	 * before each chunk: it grows while the live stream goes on, and the read follows it until it has
	 * caught up. Never reads past what `upTo` said when the chunk was asked for. Stops early, without
	 * error, once `signal.aborted`, or when the file ends first (it was truncated or replaced: the live
	 * stream says so). Rejects when the bytes cannot be read (the file is gone, unreadable).
	 */
	read(upTo: () => number, onChunk: (chunk: Uint8Array) => void, signal: {readonly aborted: boolean}): Promise<void>;
}
