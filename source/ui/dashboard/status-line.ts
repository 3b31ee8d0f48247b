import {fit, fitMiddle, formatAge, formatCount} from '../../core/format.js';
import {formatIoBytes} from '../../core/format-bytes.js';
import type {TailState} from '../../core/samples.js';
import {sanitize} from '../../core/sanitize.js';
import {sourceHealth, staleText} from '../../core/source-state.js';
import type {FileStatus} from '../../state/store.js';
import {paint} from '../../terminal-output/paint.js';

/**
 * The path keeps at least its file name and this many columns of its directories (or all of itself, if
 * shorter; never less than PATH_MIN) before any fact is dropped.
 */
const PATH_DIR_MIN = 10;
const PATH_MIN = 24;

/**
 * A path in `room` columns: whole if it fits; else its file name whole and its directories shortened in
 * the middle (the start says where, the name says what); else the whole path shortened in the middle.
 */
export function shortenPath(path: string, room: number): string {
	const chars = Array.from(path);
	if (chars.length <= room) return path;
	const slash = path.lastIndexOf('/');
	const name = Array.from(path.slice(slash + 1));
	const dirRoom = room - name.length;
	if (slash > 0 && dirRoom >= 9) return fitMiddle(path.slice(0, slash + 1), dirRoom) + name.join('');
	return fitMiddle(path, room);
}

/** The state in words; catching up shows how far: "reading 45 % (12.3MB of 27.1MB)". */
export function stateText(state: TailState): string {
	switch (state.kind) {
		case 'opening':
			return 'opening';
		case 'waiting':
			return 'waiting for file';
		case 'reading': {
			const {bytesRead, size} = state;
			if (bytesRead === undefined || !size) return 'reading';
			const percent = Math.min(100, Math.floor((bytesRead / size) * 100));
			return `reading ${percent} % (${formatIoBytes(bytesRead)} of ${formatIoBytes(size)})`;
		}
		case 'following':
			return 'following';
		case 'deleted':
			return 'deleted (keeping last numbers)';
		case 'not-regular':
			return `${state.what}, not a regular file: nothing read`;
		case 'error':
			return sanitize(state.message);
	}
}

/**
 * The metrics file's health: where, what state, how much read and rejected, how fresh, and what just
 * happened (a re-read, a line on stderr) while the store keeps those notes. The path has priority: it keeps
 * its file name and the start of its directories; facts are dropped from the least important up (age of the
 * last line, rejected, lines) until they fit beside it; the state and the notes are never dropped (the line
 * is cut at its end instead), and whatever room is left widens the path again.
 */
export function statusLine(file: FileStatus, now: number, width: number): string {
	// Issue #15 §2: followed, but nothing new for over an hour: "no new lines since 14:02" instead of "following".
	const stale = file.lastEndTime !== undefined && sourceHealth(file.state, file.lastEndTime, now).state === 'stale';
	const state = stale ? staleText(file.lastEndTime!, now) : stateText(file.state);
	const lines = `${formatCount(file.linesRead)} lines`;
	const rejected = `${formatCount(file.linesRejected)} rejected`;
	const age = file.lastEndTime === undefined ? undefined : `last line ${formatAge(now - file.lastEndTime * 1000)} ago`;
	const notes: string[] = [];
	if (file.lastReset) notes.push(`${file.lastReset.reason}, re-read`);
	if (file.notice) notes.push(`stderr: ${sanitize(file.notice.text)} (printed on exit)`);
	const path = sanitize(file.path);
	const pathLength = Array.from(path).length;
	const nameLength = pathLength - path.lastIndexOf('/') - 1;
	const pathWant = Math.min(pathLength, Math.max(PATH_MIN, nameLength + PATH_DIR_MIN));
	const tailOf = (facts: ReadonlyArray<string | undefined>) =>
		` · ${[state, ...facts.filter((f): f is string => f !== undefined), ...notes].join(' · ')}`;
	// Least important last, so they go first.
	let facts: Array<string | undefined> = [lines, rejected, age];
	while (facts.length > 0 && pathWant + Array.from(tailOf(facts)).length > width) facts = facts.slice(0, -1);
	const tail = tailOf(facts);
	const room = Math.max(Math.min(pathWant, 8), width - Array.from(tail).length);
	const shownPath = shortenPath(path, Math.max(room, Math.min(pathWant, width)));
	const bad =
		stale ||
		file.state.kind === 'error' ||
		file.state.kind === 'deleted' ||
		file.state.kind === 'waiting' ||
		file.state.kind === 'not-regular';
	return paint(fit(shownPath + tail, width), bad ? {color: 'yellow'} : {dim: true});
}
