/** Samples -> a row of block characters, newest on the right, like the CLI tools operators know. */
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export interface SparklineOptions {
	/**
	 * Value drawn as a full block (larger ones too). Omit to scale to the largest sample shown (auto-scale).
	 * Rows meant to be compared get one scale (spark-scales.ts): a scale per row's own range made a flat
	 * 151 MiB of 256 MiB a wall of full blocks and 456-1008 KiB of 32 MiB a swing from floor to top.
	 */
	max?: number;
}

/**
 * Exactly `width` characters: the last `width` samples, left-padded with spaces while history is short.
 * Zero, negative and non-finite samples draw the lowest block; any positive sample draws at least the
 * second block so a little activity never looks like none.
 */
export function sparkline(samples: readonly number[], width: number, options: SparklineOptions = {}): string {
	if (width <= 0) return '';
	const shown = samples.slice(Math.max(0, samples.length - width));
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
