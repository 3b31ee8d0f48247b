/**
 * Word-wraps plain text to `width` code points, as Ink's wrap="wrap": breaks at spaces, cuts a word longer
 * than a line (a path has no space to break at). Text that fits comes back as it is, indentation and all;
 * nothing fits in zero columns.
 */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [];
	if (Array.from(text).length <= width) return [text];
	const out: string[] = [];
	// null: nothing on the line yet (a leading space still counts as something, so indentation stays).
	let line: string | null = null;
	for (const word of text.split(' ')) {
		const candidate: string = line === null ? word : `${line} ${word}`;
		if (Array.from(candidate).length <= width) {
			line = candidate;
			continue;
		}
		if (line !== null && line !== '') out.push(line);
		let rest = Array.from(word);
		while (rest.length > width) {
			out.push(rest.slice(0, width).join(''));
			rest = rest.slice(width);
		}
		line = rest.length > 0 ? rest.join('') : null;
	}
	if (line !== null && line !== '') out.push(line);
	return out;
}
