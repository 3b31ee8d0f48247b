/**
 * The fields of one Docker stats line that docker-math reads, taken straight from the line's bytes.
 *
 * JSON.parse of a whole sample (about 1.7 KB of text first, then some 150 values in 25 objects) for every
 * container every second was most of what the live view allocated with many containers: at 100 it kept
 * V8's young generation at its grown size instead of letting it shrink back (issue #12, RSS at rest).
 * This walks the line once, checks all of its syntax, and builds only what docker-math uses, in the shape
 * JSON.parse would have given those fields (the last of duplicate keys wins, as there).
 *
 * Whenever it is not sure to give exactly what JSON.parse would, it returns undefined and the caller
 * parses the line with JSON.parse as before: a syntax error, an escape in a key or in a string it keeps, a
 * field of another type than the Engine sends (null where an object is expected, a string for a number),
 * a network named `__proto__`, nesting deeper than MAX_DEPTH, a number too long to convert cheaply.
 */
import type {StatsJson} from './docker-math.js';

type CpuStats = NonNullable<StatsJson['cpu_stats']>;
type CpuUsage = NonNullable<CpuStats['cpu_usage']>;
type MemoryStats = NonNullable<StatsJson['memory_stats']>;
type Network = {rx_bytes?: number; tx_bytes?: number};
type BlkioEntry = {op?: string; value?: number};

const MAX_DEPTH = 64;
/** A kept string (a network name, a block I/O op) or a number literal longer than this is left to JSON.parse. */
const MAX_TOKEN = 256;

/** Thrown (preallocated, so no stack is captured) to give the line up to JSON.parse. */
const UNSURE = Object.freeze({unsure: true});

const EMPTY = new Uint8Array(0);
// The line being read: one at a time, and never across an await.
let buf: Uint8Array = EMPTY;
let pos = 0;
let end = 0;
/** The last key read: bytes [keyStart, keyEnd) of `buf`. */
let keyStart = 0;
let keyEnd = 0;

/** A stats object read from `bytes[start, end)`, or undefined when JSON.parse must decide. */
export function scanStats(bytes: Uint8Array, start: number, stop: number): StatsJson | undefined {
	buf = bytes;
	pos = start;
	end = stop;
	try {
		const stats = top();
		ws();
		return pos === end ? stats : undefined;
	} catch (error) {
		if (error === UNSURE) return undefined;
		throw error;
	} finally {
		// Do not keep the caller's chunk alive until the next line.
		buf = EMPTY;
	}
}

function unsure(): never {
	throw UNSURE;
}

const key = (name: string): Uint8Array => Uint8Array.from(name, (c) => c.charCodeAt(0));
const CPU_STATS = key('cpu_stats');
const PRECPU_STATS = key('precpu_stats');
const MEMORY_STATS = key('memory_stats');
const NETWORKS = key('networks');
const BLKIO_STATS = key('blkio_stats');
const PIDS_STATS = key('pids_stats');
const CPU_USAGE = key('cpu_usage');
const TOTAL_USAGE = key('total_usage');
const PERCPU_USAGE = key('percpu_usage');
const SYSTEM_CPU_USAGE = key('system_cpu_usage');
const ONLINE_CPUS = key('online_cpus');
const USAGE = key('usage');
const LIMIT = key('limit');
const STATS = key('stats');
const TOTAL_INACTIVE_FILE = key('total_inactive_file');
const INACTIVE_FILE = key('inactive_file');
const RX_BYTES = key('rx_bytes');
const TX_BYTES = key('tx_bytes');
const IO_SERVICE_BYTES_RECURSIVE = key('io_service_bytes_recursive');
const OP = key('op');
const VALUE = key('value');
const CURRENT = key('current');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;

function top(): StatsJson {
	const stats: StatsJson = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(CPU_STATS)) stats.cpu_stats = cpuStats();
			else if (keyIs(PRECPU_STATS)) stats.precpu_stats = cpuStats();
			else if (keyIs(MEMORY_STATS)) stats.memory_stats = memoryStats();
			else if (keyIs(NETWORKS)) stats.networks = networks();
			else if (keyIs(BLKIO_STATS)) stats.blkio_stats = blkioStats();
			else if (keyIs(PIDS_STATS)) stats.pids_stats = pidsStats();
			else skipValue(1);
		} while (more(CLOSE_BRACE));
	}
	return stats;
}

function cpuStats(): CpuStats {
	const cpu: CpuStats = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(CPU_USAGE)) cpu.cpu_usage = cpuUsage();
			else if (keyIs(SYSTEM_CPU_USAGE)) cpu.system_cpu_usage = numberValue();
			else if (keyIs(ONLINE_CPUS)) cpu.online_cpus = numberValue();
			else skipValue(2);
		} while (more(CLOSE_BRACE));
	}
	return cpu;
}

