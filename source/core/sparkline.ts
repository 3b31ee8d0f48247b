/** Samples -> a row of block characters, newest on the right, like the CLI tools operators know. */
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export interface SparklineOptions {
	/** Value drawn as a full block. Omit to scale to the largest sample shown (auto-scale). */
	max?: number;
	/**
	 * Scale between the lowest and highest sample shown, so change is what shows (a leak rises), and a
	 * series flat within 1 % is a steady mid-height line rather than a wall of full blocks.
	 */
	relative?: boolean;
}

const MID = 3;

/**
 * Exactly `width` characters: the last `width` samples, left-padded with spaces while history is short.
 * Zero, negative and non-finite samples draw the lowest block; any positive sample draws at least the
 * second block so a little activity never looks like none.
 */
export function sparkline(samples: readonly number[], width: number, options: SparklineOptions = {}): string {
	if (width <= 0) return '';
	const shown = samples.slice(Math.max(0, samples.length - width));
	if (options.relative) return ' '.repeat(width - shown.length) + relativeBlocks(shown);
	let max = options.max;
	if (max === undefined) {
		max = 0;
		for (const v of shown) if (Number.isFinite(v) && v > max) max = v;
	}
	let out = ' '.repeat(width - shown.length);
	for (const v of shown) out += BLOCKS[level(v, max)];
	return out;
}

function level(value: number, max: number): number {
	if (!Number.isFinite(value) || value <= 0 || !(max > 0)) return 0;
	const top = BLOCKS.length - 1;
	// The epsilon keeps exact steps (value = k/7 of max) from rounding up a level on float noise.
	return Math.min(top, Math.max(1, Math.ceil((value / max) * top - 1e-9)));
}

function relativeBlocks(shown: readonly number[]): string {
	const finite = shown.filter((v) => Number.isFinite(v));
	const hi = Math.max(...finite);
	const lo = Math.min(...finite);
	if (finite.length === 0 || hi - lo <= Math.abs(hi) * 0.01) return shown.map(() => BLOCKS[MID]).join('');
	// A margin under the lowest sample keeps it off the floor, so "lowest" and "no data" differ.
	const floor = lo - (hi - lo) / 6;
	return shown.map((v) => BLOCKS[Number.isFinite(v) ? level(v - floor, hi - floor) : 0]).join('');
}
