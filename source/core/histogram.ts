import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** 1 µs .. 1 h, 3 significant digits: about 98 KB of 32-bit counts per histogram. */
export const HIGHEST_MICROS = 3_600_000_000;

/**
 * The JS implementation, 32-bit buckets: WASM histograms need manual destroy and cannot be added to JS
 * ones; 16-bit buckets overflow silently; packed buckets are slow to add (REFERENCE §4).
 */
export function createHistogram(): Histogram {
	return hdr.build({
		bitBucketSize: 32,
		lowestDiscernibleValue: 1,
		highestTrackableValue: HIGHEST_MICROS,
		numberOfSignificantValueDigits: 3,
		useWebAssembly: false,
		autoResize: false,
	});
}

/** Seconds -> integer microseconds inside the histogram's range (longer durations keep their exact max elsewhere). */
export function toMicros(seconds: number): number {
	const us = Math.round(seconds * 1e6);
	return us > HIGHEST_MICROS ? HIGHEST_MICROS : us;
}

/** The standard portable "HISTF" encoding, readable by every HdrHistogram implementation. */
export function encodeHistogram(h: Histogram): string {
	return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(base64: string): Histogram {
	return hdr.decodeFromCompressedBase64(base64, 32, false);
}
