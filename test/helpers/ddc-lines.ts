/**
 * Lines exactly as DDC's writer produces them: Python's `json.dumps(entry)` (", " and ": " separators,
 * keys in DDC's order), so the tests exercise the fast parse path the real file takes.
 */

function pyDumps(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
	if (typeof value === 'object') {
		return `{${Object.entries(value as Record<string, unknown>)
			.map(([k, v]) => `${JSON.stringify(k)}: ${pyDumps(v)}`)
			.join(', ')}}`;
	}
	return JSON.stringify(value);
}

/** Python prints a float with at least one decimal: 1.0, not 1. */
function pyFloat(n: number): string {
	return Number.isInteger(n) ? `${n}.0` : String(n);
}

export interface LineSpec {
	operation: string;
	/** Epoch seconds. */
	end: number;
	/** Seconds. */
	duration: number;
	success?: boolean;
	metadata?: Record<string, unknown>;
}

export function ddcLine(spec: LineSpec): string {
	const start = spec.end - spec.duration;
	return (
		`{"operation": ${JSON.stringify(spec.operation)}, "start_time": ${pyFloat(start)}, "end_time": ${pyFloat(spec.end)}, ` +
		`"duration": ${pyFloat(spec.duration)}, "success": ${spec.success === false ? 'false' : 'true'}, ` +
		`"timestamp": "2025-11-12T23:59:59.123456", "metadata": ${pyDumps(spec.metadata ?? {})}}\n`
	);
}

/** A deterministic stream of numbers in [0, 1) (mulberry32), so generated files are the same every run. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * A metrics file body: `old` lines ending `oldAgeDays` before `nowSeconds`, `recent` lines in the last hour,
 * interleaved as a long-running DDC would have written them (old first), and `malformed` broken lines.
 */
export function metricsBody(options: {
	nowSeconds: number;
	old: number;
	recent: number;
	malformed?: number;
	oldAgeDays?: number;
	seed?: number;
}): string {
	const random = seeded(options.seed ?? 1);
	const ops = ['config_load', 'docker_list', 'docker_action', 'mech_state'];
	const parts: string[] = [];
	const age = (options.oldAgeDays ?? 10) * 86_400;
	for (let i = 0; i < options.old; i++) {
		parts.push(ddcLine({operation: ops[i % ops.length], end: options.nowSeconds - age - i, duration: 0.001 + random() * 0.5}));
	}
	for (let i = 0; i < (options.malformed ?? 0); i++) {
		parts.push(i % 2 === 0 ? `{"operation": "broken", "duration": NaN, "end_time": ${options.nowSeconds}}\n` : 'not json at all\n');
	}
	for (let i = 0; i < options.recent; i++) {
		parts.push(
			ddcLine({
				operation: ops[i % ops.length],
				end: options.nowSeconds - 3000 + (i % 3000),
				duration: 0.001 + random() * 0.5,
				success: i % 10 !== 0,
				metadata: i % 10 === 0 ? {container: 'ddc', error: 'boom'} : {},
			}),
		);
	}
	return parts.join('');
}