function cpuUsage(): CpuUsage {
	const usage: CpuUsage = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(TOTAL_USAGE)) usage.total_usage = numberValue();
			else if (keyIs(PERCPU_USAGE)) usage.percpu_usage = numbersOrNull();
			else skipValue(3);
		} while (more(CLOSE_BRACE));
	}
	return usage;
}

function memoryStats(): MemoryStats {
	const memory: MemoryStats = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(USAGE)) memory.usage = numberValue();
			else if (keyIs(LIMIT)) memory.limit = numberValue();
			else if (keyIs(STATS)) memory.stats = memoryInner();
			else skipValue(2);
		} while (more(CLOSE_BRACE));
	}
	return memory;
}

function memoryInner(): Record<string, number> {
	const inner: Record<string, number> = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(TOTAL_INACTIVE_FILE)) inner.total_inactive_file = numberValue();
			else if (keyIs(INACTIVE_FILE)) inner.inactive_file = numberValue();
			else skipValue(3);
		} while (more(CLOSE_BRACE));
	}
	return inner;
}

function networks(): Record<string, Network> {
	const all: Record<string, Network> = {};
	if (openObject()) {
		do {
			readKey();
			const name = keyText();
			// As a plain assignment it would set the object's prototype, where JSON.parse makes a property.
			if (name === '__proto__') unsure();
			all[name] = network();
		} while (more(CLOSE_BRACE));
	}
	return all;
}

function network(): Network {
	const net: Network = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(RX_BYTES)) net.rx_bytes = numberValue();
			else if (keyIs(TX_BYTES)) net.tx_bytes = numberValue();
			else skipValue(3);
		} while (more(CLOSE_BRACE));
	}
	return net;
}

function blkioStats(): NonNullable<StatsJson['blkio_stats']> {
	const blkio: NonNullable<StatsJson['blkio_stats']> = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(IO_SERVICE_BYTES_RECURSIVE)) blkio.io_service_bytes_recursive = blkioEntries();
			else skipValue(2);
		} while (more(CLOSE_BRACE));
	}
	return blkio;
}

/** cgroup v2 sends null for an empty list. */
function blkioEntries(): BlkioEntry[] | null {
	if (literalNull()) return null;
	const entries: BlkioEntry[] = [];
	if (openArray()) {
		do {
			const entry: BlkioEntry = {};
			if (openObject()) {
				do {
					readKey();
					if (keyIs(OP)) entry.op = stringValue();
					else if (keyIs(VALUE)) entry.value = numberValue();
					else skipValue(4);
				} while (more(CLOSE_BRACE));
			}
			entries.push(entry);
		} while (more(CLOSE_BRACKET));
	}
	return entries;
}

function pidsStats(): NonNullable<StatsJson['pids_stats']> {
	const pids: NonNullable<StatsJson['pids_stats']> = {};
	if (openObject()) {
		do {
			readKey();
			if (keyIs(CURRENT)) pids.current = numberValue();
			else skipValue(2);
		} while (more(CLOSE_BRACE));
	}
	return pids;
}

function numbersOrNull(): number[] | null {
	if (literalNull()) return null;
	const values: number[] = [];
	if (openArray()) {
		do values.push(numberValue());
		while (more(CLOSE_BRACKET));
	}
	return values;
}

// ---- syntax

/** The byte at `pos`, or -1 at the end of the line (never a byte of the next line in the same chunk). */
function peek(): number {
	return pos < end ? buf[pos] : -1;
}

function ws(): void {
	while (pos < end) {
		const c = buf[pos];
		if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
		pos++;
	}
}

function expect(c: number): void {
	ws();
	if (peek() !== c) unsure();
	pos++;
}

/** Consumes `{` (anything else is unsure); false when the object is empty (its `}` consumed too). */
function openObject(): boolean {
	expect(OPEN_BRACE);
	ws();
	if (peek() !== CLOSE_BRACE) return true;
	pos++;
	return false;
}

function openArray(): boolean {
	expect(OPEN_BRACKET);
	ws();
	if (peek() !== CLOSE_BRACKET) return true;
	pos++;
	return false;
}

/** After a member or element: true at a comma (another follows), false at `close`. */
function more(close: number): boolean {
	ws();
	const c = peek();
	pos++;
	if (c === COMMA) return true;
	if (c === close) return false;
	return unsure();
}

/** Reads a member's key and its colon. A key with an escape could spell any name: unsure. */
function readKey(): void {
	ws();
	if (peek() !== QUOTE) unsure();
	keyStart = pos + 1;
	if (string() === ESCAPED) unsure();
	keyEnd = pos - 1;
	expect(COLON);
}

