import type {DetailHistory} from '../core/detail/detail-history.js';
import {OperationDetail} from '../core/detail/operation-detail.js';
import {OperationLines} from '../core/detail/operation-lines.js';

/** Where an open detail stands: reading the file's past, following it, or unable to read the past. */
export type DetailPhase = {kind: 'reading'; done: number; total: number} | {kind: 'live'} | {kind: 'error'; message: string};

/**
 * Bytes that arrive while the past is read are held until it is; past this, the read starts over at the
 * new end instead (a catch-up of a large file while the detail opens), so the held bytes stay bounded.
 */
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

/** The recent calls kept: more than any screen shows. */
const RECENT = 100;

/**
 * One operation's detail while it is open in the live view (issue #14 §2): built on demand from that
 * operation's lines only. When it opens, the stream's bytes up to that moment (`streamBytes`) are read
 * again through `history`, without blocking (chunks, yielding in between); the bytes the live tail hands
 * on meanwhile are held and fed after them, then every new byte is fed as it arrives. So each line is
 * read once, in file order, whatever the timing. A reset of the stream (truncated, replaced) starts over
 * empty: the tail reads the file again from byte 0 and those bytes come live.
 */
export class DetailSession {
	detail!: OperationDetail;
	phase: DetailPhase = {kind: 'live'};
	/** Moves whenever the detail or the phase changes: the store computes the result again only then. */
	version = 0;
	private lines!: OperationLines;
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	private signal = {aborted: false};

	constructor(
		readonly operation: string,
		private readonly history: DetailHistory | undefined,
		streamBytes: number,
		/** Progress or the end of the read: worth a frame before the next refresh. */
		private readonly changed: () => void,
	) {
		this.start(streamBytes);
	}

	/** New bytes of the stream, in order (the live tail's): fed now, or held while the past is read. */
	feed(chunk: Uint8Array): void {
		if (this.phase.kind === 'reading') {
			this.pending.push(Buffer.from(chunk));
			this.pendingBytes += chunk.byteLength;
			if (this.pendingBytes > MAX_PENDING_BYTES) this.start(this.phase.total + this.pendingBytes);
			return;
		}
		this.lines.ingestBytes(chunk);
		this.version++;
	}

	/** The stream starts again from byte 0 (truncated, replaced, rewritten). */
	reset(): void {
		this.start(0);
	}

	close(): void {
		this.signal.aborted = true;
	}

	private start(upTo: number): void {
		this.signal.aborted = true;
		const signal = {aborted: false};
		this.signal = signal;
		this.detail = new OperationDetail({recent: RECENT});
		const detail = this.detail;
		this.lines = new OperationLines(this.operation, (call) => detail.add(call));
		this.pending = [];
		this.pendingBytes = 0;
		this.version++;
		if (upTo === 0 || this.history === undefined) {
			this.phase = {kind: 'live'};
			return;
		}
		const phase = {kind: 'reading' as const, done: 0, total: upTo};
		this.phase = phase;
		const lines = this.lines;
		this.history
			.read(
				upTo,
				(chunk) => {
					if (signal.aborted) return;
					lines.ingestBytes(chunk);
					this.phase = {...phase, done: Math.min(upTo, (this.phase.kind === 'reading' ? this.phase.done : 0) + chunk.byteLength)};
					this.version++;
					this.changed();
				},
				signal,
			)
			.then(
				() => {
					if (signal.aborted) return;
					this.phase = {kind: 'live'};
					for (const chunk of this.pending) lines.ingestBytes(chunk);
					this.pending = [];
					this.pendingBytes = 0;
					this.version++;
					this.changed();
				},
				(error: unknown) => {
					if (signal.aborted) return;
					// The past cannot be read: the detail follows what comes from now on, and says why it is short.
					this.phase = {kind: 'error', message: error instanceof Error ? error.message : String(error)};
					for (const chunk of this.pending) lines.ingestBytes(chunk);
					this.pending = [];
					this.pendingBytes = 0;
					this.version++;
					this.changed();
				},
			);
	}
}
