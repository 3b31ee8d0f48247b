import type {DetailHistory} from '../core/detail/detail-history.js';

/** Where an open detail stands: reading the file's past, following it, or unable to read the past. */
export type DetailPhase = {kind: 'reading'; done: number; total: number} | {kind: 'live'} | {kind: 'error'; message: string};

/** What a follower builds from the stream: a fresh one at each start, and how bytes reach it. */
export interface Followed<T> {
	value: T;
	/** Feeds bytes of the stream, in order; true when what `value` holds changed. */
	feed(chunk: Uint8Array): boolean;
}

/**
 * What an open detail (operation or container, issue #14 §2 and §3) builds from the metrics stream, built on
 * demand. When it opens, the stream's bytes so far (`streamBytes()`, which the live tail keeps moving) are
 * read again through `history`, without blocking (chunks, yielding in between); the live bytes are left to
 * that read until it has caught up with the stream, in the same step as its last chunk, and from then on
 * every new byte is fed as it arrives. So each line is read once, in file order, whatever the timing, with
 * nothing held in between. A reset of the stream (truncated, replaced) starts over empty: the tail reads the
 * file again from byte 0 and those bytes come live.
 */
export class PastFollower<T> {
	/** What the stream built so far: replaced at each start. */
	current!: T;
	/** Moves whenever `current` or the phase changes: the store computes the result again only then. */
	version = 0;
	private sink!: Followed<T>['feed'];
	private state: {kind: 'reading'; done: number} | Exclude<DetailPhase, {kind: 'reading'}> = {kind: 'live'};
	private signal = {aborted: false};

	constructor(
		private readonly history: DetailHistory | undefined,
		/** Bytes of the live stream so far, counting a chunk before it is fed. */
		private readonly streamBytes: () => number,
		/** Progress (`progress` true) or the end of the read: worth a frame before the next refresh. */
		private readonly changed: (progress: boolean) => void,
		private readonly make: () => Followed<T>,
	) {
		this.start();
	}

	/** While reading, how far of how much: the whole grows with the live stream, which the read follows. */
	get phase(): DetailPhase {
		return this.state.kind === 'reading' ? {kind: 'reading', done: this.state.done, total: this.streamBytes()} : this.state;
	}

	/** New bytes of the stream, in order (the live tail's): fed now, or left to the read of the past. */
	feed(chunk: Uint8Array): void {
		if (this.state.kind === 'reading') {
			// The read will bring them; the progress's whole moved.
			this.version++;
			return;
		}
		if (this.sink(chunk)) this.version++;
	}

	/** The stream starts again from byte 0 (truncated, replaced, rewritten). */
	reset(): void {
		this.start();
	}

	close(): void {
		this.signal.aborted = true;
	}

	private start(): void {
		this.signal.aborted = true;
		const signal = {aborted: false};
		this.signal = signal;
		const followed = this.make();
		this.current = followed.value;
		this.sink = followed.feed;
		this.version++;
		if (this.streamBytes() === 0 || this.history === undefined) {
			this.state = {kind: 'live'};
			return;
		}
		this.state = {kind: 'reading', done: 0};
		let done = 0;
		const caughtUp = () => {
			this.state = {kind: 'live'};
			this.version++;
			this.changed(false);
		};
		this.history
			.read(
				this.streamBytes,
				(chunk) => {
					if (signal.aborted) return;
					followed.feed(chunk);
					done += chunk.byteLength;
					this.version++;
					// Caught up: live in this same step, so the next byte the tail hands on is fed, not lost.
					if (done >= this.streamBytes()) caughtUp();
					else {
						this.state = {kind: 'reading', done};
						this.changed(true);
					}
				},
				signal,
			)
			.then(
				() => {
					// The file ended first (truncated or replaced): the tail's reset starts the detail over.
					if (!signal.aborted && this.state.kind === 'reading') caughtUp();
				},
				(error: unknown) => {
					if (signal.aborted) return;
					// The past cannot be read: the detail follows what comes from now on, and says why it is short.
					this.state = {kind: 'error', message: error instanceof Error ? error.message : String(error)};
					this.version++;
					this.changed(false);
				},
			);
	}
}
