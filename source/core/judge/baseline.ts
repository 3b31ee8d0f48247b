/**
 * A baseline: an earlier `ddc-top export` JSON (or DDC's own `export_to_json`, which has the same
 * `statistics` but no histograms). Pure: the command reads the file; this turns its text into sides.
 */
import * as hdr from 'hdr-histogram-js';
import type {Histogram} from '../histogram.js';
import {bucketsOf} from './buckets.js';
import type {RegressionSide} from './regression.js';

export interface Baseline {
	/** By operation name. */
	operations: Map<string, RegressionSide>;
	/** The export's window ("24h"...), when it says. */
	window?: string;
	exportedAt?: string;
	/** Operations whose histogram could not be decoded (compared by their percentiles only). */
	undecodable: string[];
}

export type BaselineParse = {ok: true; baseline: Baseline} | {ok: false; problem: string};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The export's JSON text -> per-operation sides, or one line saying what is wrong with it. */
export function parseBaseline(text: string): BaselineParse {
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch (error) {
		return {ok: false, problem: `not JSON (${(error as Error).message})`};
	}
	if (!isRecord(doc) || !isRecord(doc.statistics)) return {ok: false, problem: 'no "statistics" object: not a ddc-top or DDC export'};
	const extras = isRecord(doc.ddc_top) ? doc.ddc_top : undefined;
	const extraOps = extras && isRecord(extras.operations) ? extras.operations : {};
	const operations = new Map<string, RegressionSide>();
	const undecodable: string[] = [];
	for (const [name, stats] of Object.entries(doc.statistics)) {
		if (!isRecord(stats)) return {ok: false, problem: `statistics.${name} is not an object`};
		const calls = num(stats.total_calls);
		const ok = num(stats.successful_calls);
		if (calls === undefined || ok === undefined) return {ok: false, problem: `statistics.${name} has no total_calls / successful_calls`};
		const side: RegressionSide = {
			calls,
			ok,
			// DDC writes 0 for the percentiles of an operation without calls.
			p50: calls > 0 ? num(stats.p50_duration) : undefined,
			p95: calls > 0 ? num(stats.p95_duration) : undefined,
			p99: calls > 0 ? num(stats.p99_duration) : undefined,
		};
		const extra = extraOps[name];
		const encoded = isRecord(extra) && typeof extra.histogram === 'string' ? extra.histogram : undefined;
		if (encoded) {
			const h = decodeHistogram(encoded);
			if (h) side.buckets = bucketsOf(h);
			else undecodable.push(name);
		}
		operations.set(name, side);
	}
	return {
		ok: true,
		baseline: {
			operations,
			window: typeof extras?.window === 'string' ? extras.window : undefined,
			exportedAt: typeof doc.exported_at === 'string' ? doc.exported_at : undefined,
			undecodable,
		},
	};
}

/** The export's "HISTF" encoding (histogram.ts encodeHistogram) back to a histogram; undefined if broken. */
function decodeHistogram(base64: string): Histogram | undefined {
	try {
		return hdr.decodeFromCompressedBase64(base64, 32, false) as Histogram;
	} catch {
		return undefined;
	}
}
