// Seeded damage for differential tests of the hand-written JSON scanners (DDC lines, Docker stats samples):
// the byte-level mutations both use, and the tokens that change meaning in JSON.

/** Bytes and tokens that change meaning wherever they land in a JSON text. */
export const JSON_INSERTS: readonly string[] = [
	'\u0000',
	'\u001f',
	'\t',
	'\r',
	' ',
	'"',
	'\\',
	'{',
	'}',
	'[',
	']',
	',',
	':',
	'-',
	'0',
	'9',
	'.',
	'e',
	'E',
	'+',
	'null',
	'true',
	'\u00e9',
];

/** How many byte-level mutations `byteMutation` knows; a caller picks a kind below this or one of its own. */
export const BYTE_MUTATIONS = 4;

/**
 * Kind 0 flips one byte (never to a newline, which would split the line), 1 cuts the line short, 2 inserts one
 * of `inserts`, 3 deletes 1 to `maxDelete` bytes.
 */
export function byteMutation(random: () => number, line: Buffer, kind: number, inserts: readonly string[], maxDelete: number): Buffer {
	const at = Math.floor(random() * (line.length + 1));
	switch (kind) {
		case 0: {
			const copy = Buffer.from(line);
			let v = Math.floor(random() * 256);
			if (v === 10) v = 11;
			if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = v;
			return copy;
		}
		case 1:
			return line.subarray(0, at);
		case 2:
			return Buffer.concat([line.subarray(0, at), Buffer.from(inserts[Math.floor(random() * inserts.length)]), line.subarray(at)]);
		default:
			return Buffer.concat([line.subarray(0, at), line.subarray(Math.min(line.length, at + 1 + Math.floor(random() * maxDelete)))]);
	}
}
