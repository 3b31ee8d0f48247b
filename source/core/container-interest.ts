/**
 * What the view wants from the Docker source beyond the running containers' stats (issue #14): stopped
 * containers too (`a`, as `docker stats -a`), and the logs of the one container whose detail shows them.
 * Plain data: the app hands it from the UI state to the source, which opens and closes streams to match.
 */
export interface ContainerInterest {
	/** List every container, stopped ones too (they have no stats stream). */
	all: boolean;
	/** The id of the container whose log lines are followed; none while no detail shows its logs. */
	logs?: string;
}

export const NO_INTEREST: ContainerInterest = Object.freeze({all: false});

export function sameInterest(a: ContainerInterest, b: ContainerInterest): boolean {
	return a.all === b.all && a.logs === b.logs;
}

/** A source that can act on the view's interest (the Docker source); others ignore it. */
export interface InterestedSource {
	want(interest: ContainerInterest): void;
}

export function isInterested<T extends object>(source: T): source is T & InterestedSource {
	return typeof (source as Partial<InterestedSource>).want === 'function';
}

/** The Docker event actions after which a container's inspect answer is read again. */
const REINSPECT = new Set(['start', 'die', 'restart', 'oom', 'pause', 'unpause']);

/**
 * What an event means beyond the table's own reading of it (docker-events.ts): `create` and `die` matter when
 * stopped containers are listed, `oom` is counted, and these refresh the inspect details.
 */
export function eventAction(action: string): {reinspect: boolean; oom: boolean; create: boolean; die: boolean; destroy: boolean} {
	const health = action.startsWith('health_status');
	return {
		reinspect: REINSPECT.has(action) || health,
		oom: action === 'oom',
		create: action === 'create',
		die: action === 'die' || action === 'stop',
		destroy: action === 'destroy',
	};
}
