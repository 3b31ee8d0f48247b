/** A table column: fixed width, or the one flexible column that takes what is left. */
export interface ColumnSpec<K extends string> {
	key: K;
	title: string;
	width: number;
	align: 'left' | 'right';
	/** Lower is kept longer when the terminal is narrow; 0 is always shown. */
	priority: number;
	/** The flexible column: `width` is its minimum. */
	flex?: boolean;
	/** Cap for the flexible column, so wide terminals do not stretch names across the screen. */
	maxWidth?: number;
}

/** Drops the least important columns until the rest fit `width` (one space between columns). */
export function layoutColumns<K extends string>(specs: readonly ColumnSpec<K>[], width: number): Array<ColumnSpec<K>> {
	let shown = [...specs];
	const total = (cols: ReadonlyArray<ColumnSpec<K>>) => cols.reduce((sum, c) => sum + c.width, 0) + cols.length - 1;
	while (total(shown) > width) {
		const worst = shown.reduce((a, b) => (b.priority > a.priority ? b : a));
		if (worst.priority === 0) break;
		shown = shown.filter((c) => c !== worst);
	}
	const spare = Math.max(0, width - total(shown));
	return shown.map((c) => (c.flex ? widened(c, Math.min(c.width + spare, c.maxWidth ?? Number.POSITIVE_INFINITY)) : c));
}

/** The flexible column at its width, as a literal rather than `{...c, width}` (every frame): see plainStyle in sgr.ts. */
function widened<K extends string>(c: ColumnSpec<K>, width: number): ColumnSpec<K> {
	return {key: c.key, title: c.title, width, align: c.align, priority: c.priority, flex: c.flex, maxWidth: c.maxWidth};
}
