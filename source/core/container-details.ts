/**
 * What `docker inspect` says about a container that its stats do not: image, start time, restarts, OOM,
 * health and its CPU limit (issue #14 §1b and §3). Pure, so the many shapes of the inspect answer
 * (no HostConfig, a quota without a period, Go's zero time) are tested without an engine.
 */

export interface ContainerDetails {
	/** The image as the container was created from it (Config.Image, e.g. `nginx:1.27`). Untrusted text. */
	image: string;
	/** State.Status: running, exited, paused, restarting, created, dead. */
	state: string;
	/** Epoch ms of the last start; undefined when it never started (Go's zero time). */
	startedAt?: number;
	/** Epoch ms of the last stop, while it is stopped. */
	finishedAt?: number;
	exitCode?: number;
	restartCount: number;
	/** State.OOMKilled: the last exit was the kernel's OOM killer. */
	oomKilled: boolean;
	/** 'healthy' | 'unhealthy' | 'starting' with a healthcheck; undefined without one. */
	health?: string;
	/**
	 * The CPU the container may use, in cores: NanoCpus / 1e9 (`--cpus`), else CpuQuota / CpuPeriod
	 * (`--cpu-quota`, the period defaulting to the kernel's 100 ms). Undefined without a limit: one core is
	 * then the scale, as docker stats' 100 %.
	 */
	cpuLimitCores?: number;
	/** OOM events the daemon reported for it since ddc-top connected (each a process the kernel killed). */
	oomEvents?: number;
	/**
	 * Restarts as ddc-top counts them (restart-tally.ts): RestartCount counts only the restart policy's, and a
	 * `docker restart` sets it back to 0; this adds every start ddc-top saw since. Undefined: RestartCount.
	 */
	restarts?: number;
}

/** The part of the inspect answer read here; every field may be absent. */
export interface InspectJson {
	Name?: string;
	Image?: string;
	Config?: {Image?: string};
	State?: {
		Status?: string;
		Running?: boolean;
		StartedAt?: string;
		FinishedAt?: string;
		ExitCode?: number;
		OOMKilled?: boolean;
		Health?: {Status?: string};
	};
	RestartCount?: number;
	HostConfig?: {NanoCpus?: number; CpuQuota?: number; CpuPeriod?: number};
}

/** The CFS period Docker leaves to the kernel when only a quota is given. */
const DEFAULT_CPU_PERIOD_US = 100_000;

/** Go's zero time ("0001-01-01T00:00:00Z") and unparseable text -> undefined. */
export function inspectTime(text: string | undefined): number | undefined {
	if (!text || text.startsWith('0001-')) return undefined;
	const ms = Date.parse(text);
	return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function cpuLimitCores(host: InspectJson['HostConfig']): number | undefined {
	if (host?.NanoCpus && host.NanoCpus > 0) return host.NanoCpus / 1e9;
	if (host?.CpuQuota && host.CpuQuota > 0)
		return host.CpuQuota / (host.CpuPeriod && host.CpuPeriod > 0 ? host.CpuPeriod : DEFAULT_CPU_PERIOD_US);
	return undefined;
}

export function detailsFromInspect(info: InspectJson): ContainerDetails {
	const state = info.State ?? {};
	const details: ContainerDetails = {
		image: info.Config?.Image || info.Image || '',
		state: state.Status ?? (state.Running ? 'running' : 'unknown'),
		restartCount: info.RestartCount ?? 0,
		oomKilled: state.OOMKilled === true,
	};
	const started = inspectTime(state.StartedAt);
	if (started !== undefined) details.startedAt = started;
	const finished = inspectTime(state.FinishedAt);
	if (finished !== undefined && !state.Running) details.finishedAt = finished;
	if (!state.Running && state.ExitCode !== undefined) details.exitCode = state.ExitCode;
	if (state.Health?.Status) details.health = state.Health.Status;
	const cores = cpuLimitCores(info.HostConfig);
	if (cores !== undefined) details.cpuLimitCores = cores;
	return details;
}
