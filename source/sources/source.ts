/**
 * The contract between the world and the store. Every source (metrics file, Docker, host, demo)
 * pushes events through one `emit` callback; the store ingests them cheaply and the ticker publishes.
 * UI tests replace a source with a deterministic fake that emits the same events.
 */

import type {ContainerListing, ContainerSample, DockerStatus, HostSample, TailState} from '../core/samples.js';

export type SourceEvent =
	/**
	 * Raw bytes of the metrics file in file order, split anywhere (the store keeps an unfinished last line
	 * until its newline arrives). Only valid during the call: the reader reuses its buffer.
	 */
	| {type: 'metrics-bytes'; chunk: Uint8Array}
	/** Whole lines as text, without newlines (fakes and tests). */
	| {type: 'metrics-lines'; lines: string[]}
	/** The file was truncated, replaced or rewritten in place: forget everything, a fresh ingest follows. */
	| {type: 'metrics-reset'; reason: 'truncated' | 'replaced' | 'recreated' | 'rewritten'}
	| {type: 'metrics-state'; state: TailState}
	| {type: 'container-sample'; sample: ContainerSample}
	/**
	 * A running container as the daemon listed it (or as it started), before any stats sample: its row shows
	 * at once, every figure not known yet. For a container already shown it updates name, state and health.
	 */
	| {type: 'container-listed'; container: ContainerListing; at: number}
	| {type: 'container-gone'; id: string}
	/**
	 * `sampleCurrentMs`: how long a container sample stays current before its row shows `--` (the source
	 * knows when it reads its streams); without it, 2 s as docker stats.
	 */
	| {type: 'docker-status'; status: DockerStatus; sampleCurrentMs?: number}
	| {type: 'host-sample'; sample: HostSample}
	/** Something said on stderr while the screen was ours (a warning...): shown, not drawn over the view. */
	| {type: 'notice'; text: string};

export type Emit = (event: SourceEvent) => void;

export interface Source {
	start(emit: Emit): void;
	/** Releases every stream, watcher and timer; resolves when nothing is left open. */
	stop(): Promise<void>;
	/**
	 * Periodic work, called by the app once per refresh interval just before it publishes, for a source
	 * created without a timer of its own. One timer for everything: every timer of its own
	 * would wake the process once more per interval, and on a VM each wakeup costs more than the work.
	 */
	tick?(): void;
}
