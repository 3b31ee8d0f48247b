/**
 * The contract between the world and the store. Every source (metrics file, Docker, host, demo)
 * pushes events through one `emit` callback; the store ingests them cheaply and the ticker publishes.
 * UI tests replace a source with a deterministic fake that emits the same events.
 */

/** Milliseconds since the epoch; injected so logic never reads the clock itself. */
export type Clock = () => number;

/** One container as `docker stats` would show it, numbers already computed (docker/cli formulas). */
export interface ContainerSample {
	id: string;
	/** Without the leading slash Docker puts on names. Untrusted: sanitize before drawing. */
	name: string;
	state: string;
	/** 'healthy' | 'unhealthy' | 'starting' when the container has a healthcheck. */
	health?: string;
	/** null while not yet known: a stream's first sample has no previous CPU reading to compare with. */
	cpuPercent: number | null;
	memUsedBytes: number;
	memLimitBytes: number;
	memPercent: number;
	netRxBytes: number;
	netTxBytes: number;
	blockReadBytes: number;
	blockWriteBytes: number;
	pids: number;
	/** When the sample was read (ms since epoch). */
	at: number;
}

/** What the container list says about a container, before its stats are read. */
export type ContainerListing = Pick<ContainerSample, 'id' | 'name' | 'state' | 'health'>;

export type DockerStatus =
	| {kind: 'disabled'}
	| {kind: 'connecting'; endpoint: string}
	| {kind: 'live'; endpoint: string}
	/** `message` is a plain-words explanation, e.g. how to get access to the socket. */
	| {kind: 'unavailable'; endpoint: string; message: string; retryAt?: number};

export interface HostSample {
	cpuPercent: number;
	memUsedBytes: number;
	memTotalBytes: number;
	load1: number;
	load5: number;
	load15: number;
	at: number;
}

export type TailState =
	| {kind: 'opening'} // not looked at yet (the first frame, before the first stat answers)
	| {kind: 'waiting'} // the file does not exist (yet)
	/** Catching up from byte 0: `bytesRead` of `size` (the size seen when the catch-up began, or since). */
	| {kind: 'reading'; bytesRead?: number; size?: number}
	| {kind: 'following'}
	| {kind: 'deleted'} // keeping the last numbers until it returns
	/** The path is a FIFO, device, directory or socket: nothing is read; `what` in words ("a FIFO (named pipe)"). */
	| {kind: 'not-regular'; what: string}
	| {kind: 'error'; message: string};

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
	| {type: 'docker-status'; status: DockerStatus}
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
