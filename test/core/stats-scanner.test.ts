import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type StatsJson, sampleFromStats} from '../../source/core/docker-math.js';
import {seededRandom} from '../../source/core/random.js';
import {scanStats} from '../../source/core/stats-scanner.js';
import {fixtureBytes} from '../helpers/fixtures.js';
import {BYTE_MUTATIONS, byteMutation, JSON_INSERTS} from '../helpers/json-mutations.js';

// The definition the scanner must meet: when it answers, its object is JSON.parse's restricted to the
// fields docker-math reads, so the samples are the same; when JSON.parse throws, it does not answer.

/** Real objects as the engine sends them (one per line) and the pretty-printed real captures, compacted too. */
function realLines(): Buffer[] {
	const stream = fixtureBytes('stats-v1-stream.ndjson')
		.toString('utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => Buffer.from(line));
	const files = [
		'stats-v1-burner-first.json',
		'stats-v1-burner-later.json',
		'stats-v1-idler.json',
		'stats-v1-writer.json',
		'stats-v2-later.json',
	];
	const pretty = files.map(fixtureBytes);
	const compact = pretty.map((bytes) => Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')))));
	return [...stream, ...pretty, ...compact];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` with only `keys` (own, in any order), each through its `inner` when one is given. */
function keep(value: unknown, keys: string[], inner: Record<string, (v: unknown) => unknown> = {}): unknown {
	if (!isObject(value)) return value;
	const out: Json = {};
	for (const k of keys) if (Object.hasOwn(value, k)) out[k] = inner[k] ? inner[k](value[k]) : value[k];
	return out;
}

const cpu = (v: unknown) =>
	keep(v, ['cpu_usage', 'system_cpu_usage', 'online_cpus'], {cpu_usage: (u) => keep(u, ['total_usage', 'percpu_usage'])});

function prune(parsed: unknown): unknown {
	return keep(parsed, ['cpu_stats', 'precpu_stats', 'memory_stats', 'networks', 'blkio_stats', 'pids_stats'], {
		cpu_stats: cpu,
		precpu_stats: cpu,
		memory_stats: (m) => keep(m, ['usage', 'limit', 'stats'], {stats: (s) => keep(s, ['total_inactive_file', 'inactive_file'])}),
		networks: (n) =>
			isObject(n) ? Object.fromEntries(Object.entries(n).map(([name, net]) => [name, keep(net, ['rx_bytes', 'tx_bytes'])])) : n,
		blkio_stats: (b) =>
			keep(b, ['io_service_bytes_recursive'], {
				io_service_bytes_recursive: (list) => (Array.isArray(list) ? list.map((e) => keep(e, ['op', 'value'])) : list),
			}),
		pids_stats: (p) => keep(p, ['current']),
	});
}

const meta = {id: 'abc', name: 'x', state: 'running'};
const NEXT_LINE = Buffer.from('\n{"cpu_stats":{"online_cpus":99}}');

/** One line through the scanner, checked against JSON.parse; returns whether the scanner answered. */
function check(line: Buffer): boolean {
	const shown = JSON.stringify(line.toString('latin1').slice(0, 200));
	let parsed: unknown;
	let throws = false;
	try {
		parsed = JSON.parse(line.toString('utf8'));
	} catch {
		throws = true;
	}
	const alone = scanStats(line, 0, line.length);
	// As the stream reader calls it: the line inside a chunk that goes on with the next line.
	const inChunk = Buffer.concat([Buffer.from('xx'), line, NEXT_LINE]);
	const within = scanStats(inChunk, 2, 2 + line.length);
	assert.deepEqual(within, alone, `same answer inside a chunk: ${shown}`);
	if (alone === undefined) return false;
	assert.ok(!throws, `scanner answered where JSON.parse throws: ${shown}`);
	assert.deepStrictEqual(alone, prune(parsed), `fields of ${shown}`);
	let expected: unknown;
	try {
		expected = sampleFromStats(parsed as StatsJson, meta, 1);
	} catch (error) {
		assert.throws(() => sampleFromStats(alone, meta, 1), `sample of ${shown}: JSON.parse's threw ${error}`);
		return true;
	}
	assert.deepStrictEqual(sampleFromStats(alone, meta, 1), expected, `sample of ${shown}`);
	return true;
}

test('real stats objects, as sent and pretty-printed: all read by the scanner, same fields and samples', () => {
	const lines = realLines();
	assert.ok(lines.length >= 16, `${lines.length} lines`);
	for (const line of lines) assert.ok(check(line), `the scanner gave up on a real object: ${line.toString('utf8', 0, 120)}`);
	// Not vacuous: the fixtures carry what the formulas read (a previous CPU reading, block I/O, networks).
	const samples = lines.map((line) => sampleFromStats(scanStats(line, 0, line.length)!, meta, 1));
	assert.ok(samples.some((s) => s.cpuPercent !== null && s.cpuPercent > 0));
	assert.ok(samples.some((s) => s.blockWriteBytes > 0) && samples.some((s) => s.netRxBytes > 0));
	assert.ok(samples.some((s) => s.memUsedBytes > 0 && s.memLimitBytes > 0 && s.pids > 0));
});

const base =
	'{"read":"2026-11-30T14:43:29Z",' +
	'"cpu_stats":{"cpu_usage":{"total_usage":100,"percpu_usage":[60,40]},"system_cpu_usage":1000,"online_cpus":2},' +
	'"precpu_stats":{"cpu_usage":{"total_usage":50},"system_cpu_usage":500,"online_cpus":2},' +
	'"memory_stats":{"usage":1000,"limit":4000,"stats":{"total_inactive_file":100,"inactive_file":10}},' +
	'"networks":{"eth0":{"rx_bytes":5,"tx_bytes":6}},' +
	'"blkio_stats":{"io_service_bytes_recursive":[{"major":8,"op":"Read","value":7},{"op":"Write","value":8}]},' +
	'"pids_stats":{"current":3},"name":"/x","id":"abc"}';

/** Lines the scanner must read exactly as JSON.parse, or leave to it. */
function hostileLines(): string[] {
	const lines = [base, '{}', ' {} ', '{}\r', '\t{"pids_stats" : { "current" : 1 } }\r'];
	const swap = (from: string, to: string): string => {
		assert.ok(base.includes(from), from);
		return base.replace(from, to);
	};
	// Duplicate keys: the last wins, at every level, a whole object replaced by a later one.
	lines.push(
		`${base.slice(0, -1)},"memory_stats":{"usage":9}}`,
		swap('"total_usage":100', '"total_usage":100,"total_usage":300'),
		swap('"eth0":{"rx_bytes":5,"tx_bytes":6}', '"eth0":{"rx_bytes":5,"tx_bytes":6},"eth1":{"rx_bytes":1},"eth0":{"tx_bytes":2}'),
		swap('"networks":{', '"networks":{"1":{"rx_bytes":1},"0":{"rx_bytes":2},'),
		swap('"stats":{', '"stats":{"inactive_file":99,'),
	);
	// Names an object must not be built with, keys that decode to a field's name, non-ASCII.
	lines.push(
		swap('"eth0"', '"__proto__"'),
		swap('"eth0"', '"constructor"'),
		swap('"eth0"', '"toString"'),
		swap('"eth0"', '"éth0"'),
		swap('"eth0"', '"eth\\u0030"'),
		swap('"cpu_stats"', '"cpu\\u005fstats"'),
		swap('"usage":1000', '"us\\u0061ge":1000'),
		swap('"op":"Read"', '"op":"R\\u0065ad"'),
		swap('"op":"Read"', '"op":"Réad"'),
		swap('"op":"Read"', '"op":""'),
		swap('"/x"', '"/\\u0000\\ud800 é \\" \\\\ \\/ \\b\\f\\n\\r\\t"'),
		swap('"/x"', '"/\u00ff\u0080"'),
	);
	// Other types where the Engine sends numbers, objects or lists.
	for (const [from, values] of [
		[
			'"total_usage":100',
			[
				'null',
				'"100"',
				'true',
				'[]',
				'{}',
				'1e2',
				'-0',
				'0.5',
				'100.0',
				'1E+2',
				'12345678901234567',
				'18446744073709551615',
				'9007199254740993',
				'58820264284604626',
				'1e400',
				'-1e400',
				'4.9e-324',
				'0.1e-999',
			],
		],
		['"online_cpus":2', ['0', 'null', '-1', '2.5']],
		[
			'"percpu_usage":[60,40]',
			['"percpu_usage":null', '"percpu_usage":[]', '"percpu_usage":[1,"2"]', '"percpu_usage":{}', '"percpu_usage":[[1]]'],
		],
		[
			'"io_service_bytes_recursive":[',
			[
				'"io_service_bytes_recursive":null,"x":[',
				'"io_service_bytes_recursive":[null,',
				'"io_service_bytes_recursive":[[],',
				'"io_service_bytes_recursive":[{},',
				'"io_service_bytes_recursive":[{"op":1},',
			],
		],
		['"memory_stats":{', ['"memory_stats":null,"y":{', '"memory_stats":[],"y":{', '"memory_stats":{"stats":null,']],
		['"networks":{', ['"networks":null,"z":{', '"networks":{"lo":null,', '"networks":{"lo":1,', '"networks":{"lo":[],']],
		['"precpu_stats":{', ['"precpu_stats":null,"w":{', '"precpu_stats":{"cpu_usage":null,']],
		['"pids_stats":{"current":3}', ['"pids_stats":{}', '"pids_stats":{"current":"3"}', '"pids_stats":1']],
	] as const) {
		for (const to of values)
			lines.push(from.endsWith('{') || from.endsWith('[') ? swap(from, to) : swap(from, from.replace(/:.*$/, `:${to}`)));
	}
	// Broken syntax anywhere: JSON.parse throws, so the scanner must not answer.
	for (const broken of [
		'',
		' ',
		'\r',
		'[]',
		'null',
		'5',
		'"x"',
		'\ufeff{}',
		'{}x',
		'{} {}',
		'{,}',
		'{"a"}',
		'{"a":}',
		'{"a":1,}',
		'{"a":[1,]}',
		'{"a":01}',
		'{"a":-}',
		'{"a":1.}',
		'{"a":.5}',
		'{"a":+1}',
		'{"a":1e}',
		'{"a":tru}',
		'{"a":nul}',
		'{"a":"\u0001"}',
		'{"a":"\\x"}',
		'{"a":"\\u12g4"}',
		'{"a":"x}',
		"{'a':1}",
		'{a:1}',
		'{"a":NaN}',
		'{"a":Infinity}',
	]) {
		lines.push(broken);
	}
	lines.push(base.slice(0, -1), `${base}}`, base.replace('"op":"Read"', '"op":"Read"'.replace('"Read"', '"Re\u0001ad"')));
	// Deep nesting: read within the limit, left to JSON.parse beyond it.
	for (const depth of [10, 60, 63, 64, 65, 200, 5000])
		lines.push(`{"deep":${'['.repeat(depth)}${']'.repeat(depth)},"pids_stats":{"current":1}}`);
	lines.push(`{"pids_stats":{"current":1},"deep":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`);
	// A long number in a field read, and one in a field skipped.
	lines.push(swap('"total_usage":100', `"total_usage":${'9'.repeat(300)}`), swap('"major":8', `"major":${'9'.repeat(300)}`));
	return lines;
}

test('hostile lines: the same fields as JSON.parse, or no answer; real-looking ones still read', () => {
	let answered = 0;
	let declined = 0;
	for (const text of hostileLines()) {
		if (check(Buffer.from(text, 'utf8'))) answered++;
		else declined++;
	}
	assert.ok(answered > 30 && declined > 60, `${answered} answered, ${declined} left to JSON.parse`);
	// Invalid UTF-8 in a string nobody reads is no reason to decline (JSON.parse of the decoded text accepts it).
	const invalid = Buffer.concat([
		Buffer.from(`${base.slice(0, -1)},"junk":"`),
		Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
		Buffer.from('"}'),
	]);
	assert.ok(check(invalid));
	assert.ok(check(Buffer.from(base)));
	assert.equal(scanStats(Buffer.from(base), 0, Buffer.byteLength(base))?.networks?.eth0?.rx_bytes, 5);
});

// What random mutations insert: bytes and tokens that change meaning in JSON, and keys the scanner looks for.
const INSERTS = [...JSON_INSERTS, '[]', '{}', '\\u0041', '"__proto__":', '"usage":', '"current":', '"op":"W",'];

function mutate(random: () => number, line: Buffer): Buffer {
	const kind = Math.floor(random() * (BYTE_MUTATIONS + 1));
	// The last kind: two mutations.
	return kind < BYTE_MUTATIONS ? byteMutation(random, line, kind, INSERTS, 6) : mutate(random, mutate(random, line));
}

test('30,000 seeded mutations of real and hostile lines: the same fields as JSON.parse, or no answer', () => {
	const random = seededRandom(20_261_130);
	const corpus = [...realLines(), ...hostileLines().map((text) => Buffer.from(text, 'utf8'))];
	let answered = 0;
	let declined = 0;
	for (let i = 0; i < 30_000; i++) {
		const line = mutate(random, corpus[Math.floor(random() * corpus.length)]);
		if (check(line)) answered++;
		else declined++;
	}
	assert.ok(answered > 2000 && declined > 10_000, `${answered} answered, ${declined} left to JSON.parse`);
});
