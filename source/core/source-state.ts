import type {TailState} from './samples.js';

/**
 * The metrics file's health in one word (issue #15 §2): the one list the live view's status line and
 * `--once --json` (`ddc_top.source.state`) both use, documented in the README's JSON section.
 */
export const SOURCE_STATES = {
	opening: 'not looked at yet (the first moments of the live view)',
	reading: 'catching up on the file from its first byte',
	following: 'the file is read to its end and followed; its newest line is at most an hour old, or it has none yet',
	stale: 'followed, but its newest line is over an hour old: whatever writes it stopped (the status line says "no new lines since")',
	not_recording: 'no metrics file where ddc-top looked: DDC is not recording metrics',
	deleted: 'the file was there and is gone; its last numbers are kept',
	not_regular: 'the path is a directory, FIFO, device or socket: nothing is read',
	container_stopped: 'the container holding the file is not running; its last numbers are kept',
	container_gone: 'no container of that name (removed, not created yet); the last numbers are kept',
	error: 'the file cannot be read (the status line says why)',
} as const;

export type SourceStateName = keyof typeof SOURCE_STATES;

/** A file whose newest line is older than this is stale. */
export const STALE_AFTER_S = 3600;

export interface SourceHealth {
	state: SourceStateName;
	/** Seconds from the newest line's end_time to now; null while the file has no line. */
	lastLineAgeS: number | null;
}

/**
 * The age is taken from the newest line's own `end_time`, not from when ddc-top read it: a file just opened
 * whose instrumentation stopped days ago is stale at once, and the age survives a restart of ddc-top. A
 * line stamped in the future (clock skew) counts as age 0.
 */
export function lastLineAgeS(lastEndTime: number | undefined, nowMs: number): number | null {
	if (lastEndTime === undefined || !Number.isFinite(lastEndTime)) return null;
	return Math.max(0, Math.floor(nowMs / 1000 - lastEndTime));
}

/** The file's state and the age of its newest line at `nowMs` (the caller's clock: core reads none). */
export function sourceHealth(tail: TailState, lastEndTime: number | undefined, nowMs: number): SourceHealth {
	const lastLineAge = lastLineAgeS(lastEndTime, nowMs);
	return {state: stateOf(tail, lastLineAge), lastLineAgeS: lastLineAge};
}

function stateOf(tail: TailState, age: number | null): SourceStateName {
	switch (tail.kind) {
		case 'opening':
			return 'opening';
		case 'reading':
			return 'reading';
		case 'following':
			return age !== null && age > STALE_AFTER_S ? 'stale' : 'following';
		case 'waiting':
			return 'not_recording';
		case 'deleted':
			return 'deleted';
		case 'not-regular':
			return 'not_regular';
		case 'error':
			return tail.cause === 'container-stopped' ? 'container_stopped' : tail.cause === 'container-gone' ? 'container_gone' : 'error';
	}
}

const pad = (n: number) => n.toString().padStart(2, '0');

/**
 * When the newest line was written, in local time: "14:02" today, "2026-11-27 14:02" on another day (a
 * bare time would read as today's).
 */
export function sinceText(lastEndTime: number, nowMs: number): string {
	const then = new Date(lastEndTime * 1000);
	const now = new Date(nowMs);
	const time = `${pad(then.getHours())}:${pad(then.getMinutes())}`;
	const sameDay = then.getFullYear() === now.getFullYear() && then.getMonth() === now.getMonth() && then.getDate() === now.getDate();
	return sameDay ? time : `${then.getFullYear()}-${pad(then.getMonth() + 1)}-${pad(then.getDate())} ${time}`;
}

/** The stale state in words, for the status line and the operations panel. */
export function staleText(lastEndTime: number, nowMs: number): string {
	return `no new lines since ${sinceText(lastEndTime, nowMs)}`;
}
