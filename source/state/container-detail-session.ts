import {ContainerLines} from '../core/container-lines.js';
import type {LogLine, LogStreamState} from '../core/container-logs.js';
import {ContainerOperations} from '../core/container-operations.js';
import type {DetailHistory} from '../core/detail/detail-history.js';
import {PastFollower} from './past-follower.js';

/** Log lines kept for the detail: more than a tall terminal shows. */
export const LOG_LINES_KEPT = 500;

/**
 * One container's detail while it is open in the live view (issue #14 §3): the operations whose lines name
 * it, read from the metrics stream's past when it opens and then from the live bytes, exactly as the
 * operation detail does (past-follower.ts), and its log lines while they are shown. Nothing of this exists
 * while no container detail is open.
 */
export class ContainerDetailSession extends PastFollower<ContainerOperations> {
	logs: LogLine[] = [];
	logState: LogStreamState | undefined;

	constructor(
		readonly id: string,
		readonly name: string,
		history: DetailHistory | undefined,
		streamBytes: () => number,
		/** The end of the read: its progress shows at the next refresh, with the rest of the detail. */
		changed: () => void,
	) {
		super(
			history,
			streamBytes,
			(progress) => {
				if (!progress) changed();
			},
			() => {
				const operations = new ContainerOperations();
				const lines = new ContainerLines(name, (op, end, duration, success) => operations.add(op, end, duration, success));
				return {
					value: operations,
					feed: (chunk) => {
						const before = operations.calls;
						lines.ingestBytes(chunk);
						return operations.calls !== before;
					},
				};
			},
		);
	}

	get operations(): ContainerOperations {
		return this.current;
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
}
