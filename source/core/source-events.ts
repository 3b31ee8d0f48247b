/**
 * What sources tell the store: the one event union every source (metrics file, Docker, host, demo) emits and
 * the store ingests. Defined in core so state depends on the events, not on the sources that produce them.
 */

import type {ContainerDetails} from './container-details.js';
import type {ContainerLogEvent} from './container-logs.js';
import type {ContainerListing, ContainerSample, DockerStatus, HostSample, TailState} from './samples.js';

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
	/** What inspect says of a container (image, restarts, CPU limit...): at listing and at its start/die/oom/health events. */
	| {type: 'container-details'; id: string; details: ContainerDetails}
	/** Log lines of the container whose logs are shown (issue #14 §3), or the state of that stream. */
	| ContainerLogEvent
	/**
	 * `sampleCurrentMs`: how long a container sample stays current before its row shows `--` (the source
	 * knows when it reads its streams); without it, 2 s as docker stats.
	 */
	| {type: 'docker-status'; status: DockerStatus; sampleCurrentMs?: number}
	| {type: 'host-sample'; sample: HostSample}
	/** Something said on stderr while the screen was ours (a warning...): shown, not drawn over the view. */
	| {type: 'notice'; text: string};
