import {fit, formatAge, formatCount} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {FileStatus} from '../../state/store.js';
import {paint} from './paint.js';

const STATE_TEXT = {
	waiting: 'waiting for file',
	reading: 'reading',
	following: 'following',
	deleted: 'deleted (keeping last numbers)',
} as const;

/** The metrics file's health: where, what state, how much read and rejected, how fresh. */
export function statusLine(file: FileStatus, now: number, width: number): string {
	const state = file.state.kind === 'error' ? sanitize(file.state.message) : STATE_TEXT[file.state.kind];
	const parts = [state, `${formatCount(file.linesRead)} lines`, `${formatCount(file.linesRejected)} rejected`];
	if (file.lastEndTime !== undefined) parts.push(`last line ${formatAge(now - file.lastEndTime * 1000)} ago`);
	if (file.lastReset && now - file.lastReset.at < 60_000) parts.push(`${file.lastReset.reason}, re-read`);
	if (file.notice && now - file.notice.at < 30_000) parts.push(`stderr: ${sanitize(file.notice.text)} (printed on exit)`);
	const tail = ' · ' + parts.join(' · ');
	// The path gets what the facts leave, cut from the left: its end (the file name) matters most.
	const room = Math.max(8, width - Array.from(tail).length);
	const path = sanitize(file.path);
	const shownPath = path.length > room ? '…' + path.slice(path.length - room + 1) : path;
	const bad = file.state.kind === 'error' || file.state.kind === 'deleted' || file.state.kind === 'waiting';
	return paint(fit(shownPath + tail, width), bad ? {color: 'yellow'} : {dim: true});
}
