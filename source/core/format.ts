/** Durations, counts, percents and ages as the operator reads them; pure and locale-independent. */

/** Rounded to three significant digits, so a value just below a step is treated as the step (9.9996 -> 10). */
function round3(value: number): number {
	return Number(value.toPrecision(3));
}

/**
 * Three significant digits: 999, 99.9, 9.99. Rounded first, then the decimals chosen: otherwise 9.99996
 * takes 2 decimals and prints "10.00", a fourth digit.
 */
function sig3(value: number): string {
	const r = round3(value);
	if (r >= 100) return Math.round(r).toString();
	if (r >= 10) return r.toFixed(1);
	return r.toFixed(2);
}

/**
 * Seconds -> µs / ms / s with 3 significant digits ("512µs", "12.3ms", "1.50s"); minutes past 100 s.
 * The value is rounded before the unit is chosen, so rounding that reaches the next unit moves to it
 * (999.6µs prints "1.00ms", not "1000µs"; 9.99996 s prints "10.0s", not "10.00s").
 */
export function formatDuration(seconds: number | undefined): string {
	if (seconds === undefined || !Number.isFinite(seconds)) return '-';
	if (seconds <= 0) return '0';
	const s = round3(seconds);
	if (s < 1e-3) return `${sig3(s * 1e6)}µs`;
	if (s < 1) return `${sig3(s * 1e3)}ms`;
	if (s < 100) return `${sig3(s)}s`;
	const minutes = seconds / 60;
	if (Number(minutes.toFixed(1)) < 100) return `${minutes.toFixed(1)}m`;
	return `${(seconds / 3600).toFixed(1)}h`;
}

/** 1234567 -> "1,234,567": every digit, grouped by thousands, for counts a message states exactly. */
export function formatExactCount(n: number): string {
	return n.toLocaleString('en-US');
}

/** 1234567 -> "1.23M"; counts under 10k are shown whole so they can be compared exactly. */
export function formatCount(n: number): string {
	if (n < 10_000) return n.toString();
	if (n < 999_500) return `${sig3(n / 1e3)}k`;
	if (n < 999_500_000) return `${sig3(n / 1e6)}M`;
	return `${sig3(n / 1e9)}G`;
}

export function formatPercent(value: number | undefined, digits = 1): string {
	if (value === undefined || !Number.isFinite(value)) return '-';
	return `${value.toFixed(digits)}%`;
}

/** Rate with 3 significant digits, or "-" when there is nothing to show. */
export function formatRate(perMinute: number | undefined): string {
	if (perMinute === undefined || !Number.isFinite(perMinute)) return '-';
	if (perMinute === 0) return '0';
	if (perMinute < 0.01) return '<0.01';
	return perMinute >= 1000 ? formatCount(Math.round(perMinute)) : sig3(perMinute);
}

/** Age in ms -> "3s", "4m", "2h", "5d". */
export function formatAge(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '-';
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m`;
	if (s < 86_400) return `${Math.floor(s / 3600)}h`;
	return `${Math.floor(s / 86_400)}d`;
}

/** Fits text to a column: pads, or cuts with an ellipsis. Widths count code points. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const chars = Array.from(text);
	if (chars.length > width) return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
	const pad = ' '.repeat(width - chars.length);
	return align === 'left' ? text + pad : pad + text;
}

/**
 * Fits a name by cutting its middle: DDC's names share prefixes (docker_container_start / _stop /
 * _restart), so the end is what tells them apart.
 */
export function fitMiddle(text: string, width: number): string {
	const chars = Array.from(text);
	if (chars.length <= width) return fit(text, width);
	if (width <= 3) return fit(text, width);
	const head = Math.ceil((width - 1) / 2);
	const tail = width - 1 - head;
	return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
