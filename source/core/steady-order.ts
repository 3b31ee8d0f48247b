/**
 * Sorted rows that hold still (issue #14 §1b): two rows whose sort values differ by no more than the
 * display shows keep the order they had at the last refresh, instead of swapping every second on noise
 * (1.01 ms and 1.02 ms trading places). A difference larger than that still reorders at once.
 */

/**
 * `sorted` (by the exact values) with each row moved back ahead of its neighbours while they are `close` to
 * it and it came before them last time (`previous`: last refresh's names in order). Rows new to the table
 * stay where the exact sort put them. An insertion pass: a handful to a thousand rows, once per refresh.
 */
export function steadyOrder<R>(
	sorted: R[],
	nameOf: (row: R) => string,
	previous: readonly R[] | undefined,
	close: (a: R, b: R) => boolean,
): R[] {
	if (previous === undefined || previous.length === 0 || sorted.length < 2) return sorted;
	const rank = new Map<string, number>();
	for (let i = 0; i < previous.length; i++) rank.set(nameOf(previous[i]!), i);
	const was = (row: R) => rank.get(nameOf(row)) ?? Number.POSITIVE_INFINITY;
	for (let i = 1; i < sorted.length; i++) {
		const row = sorted[i]!;
		const at = was(row);
		let j = i;
		while (j > 0 && at < was(sorted[j - 1]!) && close(sorted[j - 1]!, row)) {
			sorted[j] = sorted[j - 1]!;
			j--;
		}
		sorted[j] = row;
	}
	return sorted;
}

/**
 * The smallest step a figure shown with `digits` significant digits can take at the larger of `a` and `b`
 * (3 digits: 0.01 at 1.02, 1 at 512). Both the same sign; 0 for zeros.
 */
export function significantStep(a: number, b: number, digits: number): number {
	const top = Math.max(Math.abs(a), Math.abs(b));
	if (!(top > 0) || !Number.isFinite(top)) return 0;
	return 10 ** (Math.floor(Math.log10(top)) - (digits - 1));
}

/** Whether `a` and `b` are at most `step` apart (float noise allowed: 1.02e-3 - 1.01e-3 is a hair over 1e-5). */
export function withinStep(a: number, b: number, step: number): boolean {
	return Math.abs(a - b) <= step * (1 + 1e-6);
}
