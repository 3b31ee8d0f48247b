/** Local wall-clock time as text, every way ddc-top writes it. */

const pad = (n: number, width = 2) => n.toString().padStart(width, '0');

/**
 * Python's `datetime.isoformat()` of a naive local time, as DDC writes `timestamp` and `exported_at`:
 * microseconds, no zone. `micros` defaults to the date's milliseconds; pass it when the source time is finer.
 */
export function pythonIsoformat(date: Date, micros = date.getMilliseconds() * 1000): string {
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
		`T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(micros, 6)}`
	);
}

/** Local time as DDC writes it, to the second, from epoch seconds: "2026-11-22 18:30:00". */
export function localTime(epochSeconds: number): string {
	return pythonIsoformat(new Date(epochSeconds * 1000))
		.slice(0, 19)
		.replace('T', ' ');
}

/** "20261122-183000", for file names. */
export function compactTimestamp(date: Date): string {
	return (
		`${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
		`-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
	);
}

/** "18:30:00", the header's clock. */
export function formatClockTime(epochMs: number): string {
	const d = new Date(epochMs);
	return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
