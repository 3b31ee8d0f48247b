/**
 * What sources report and the state holds: container and host samples and the states of the Docker
 * connection and the metrics file. Plain data, so core, state and ui can use them without a source.
 */

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
	/** `cause`: the container holding the file is not running, or there is none of that name (issue #15 §2). */
	| {kind: 'error'; message: string; cause?: 'container-stopped' | 'container-gone'};
