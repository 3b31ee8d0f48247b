// The row cursor of a table, kept by name: the rows re-sort, filter and grow at every refresh, and the
// operator's row must stay the operator's row. Pure: the rows and the page size are given by the caller.

/** A table's selected row and scroll position. */
export interface Cursor {
	/** The selected row's name; undefined until the table first has a row. */
	name?: string;
	/** Where that row was at the last look: the row the cursor falls to when its name leaves. */
	index: number;
	/** The first row shown (the table scrolls when its rows do not fit). */
	offset: number;
}

export type CursorMove = 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last';

/** What the cursor is moved and settled against: the names in the order shown, and how many rows show. */
export interface TableView {
	names: readonly string[];
	/** Rows visible at once (at least 1). */
	page: number;
}

export const START_CURSOR: Cursor = Object.freeze({index: 0, offset: 0});

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));

/**
 * The first row shown: the previous one where the cursor is still in view, so the view stands still while
 * the cursor moves inside it; moved just enough to show the cursor otherwise; never past the last full page.
 */
export function clampOffset(offset: number, index: number, rows: number, page: number): number {
	const size = Math.max(1, page);
	return clamp(clamp(offset, index - size + 1, index), 0, Math.max(0, rows - size));
}

/**
 * The cursor against the rows shown now: on its row wherever that went (a re-sort, rows added above), or,
 * when its name left (a filter, an operation gone from the window), on the row now at its old place. With
 * no rows at all it is kept as it is, so a filter that matched nothing and is undone finds its row again.
 */
export function settleCursor(cursor: Cursor, view: TableView): Cursor {
	const {names, page} = view;
	if (names.length === 0) return cursor;
	const found = cursor.name === undefined ? -1 : names.indexOf(cursor.name);
	const index = found >= 0 ? found : clamp(cursor.index, 0, names.length - 1);
	const offset = clampOffset(cursor.offset, index, names.length, page);
	const name = names[index];
	return name === cursor.name && index === cursor.index && offset === cursor.offset ? cursor : {name, index, offset};
}

/** A key's move; a page moves the view with the cursor, so the cursor keeps its line on screen. */
export function moveCursor(cursor: Cursor, move: CursorMove, view: TableView): Cursor {
	const settled = settleCursor(cursor, view);
	const last = view.names.length - 1;
	if (last < 0) return settled;
	const page = Math.max(1, view.page);
	let {index, offset} = settled;
	switch (move) {
		case 'up':
			index -= 1;
			break;
		case 'down':
			index += 1;
			break;
		case 'page-up':
			index -= page;
			offset -= page;
			break;
		case 'page-down':
			index += page;
			offset += page;
			break;
		case 'first':
			index = 0;
			break;
		case 'last':
			index = last;
	}
	index = clamp(index, 0, last);
	const moved = settleCursor({name: view.names[index], index, offset}, view);
	// Unmoved (at an end): the same object, so the store publishes nothing.
	return moved.index === settled.index && moved.offset === settled.offset ? settled : moved;
}
