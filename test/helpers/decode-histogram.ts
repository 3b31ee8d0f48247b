import * as hdr from 'hdr-histogram-js';
import type {Histogram} from '../../source/core/histogram.js';

/** Reads back what encodeHistogram wrote (ddc-top only writes the encoding; tests check it decodes). */
export function decodeHistogram(base64: string): Histogram {
	return hdr.decodeFromCompressedBase64(base64, 32, false) as Histogram;
}
