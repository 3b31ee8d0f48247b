import {pythonIsoformat} from './local-time.js';

/**
 * A line exactly as DDC's writer produces it: Python's `json.dumps(entry) + "\n"` (keys in DDC's order,
 * ", " and ": " separators, floats as Python prints them, local time without zone in `timestamp`).
 * The demo and the tests write through this, so they exercise the path the real file takes.
 */
export interface DdcEntry {
	operation: string;
	/** Epoch seconds. */
	end: number;
	/** Seconds. */
	duration: number;
	success?: boolean;
	metadata?: Record<string, unknown>;
}

/** json.dumps of any JSON value with Python's separators. */
export function pyDumps(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number') return Number.isFinite(value) ? pyFloatOrInt(value) : String(value);
	if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
	if (typeof value === 'object') {
		return `{${Object.entries(value as Record<string, unknown>)
			.map(([k, v]) => `${JSON.stringify(k)}: ${pyDumps(v)}`)
			.join(', ')}}`;
	}
	return JSON.stringify(value);
}

function pyFloatOrInt(n: number): string {
	return Number.isInteger(n) ? String(n) : pyFloat(n);
}

/** Python's repr of a float: shortest round-trip digits, always a '.' or an exponent (1.0, 1e-05). */
export function pyFloat(n: number): string {
	const s = String(n);
	if (/[.e]/.test(s)) return s.replace(/e([+-])(\d)$/, 'e$10$2');
	return `${s}.0`;
}

/** `datetime.now().isoformat()` for an epoch time: local, microseconds, no zone. */
function pythonIso(epochSeconds: number): string {
	return pythonIsoformat(new Date(epochSeconds * 1000), Math.floor((epochSeconds % 1) * 1e6));
}

export function formatDdcLine(e: DdcEntry): string {
	return (
		`{"operation": ${JSON.stringify(e.operation)}, "start_time": ${pyFloat(e.end - e.duration)}, "end_time": ${pyFloat(e.end)}, ` +
		`"duration": ${pyFloat(e.duration)}, "success": ${e.success === false ? 'false' : 'true'}, ` +
		`"timestamp": "${pythonIso(e.end)}", "metadata": ${pyDumps(e.metadata ?? {})}}\n`
	);
}
