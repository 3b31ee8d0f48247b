import type {DetailRequest} from '../core/detail/detail-json.js';
import {DEFAULT_RECENT, MAX_RECENT} from '../core/detail/recent-bound.js';
import {UsageError} from './usage-error.js';

/**
 * --op, --recent, --from and --to, shared by `ddc-top --once` and `export` (issue #14 §4). Each problem is
 * one UsageError line; the caller says which command it belongs to.
 */

export interface DetailFlags {
	op?: string;
	recent?: string;
	from?: string;
	to?: string;
}

/** The request, or undefined without --op; --recent, --from and --to alone are usage errors. */
export function readDetailFlags(flags: DetailFlags): DetailRequest | undefined {
	if (flags.op === undefined) {
		const stray = (['recent', 'from', 'to'] as const).find((name) => flags[name] !== undefined);
		if (stray) throw new UsageError(`--${stray} needs --op NAME`);
		return undefined;
	}
	if (flags.op === '') throw new UsageError('--op needs an operation name');
	const recent = flags.recent === undefined ? DEFAULT_RECENT : Number(flags.recent);
	if (flags.recent !== undefined && (!/^\d+$/.test(flags.recent) || recent < 1 || recent > MAX_RECENT)) {
		throw new UsageError(`--recent must be a whole number from 1 to ${MAX_RECENT} (got "${flags.recent}")`);
	}
	const from = flags.from === undefined ? undefined : timeFlag('from', flags.from);
	const to = flags.to === undefined ? undefined : timeFlag('to', flags.to);
	if (from !== undefined && to !== undefined && from > to) {
		throw new UsageError(`--from (${flags.from}) is after --to (${flags.to})`);
	}
	return {operation: flags.op, recent, from, to};
}

function timeFlag(name: string, value: string): number {
	const seconds = parseTime(value);
	if (seconds === undefined) {
		throw new UsageError(`--${name} must be epoch seconds or an ISO time such as 2026-11-30T14:00 or 2026-11-30T14:00Z (got "${value}")`);
	}
	return seconds;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Epoch seconds ("1764511200", "1764511200.5") or an ISO time ("2026-11-30", "2026-11-30T14:00",
 * "2026-11-30 14:00:05.25", "2026-11-30T14:00Z", "...+01:00") -> epoch seconds; undefined for anything else
 * or a date that does not exist (2026-02-30). Without a zone the time is local, as DDC writes its
 * `timestamp`; a date alone is its local midnight.
 */
export function parseTime(text: string): number | undefined {
	if (/^\d{1,12}(?:\.\d{1,9})?$/.test(text)) return Number(text);
	const m = ISO.exec(text);
	if (!m) return undefined;
	const [year, month, day, hour = 0, minute = 0, second = 0] = m
		.slice(1, 7)
		.map((part) => (part === undefined ? undefined : Number(part))) as number[];
	const fraction = m[7] === undefined ? 0 : Number(`0${m[7]}`);
	const zone = m[8];
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
	const local = new Date(year, month - 1, day, hour, minute, second);
	// The Date rolls 2026-02-30 over to March: a date that does not exist is refused, not moved.
	if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== day) return undefined;
	if (zone === undefined) return local.getTime() / 1000 + fraction;
	const utc = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
	if (zone.toUpperCase() === 'Z') return utc + fraction;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offset = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60;
	return utc - sign * offset + fraction;
}
