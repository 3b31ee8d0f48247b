import type {DetailHistory} from '../core/detail/detail-history.js';
import {OperationDetail} from '../core/detail/operation-detail.js';
import {OperationLines} from '../core/detail/operation-lines.js';
import {PastFollower} from './past-follower.js';

export type {DetailPhase} from './past-follower.js';

/** The recent calls kept: more than any screen shows. */
const RECENT = 100;

/**
 * One operation's detail while it is open in the live view (issue #14 §2): built on demand from that
 * operation's lines only, the stream's past first and then its live bytes (past-follower.ts).
 */
export class DetailSession extends PastFollower<OperationDetail> {
	constructor(
		readonly operation: string,
		history: DetailHistory | undefined,
		/** Bytes of the live stream so far, counting a chunk before it is fed. */
		streamBytes: () => number,
		/** Progress or the end of the read: worth a frame before the next refresh. */
		changed: () => void,
	) {
		super(history, streamBytes, changed, () => {
			const detail = new OperationDetail({recent: RECENT});
			const lines = new OperationLines(operation, (call) => detail.add(call));
			return {
				value: detail,
				feed: (chunk) => {
					lines.ingestBytes(chunk);
					return true;
				},
			};
		});
	}

	get detail(): OperationDetail {
		return this.current;
	}
}
