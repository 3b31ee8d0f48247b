/** How many distinct error messages, and container names, one operation's detail keeps apart. */
export const MAX_GROUPS = 50;
/** The id every name past the first MAX_GROUPS shares. */
export const OTHER_ID = MAX_GROUPS;
/** The name shown for that shared row. */
export const OTHER_LABEL = 'other';
/** Stored for a call without the name (fits the raw list's Uint8Array). */
export const NO_GROUP = 255;

/**
 * Names -> small ids, the first MAX_GROUPS names each their own and every later one OTHER_ID: a hostile
 * file with a million distinct error texts costs 50 names and one "other" row, never more.
 */
export class BoundedGroups {
	private readonly ids = new Map<string, number>();
	readonly names: string[] = [];

	idOf(name: string): number {
		const id = this.ids.get(name);
		if (id !== undefined) return id;
		if (this.names.length >= MAX_GROUPS) return OTHER_ID;
		this.ids.set(name, this.names.length);
		this.names.push(name);
		return this.names.length - 1;
	}

	nameOf(id: number): string {
		return id === OTHER_ID ? OTHER_LABEL : this.names[id];
	}
}
