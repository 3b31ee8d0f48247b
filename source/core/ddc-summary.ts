/**
 * The one line the containers panel gives DDC's own container (issue #15 §3), as text segments with a tone
 * each (the UI paints them): the richest form that fits the width, so 120 columns read the memory bands
 * and the limit, 80 columns the facts alone. What changes it is coarse on purpose (uptime in minutes,
 * memory in whole MiB): the line is redrawn when something an operator reads changes, not every second.
 */
import {DDC_MEMORY, type DdcFacts, type DdcMemoryBand, wholeMiB} from './ddc-container.js';
import {fitMiddle, formatAge, formatCount} from './format.js';
import {formatMemBytes} from './format-bytes.js';
import {sanitize} from './sanitize.js';

/** `mark`: DDC's marker and name; the others say how the fact reads. */
export type Tone = 'mark' | 'good' | 'warn' | 'bad' | 'dim';

export interface Segment {
	text: string;
	tone?: Tone;
}

/** What the panel knows of DDC's container at a publish. */
export type DdcView =
	| {kind: 'found'; facts: DdcFacts}
	/**
	 * No row for it: `--container` names one that is not listed (`wanted`), or the one seen before stopped or
	 * was removed (`gone`); stopped containers are listed only with `a`.
	 */
	| {kind: 'missing'; name: string; reason: 'wanted' | 'gone'};

/** The marker before DDC's name, in its table row and on this line. */
export const DDC_MARK = '◆';

/** "<1m", "12m", "4h 12m", "3d 4h": minutes at most, so a running DDC's line changes once a minute. */
export function formatUptime(seconds: number): string {
	const m = Math.floor(seconds / 60);
	if (m < 1) return '<1m';
	if (m < 60) return `${m}m`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h}h ${m % 60}m`;
	return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const BAND_WORDS: Record<DdcMemoryBand, string> = {normal: 'normal', 'above-normal': 'above normal', investigate: 'investigate'};
const BAND_TONES: Record<DdcMemoryBand, Tone> = {normal: 'good', 'above-normal': 'warn', investigate: 'bad'};

/** Memory used at or above this share of its limit is said in red, whatever its band. */
const NEAR_LIMIT_PCT = 90;

function stateSegments(f: DdcFacts): Segment[] {
	if (f.state === 'running') {
		if (f.health === undefined) return [{text: 'running'}];
		const tone: Tone | undefined = f.health === 'healthy' ? 'good' : f.health === 'unhealthy' ? 'bad' : 'warn';
		return [{text: sanitize(f.health), tone}];
	}
	if (f.state === 'paused') return [{text: 'paused', tone: 'warn'}];
	const exit = f.exitCode === undefined ? '' : ` (exit ${f.exitCode})`;
	const out: Segment[] = [{text: `${sanitize(f.state)}${exit}`, tone: 'bad'}];
	if (f.stoppedS !== undefined) out.push({text: ` · stopped ${formatAge(f.stoppedS * 1000)} ago`});
	return out;
}

/** How much the line says: 0 everything, 1 without the bands' legend, 2 without the limit, 3 a shorter name. */
type Level = 0 | 1 | 2 | 3;

function memorySegments(f: DdcFacts, level: Level): Segment[] {
	if (f.state !== 'running') return [];
	if (f.memoryBytes === undefined || f.band === undefined) return [{text: ' · mem --'}];
	const out: Segment[] = [{text: ` · mem ${wholeMiB(f.memoryBytes)}MiB `}, {text: BAND_WORDS[f.band], tone: BAND_TONES[f.band]}];
	const limit = f.memoryLimitBytes === undefined ? 'no limit' : `limit ${formatMemBytes(f.memoryLimitBytes)}`;
	if (level === 0)
		out.push({
			text: ` (${DDC_MEMORY.normalFromMiB}-${DDC_MEMORY.normalToMiB}; investigate > ${DDC_MEMORY.investigateOverMiB}; ${limit})`,
			tone: 'dim',
		});
	else if (level === 1) out.push({text: ` (${limit})`, tone: 'dim'});
	if (f.limitPercent !== undefined && f.limitPercent >= NEAR_LIMIT_PCT)
		out.push({text: ` ${Math.floor(f.limitPercent)}% of limit`, tone: 'bad'});
	return out;
}

function foundSegments(f: DdcFacts, level: Level): Segment[] {
	const name = level === 3 ? fitMiddle(sanitize(f.name), 12).trimEnd() : sanitize(f.name);
	const out: Segment[] = [{text: `${DDC_MARK} DDC ${name}`, tone: 'mark'}, {text: ' · '}, ...stateSegments(f)];
	if (f.uptimeS !== undefined) out.push({text: ` · up ${formatUptime(f.uptimeS)}`});
	if (f.restarts !== undefined)
		out.push({text: ' · restarts '}, {text: formatCount(f.restarts), tone: f.restarts > 0 ? 'warn' : undefined});
	if (f.oom !== undefined) {
		const {count, atLeast, lastExit} = f.oom;
		const text = `${formatCount(count)}${atLeast ? '+' : ''}${lastExit ? ' (last exit)' : ''}`;
		out.push({text: ' · OOM '}, {text, tone: count > 0 ? 'bad' : undefined});
	}
	out.push(...memorySegments(f, level));
	return out;
}

function missingSegments(v: Extract<DdcView, {kind: 'missing'}>, level: Level): Segment[] {
	const name = level === 3 ? fitMiddle(sanitize(v.name), 12).trimEnd() : sanitize(v.name);
	const why = v.reason === 'gone' ? 'not running (stopped or removed)' : 'not running, or no such container';
	const out: Segment[] = [{text: `${DDC_MARK} DDC ${name}`, tone: 'mark'}, {text: ' · '}, {text: why, tone: 'bad'}];
	if (level < 2) out.push({text: ' · a lists stopped containers', tone: 'dim'});
	return out;
}

export function segmentsWidth(segments: readonly Segment[]): number {
	let n = 0;
	for (const s of segments) n += Array.from(s.text).length;
	return n;
}

/** The richest form of the line that fits `width`; the shortest form cut to it when none does. */
export function ddcSummary(view: DdcView, width: number): Segment[] {
	const make = (level: Level) => (view.kind === 'found' ? foundSegments(view.facts, level) : missingSegments(view, level));
	for (const level of [0, 1, 2, 3] as const) {
		const segments = make(level);
		if (segmentsWidth(segments) <= width) return segments;
	}
	return cut(make(3), width);
}

/**
 * Segments cut to `width` code points: whole facts dropped from the end (a fact starts with " · "), then
 * " …" says more was there; only a first fact too long for the width is cut inside, with an ellipsis.
 */
function cut(segments: readonly Segment[], width: number): Segment[] {
	let end = segments.length;
	while (end > 0 && segmentsWidth(segments.slice(0, end)) + 2 > width) {
		end--;
		while (end > 0 && !segments[end].text.startsWith(' · ')) end--;
	}
	if (end > 0) return [...segments.slice(0, end), {text: ' …', tone: 'dim'}];
	const out: Segment[] = [];
	let room = width;
	for (const s of segments) {
		const chars = Array.from(s.text);
		if (chars.length < room) {
			out.push(s);
			room -= chars.length;
			continue;
		}
		if (room > 0) out.push({...s, text: `${chars.slice(0, room - 1).join('')}…`});
		break;
	}
	return out;
}
