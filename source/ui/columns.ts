/** A table column: fixed width, or one that takes part of what is left (the name, sparklines). */
export interface ColumnSpec<K extends string> {
	key: K;
	title: string;
	width: number;
	align: 'left' | 'right';
	/** Lower is kept longer when the terminal is narrow; 0 is always shown. */
	priority: number;
	/** The flexible column (the name): takes the spare width first, up to `maxWidth`; `width` is its minimum. */
	flex?: boolean;
	/** Cap for a flexible or growing column, so wide terminals do not stretch names across the screen. */
	maxWidth?: number;
	/** Grows once the flexible column is at its cap, sharing what is left with the other growing columns. */
	grow?: boolean;
	/**
	 * Shown only while the flexible column keeps at least this width beside it: a column for wide terminals
	 * (issue #14 §1) that must not squeeze the names at 100-120 columns.
	 */
	needsRoom?: number;
}

/** Spare width a numeric column takes as extra left margin once every column is shown and at its cap. */
const MAX_MARGIN = 6;

const total = <K extends string>(cols: ReadonlyArray<ColumnSpec<K>>) => cols.reduce((sum, c) => sum + c.width, 0) + cols.length - 1;

/**
 * Drops the least important columns until the rest fit `width` (one space between columns) and every
 * column that needs room leaves the flexible one that room; then hands out the spare width: the flexible
 * column first, then the growing ones, then as margin to the right-aligned ones, so a wide terminal shows a
 * table as wide as itself rather than one ending in blank space.
 */
export function layoutColumns<K extends string>(specs: readonly ColumnSpec<K>[], width: number): Array<ColumnSpec<K>> {
	let shown = dropToFit(specs, width);
	for (;;) {
		const flexWidth = widths(shown, width).get(shown.find((c) => c.flex)?.key as K);
		const squeezing = shown.filter((c) => c.needsRoom !== undefined && flexWidth !== undefined && flexWidth < c.needsRoom);
		if (squeezing.length === 0) break;
		const worst = squeezing.reduce((a, b) => (b.priority > a.priority ? b : a));
		shown = shown.filter((c) => c !== worst);
	}
	const w = widths(shown, width);
	return shown.map((c) => (w.get(c.key) === c.width ? c : widened(c, w.get(c.key) ?? c.width)));
}

function dropToFit<K extends string>(specs: readonly ColumnSpec<K>[], width: number): Array<ColumnSpec<K>> {
	let shown = [...specs];
	while (total(shown) > width) {
		const worst = shown.reduce((a, b) => (b.priority > a.priority ? b : a));
		if (worst.priority === 0) break;
		shown = shown.filter((c) => c !== worst);
	}
	return shown;
}

/** Each shown column's width once the spare is handed out. */
function widths<K extends string>(shown: ReadonlyArray<ColumnSpec<K>>, width: number): Map<K, number> {
	const out = new Map<K, number>();
	for (const c of shown) out.set(c.key, c.width);
	let spare = Math.max(0, width - total(shown));
	const give = (cols: ReadonlyArray<ColumnSpec<K>>, cap: (c: ColumnSpec<K>) => number) => {
		// One character at a time, round robin, so columns of a kind grow alike.
		let grew = true;
		while (spare > 0 && grew) {
			grew = false;
			for (const c of cols) {
				const now = out.get(c.key)!;
				if (spare > 0 && now < cap(c)) {
					out.set(c.key, now + 1);
					spare--;
					grew = true;
				}
			}
		}
	};
	const cap = (c: ColumnSpec<K>) => c.maxWidth ?? Number.POSITIVE_INFINITY;
	give(
		shown.filter((c) => c.flex),
		cap,
	);
	give(
		shown.filter((c) => c.grow),
		cap,
	);
	give(
		shown.filter((c) => !c.flex && !c.grow && c.align === 'right'),
		(c) => c.width + MAX_MARGIN,
	);
	return out;
}

/** A column at its width, as a literal rather than `{...c, width}` (every frame): see plainStyle in sgr.ts. */
function widened<K extends string>(c: ColumnSpec<K>, width: number, title = c.title): ColumnSpec<K> {
	return {
		key: c.key,
		title,
		width,
		align: c.align,
		priority: c.priority,
		flex: c.flex,
		maxWidth: c.maxWidth,
		grow: c.grow,
		needsRoom: c.needsRoom,
	};
}

/** A column under another title (one that depends on the rows, such as a sparkline's scale), built as `widened` is. */
export function retitled<K extends string>(c: ColumnSpec<K>, title: string): ColumnSpec<K> {
	return widened(c, c.width, title);
}
