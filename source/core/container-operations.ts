/**
 * The inverse of the operation detail's "by container" rows (issue #14 §3): the operations whose lines name
 * one container in `metadata.container`, with calls, failures and p95 over the window shown. Built only while
 * that container's detail is open, from the metrics stream's bytes (container-lines.ts finds the lines).
 * Each operation keeps its calls in time slots (a minute over the last hour, an hour over the last day) and a
 * whole-stream total, each slot a 2 KB latency sketch: a window's figures are the sum of its slots, so the
 * 24h window counts in whole hours. At most MAX_OPERATIONS names are kept; the rest count as `other`, so a
 * hostile file cannot grow memory.
 */
import {addSketch, createSketch, sketchIndex, sketchPercentiles} from './detail/latency-sketch.js';
import {WINDOW_SECONDS, type WindowName} from './windows.js';

export const MAX_OPERATIONS = 50;
export const OTHER_OPERATION = 'other';

export interface ContainerOperationRow {
	/** Untrusted: sanitize before drawing. */
	operation: string;
	calls: number;
	failures: number;
	/** Seconds; undefined without calls. */
	p95?: number;
}

class Slot {
	calls = 0;
	failures = 0;
	min = Number.POSITIVE_INFINITY;
	max = 0;
	readonly sketch = createSketch();

	constructor(readonly start: number) {}

	add(duration: number, success: boolean): void {
		this.calls++;
		if (!success) this.failures++;
		if (duration < this.min) this.min = duration;
		if (duration > this.max) this.max = duration;
		this.sketch[sketchIndex(duration)]++;
	}

	addTo(into: Slot): void {
		into.calls += this.calls;
		into.failures += this.failures;
		into.min = Math.min(into.min, this.min);
		into.max = Math.max(into.max, this.max);
		addSketch(into.sketch, this.sketch);
	}
}

/** `count` slots of `step` seconds, the newest at the end of time seen; older slots are reused. */
class SlotRing {
	private readonly slots: Array<Slot | undefined>;

	constructor(
		private readonly step: number,
		private readonly count: number,
	) {
		this.slots = new Array(count).fill(undefined);
	}

	add(end: number, duration: number, success: boolean): void {
		const start = Math.floor(end / this.step) * this.step;
		const i = Math.floor(start / this.step) % this.count;
		let slot = this.slots[i];
		if (slot === undefined || slot.start !== start) {
			// An older call than the slot holds (out of order by more than the ring) is left to the total.
			if (slot !== undefined && slot.start > start) return;
			slot = new Slot(start);
			this.slots[i] = slot;
		}
		slot.add(duration, success);
	}

	/** The slots that start at or after `from` and not after `now`. */
	sum(from: number, now: number, into: Slot): void {
		for (const slot of this.slots) if (slot !== undefined && slot.start >= from && slot.start <= now) slot.addTo(into);
	}
}

class OperationCalls {
	readonly minutes = new SlotRing(60, 60);
	readonly hours = new SlotRing(3600, 24);
	readonly total = new Slot(0);

	add(end: number, duration: number, success: boolean): void {
		this.minutes.add(end, duration, success);
		this.hours.add(end, duration, success);
		this.total.add(duration, success);
	}

	window(window: WindowName, now: number): Slot {
		if (window === 'all') return this.total;
		const into = new Slot(0);
		const from = now - WINDOW_SECONDS[window];
		// The current minute's (hour's) slot starts before `now`: a slot counts when its start is in the window.
		if (window === '1h') this.minutes.sum(Math.floor(from / 60) * 60 + 60, now, into);
		else this.hours.sum(Math.floor(from / 3600) * 3600 + 3600, now, into);
		return into;
	}
}

export class ContainerOperations {
	private readonly byName = new Map<string, OperationCalls>();
	/** Calls seen, of any time. */
	calls = 0;

	add(operation: string, end: number, duration: number, success: boolean): void {
		let ops = this.byName.get(operation);
		if (ops === undefined) {
			const name = this.byName.size < MAX_OPERATIONS ? operation : OTHER_OPERATION;
			ops = this.byName.get(name) ?? new OperationCalls();
			this.byName.set(name, ops);
		}
		this.calls++;
		ops.add(end, duration, success);
	}

	/** The operations with calls in the window (`now` in epoch s), most calls first, then by name. */
	rows(window: WindowName, now: number): ContainerOperationRow[] {
		const rows: ContainerOperationRow[] = [];
		for (const [operation, ops] of this.byName) {
			const s = ops.window(window, now);
			if (s.calls === 0) continue;
			const [p95] = sketchPercentiles(s.sketch, s.calls, s.min, s.max, [95]);
			rows.push({operation, calls: s.calls, failures: s.failures, p95});
		}
		return rows.sort((a, b) => b.calls - a.calls || (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
	}
}