function keyIs(name: Uint8Array): boolean {
	if (keyEnd - keyStart !== name.length) return false;
	for (let i = 0; i < name.length; i++) if (buf[keyStart + i] !== name[i]) return false;
	return true;
}

/** The last key as text: ASCII only (anything else would need decoding: unsure). */
function keyText(): string {
	return ascii(keyStart, keyEnd);
}

function ascii(from: number, to: number): string {
	if (to - from > MAX_TOKEN) unsure();
	let text = '';
	for (let i = from; i < to; i++) {
		const c = buf[i];
		if (c >= 0x80) unsure();
		text += String.fromCharCode(c);
	}
	return text;
}

function stringValue(): string {
	ws();
	if (peek() !== QUOTE) unsure();
	const from = pos + 1;
	if (string() !== PLAIN) unsure();
	return ascii(from, pos - 1);
}

const PLAIN = 0;
const NON_ASCII = 1;
const ESCAPED = 2;

/** At an opening quote: moves past the closing one. PLAIN (ASCII, no escape), NON_ASCII or ESCAPED. */
function string(): number {
	pos++;
	let kind = PLAIN;
	while (pos < end) {
		const c = buf[pos++];
		if (c === QUOTE) return kind;
		if (c === BACKSLASH) {
			kind = ESCAPED;
			escapeSequence();
		} else if (c < 0x20) {
			unsure();
		} else if (c >= 0x80 && kind === PLAIN) {
			// Invalid UTF-8 is no reason to give up: the text decoder would replace it, and JSON.parse accept it.
			kind = NON_ASCII;
		}
	}
	return unsure();
}

function escapeSequence(): void {
	const c = peek();
	pos++;
	// " \ / b f n r t
	if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return;
	if (c !== 0x75) unsure();
	for (let i = 0; i < 4; i++) {
		const h = peek();
		pos++;
		const hex = (h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66);
		if (!hex) unsure();
	}
}

function numberValue(): number {
	ws();
	const c = peek();
	if (c !== MINUS && !(c >= 0x30 && c <= 0x39)) unsure();
	return number(true);
}

/**
 * A number literal, checked against JSON's grammar. An integer of up to 15 digits is summed exactly (it is
 * below 2^53); anything else is converted by Number(), which rounds a decimal literal as JSON.parse does,
 * unless it is not kept (`keep` false: the result is then meaningless).
 */
function number(keep: boolean): number {
	const from = pos;
	const negative = peek() === MINUS;
	if (negative) pos++;
	let value = 0;
	const first = peek();
	if (first === 0x30) {
		pos++;
	} else if (first >= 0x31 && first <= 0x39) {
		for (let c = first; c >= 0x30 && c <= 0x39; c = peek()) {
			value = value * 10 + (c - 0x30);
			pos++;
		}
	} else {
		unsure();
	}
	const digits = pos - from - (negative ? 1 : 0);
	let integer = true;
	if (peek() === 0x2e) {
		integer = false;
		pos++;
		someDigits();
	}
	const e = peek();
	if (e === 0x65 || e === 0x45) {
		integer = false;
		pos++;
		const sign = peek();
		if (sign === 0x2b || sign === MINUS) pos++;
		someDigits();
	}
	if (integer && digits <= 15) return negative ? -value : value;
	return keep ? Number(ascii(from, pos)) : Number.NaN;
}

function someDigits(): void {
	const from = pos;
	for (let c = peek(); c >= 0x30 && c <= 0x39; c = peek()) pos++;
	if (pos === from) unsure();
}

function literalNull(): boolean {
	ws();
	if (peek() !== 0x6e) return false;
	literal(NULL);
	return true;
}

const NULL = key('null');
const TRUE = key('true');
const FALSE = key('false');

function literal(word: Uint8Array): void {
	for (let i = 0; i < word.length; i++) {
		if (peek() !== word[i]) unsure();
		pos++;
	}
}

/** Checks and passes over a value nobody reads. */
function skipValue(depth: number): void {
	if (depth > MAX_DEPTH) unsure();
	ws();
	const c = peek();
	if (c === QUOTE) {
		string();
	} else if (c === OPEN_BRACE) {
		if (openObject()) {
			do {
				ws();
				if (peek() !== QUOTE) unsure();
				string();
				expect(COLON);
				skipValue(depth + 1);
			} while (more(CLOSE_BRACE));
		}
	} else if (c === OPEN_BRACKET) {
		if (openArray()) {
			do skipValue(depth + 1);
			while (more(CLOSE_BRACKET));
		}
	} else if (c === 0x74) {
		literal(TRUE);
	} else if (c === 0x66) {
		literal(FALSE);
	} else if (c === 0x6e) {
		literal(NULL);
	} else if (c === MINUS || (c >= 0x30 && c <= 0x39)) {
		number(false);
	} else {
		unsure();
	}
}
