/**
 * The one order for names (operations, containers) on screen, in exports and in `--once`: case-insensitive,
 * then exact, so "Token" sorts among the t's and equal-looking names keep an order.
 */
export function compareNames(a: string, b: string): number {
	const la = a.toLowerCase();
	const lb = b.toLowerCase();
	if (la !== lb) return la < lb ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}
