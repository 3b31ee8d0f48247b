import {fit, fitMiddle, formatAge, formatCount} from '../../core/format.js';
import {formatIoBytes} from '../../core/format-bytes.js';
import {sanitize} from '../../core/sanitize.js';
import type {TailState} from '../../sources/source.js';
import type {FileStatus} from '../../state/store.js';
import {paint} from './paint.js';

/** The path keeps at least this many columns (or all of itself, if shorter) before any fact is shown. */
const PATH_MIN = 24;
/** ...and this share of the line, when the line is wide. */
const PATH_SHARE = 0.6;

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
 * 60 % of the line (or all of itself) and is shortened in the middle; the facts after it are dropped from
 * the least important up until it does.
 */
export function statusLine(file: FileStatus, now: number, width: number): string {
	const parts = [stateText(file.state), `${formatCount(file.linesRead)} lines`, `${formatCount(file.linesRejected)} rejected`];
	if (file.lastEndTime !== undefined) parts.push(`last line ${formatAge(now - file.lastEndTime * 1000)} ago`);
	if (file.lastReset) parts.push(`${file.lastReset.reason}, re-read`);
	if (file.notice) parts.push(`stderr: ${sanitize(file.notice.text)} (printed on exit)`);
	const path = sanitize(file.path);
	const pathWant = Math.min(Array.from(path).length, Math.max(PATH_MIN, Math.floor(width * PATH_SHARE)));
	const tailOf = (shown: string[]) => ' · ' + shown.join(' · ');
	while (parts.length > 1 && pathWant + Array.from(tailOf(parts)).length > width) parts.pop();
	const tail = tailOf(parts);
	const room = Math.max(8, width - Array.from(tail).length);
	const shownPath = shortenPath(path, room);
	const bad = file.state.kind === 'error' || file.state.kind === 'deleted' || file.state.kind === 'waiting' || file.state.kind === 'not-regular';
	return paint(fit(shownPath + tail, width), bad ? {color: 'yellow'} : {dim: true});
}
