import {ContainerLines} from '../core/container-lines.js';
import type {LogLine, LogStreamState} from '../core/container-logs.js';
import {ContainerOperations} from '../core/container-operations.js';
import type {DetailHistory} from '../core/detail/detail-history.js';
import type {DetailPhase} from './detail-session.js';

/** Log lines kept for the detail: more than a tall terminal shows. */
export const LOG_LINES_KEPT = 500;

/**
 * One container's detail while it is open in the live view (issue #14 §3): the operations whose lines name
 * it, read from the metrics stream's past when it opens and then from the live bytes, exactly as the
 * operation detail does (detail-session.ts: the past read up to where the live stream is, then every new
 * byte fed as it arrives, each line once), and its log lines while they are shown. Nothing of this exists
 * while no container detail is open.
 */
export class ContainerDetailSession {
	operations!: ContainerOperations;
	/** Moves whenever the operations or the phase change: the store computes the rows again only then. */
	version = 0;
	logs: LogLine[] = [];
	logState: LogStreamState | undefined;
	private lines!: ContainerLines;
	private state: {kind: 'reading'; done: number} | Exclude<DetailPhase, {kind: 'reading'}> = {kind: 'live'};
	private signal = {aborted: false};

	constructor(
		readonly id: string,
		readonly name: string,
		private readonly history: DetailHistory | undefined,
		private readonly streamBytes: () => number,
		private readonly changed: () => void,
	) {
		this.start();
	}

	get phase(): DetailPhase {
		return this.state.kind === 'reading' ? {kind: 'reading', done: this.state.done, total: this.streamBytes()} : this.state;
	}

	feed(chunk: Uint8Array): void {
		if (this.state.kind === 'reading') return;
		const before = this.operations.calls;
		this.lines.ingestBytes(chunk);
		if (this.operations.calls !== before) this.version++;
	}

	reset(): void {
		this.start();
	}

	close(): void {
		this.signal.aborted = true;
	}

	addLogs(lines: readonly LogLine[]): void {
		this.logs.push(...lines);
		if (this.logs.length > LOG_LINES_KEPT * 2) this.logs = this.logs.slice(-LOG_LINES_KEPT);
	}

	/** The logs were hidden: their lines go, and come again (a fresh tail) when shown again. */
	clearLogs(): void {
		this.logs = [];
		this.logState = undefined;
	}

	private start(): void {
		this.signal.aborted = true;
		const signal = {aborted: false};
		this.signal = signal;
		const operations = new ContainerOperations();
		const lines = new ContainerLines(this.name, (op, end, duration, success) => operations.add(op, end, duration, success));
		this.operations = operations;
		this.lines = lines;
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
			this.changed();
		};
		this.history
			.read(
				this.streamBytes,
				(chunk) => {
					if (signal.aborted) return;
					lines.ingestBytes(chunk);
					done += chunk.byteLength;
					this.version++;
					if (done >= this.streamBytes()) caughtUp();
					else this.state = {kind: 'reading', done};
				},
				signal,
			)
			.then(
				() => {
					if (!signal.aborted && this.state.kind === 'reading') caughtUp();
				},
				(error: unknown) => {
					if (signal.aborted) return;
					this.state = {kind: 'error', message: error instanceof Error ? error.message : String(error)};
					this.version++;
					this.changed();
				},
			);
	}
}
