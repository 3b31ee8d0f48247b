/**
 * Threshold files (issue #16 §1): DDC's own pytest.ini, or a small ddc-top SLO file. Pure: text in, rules
 * or one problem (with its line) out; the command reads the file.
 *
 * DDC's pytest.ini holds its baselines in a section `[performance:thresholds]`, one `key = value  # comment`
 * a line (values are seconds, fractions, MB or operations per second). The keys it has:
 *   config_load_max_time, config_cached_max_time, token_encrypt_max_time, token_decrypt_max_time,
 *   docker_client_acquire_max, docker_concurrent_success, docker_queue_throughput_min,
 *   mech_power_calc_max, mech_evolution_calc_max, mech_state_access_max,
 *   web_login_max_time, web_dashboard_max_time, web_api_response_max,
 *   memory_increase_max_mb, memory_leak_threshold_mb,
 *   concurrent_success_rate, concurrent_avg_duration, concurrent_throughput_min.
 * Its other sections (`[pytest]`, `[benchmark]`) are pytest's and are skipped here.
 *
 * The ddc-top file: a section `[ddc-top:slo]` (or no section header at all), one rule a line,
 * `PATTERN STATISTIC = LIMIT`, e.g. `config_load p95 = 800ms`, `docker_* success_rate = 99%`,
 * `memory_leak_threshold_mb = 50`. PATTERN is an operation name or a glob (* and ?); STATISTIC is p50, p95,
 * p99, max, avg (LIMIT in s, ms or us; a bare number is seconds) or success_rate (a floor: 95% or 0.95).
 * Both files may sit in one file. Comments start with # or ; (also after a value, after a space).
 */
import {LATENCY_STATISTICS, type SloRule, type Statistic} from './thresholds.js';

export const DDC_SECTION = 'performance:thresholds';
export const DDC_TOP_SECTION = 'ddc-top:slo';

export interface SloFile {
	/** The file's rules; they replace the built-in ones (the file is the operator's whole statement). */
	rules: SloRule[];
	leakThresholdMb?: number;
	/** Keys understood but not applied, with why (one line each). */
	skipped: string[];
	/** Which sections were read. */
	sections: string[];
}

export type SloParse = {ok: true; file: SloFile} | {ok: false; line: number; problem: string};

/** DDC's keys that name an operation's maximum, by key. */
const DDC_MAX_KEYS: Record<string, string> = {
	config_load_max_time: 'config_load',
	config_cached_max_time: 'config_cached',
	token_encrypt_max_time: 'token_encrypt',
	token_decrypt_max_time: 'token_decrypt',
	docker_client_acquire_max: 'docker_client_acquire',
	mech_power_calc_max: 'mech_power_calc',
	mech_evolution_calc_max: 'mech_evolution_calc',
	mech_state_access_max: 'mech_state_access',
	web_login_max_time: 'web_login',
	web_dashboard_max_time: 'web_dashboard',
	web_api_response_max: 'web_api_response',
};

/** DDC's keys that measure its test harness rather than an operation of the metrics file. */
const DDC_SKIPPED_KEYS: Record<string, string> = {
	docker_queue_throughput_min: 'a throughput under a test load; live throughput follows the traffic',
	concurrent_throughput_min: 'a throughput under a test load; live throughput follows the traffic',
	concurrent_success_rate: "DDC's concurrency test, not an operation of the metrics file",
	concurrent_avg_duration: "DDC's concurrency test, not an operation of the metrics file",
	memory_increase_max_mb: "growth during DDC's test run; memory_leak_threshold_mb is the leak threshold",
};

const LEAK_KEY = 'memory_leak_threshold_mb';

/** Strips a comment: a line starting with # or ;, or one of them after whitespace. */
function stripComment(line: string): string {
	const trimmed = line.trimStart();
	if (trimmed.startsWith('#') || trimmed.startsWith(';')) return '';
	const at = line.search(/\s[#;]/);
	return (at === -1 ? line : line.slice(0, at)).trimEnd();
}

/** Parses a threshold file's text. `name` is only for the rules' `source` ("pytest.ini:97"). */
export function parseSloFile(text: string, name: string): SloParse {
	const lines = text.split(/\r?\n/);
	const hasSections = lines.some((l) => /^\s*\[[^\]]*\]\s*$/.test(stripComment(l)));
	let section: string | undefined = hasSections ? undefined : DDC_TOP_SECTION;
	const file: SloFile = {rules: [], skipped: [], sections: hasSections ? [] : [DDC_TOP_SECTION]};
	for (let i = 0; i < lines.length; i++) {
		const n = i + 1;
		const raw = stripComment(lines[i]);
		if (raw.trim() === '') continue;
		const header = /^\s*\[([^\]]*)\]\s*$/.exec(raw);
		if (header) {
			section = header[1].trim();
			if ((section === DDC_SECTION || section === DDC_TOP_SECTION) && !file.sections.includes(section)) file.sections.push(section);
			continue;
		}
		if (section !== DDC_SECTION && section !== DDC_TOP_SECTION) continue;
		if (/^\s/.test(raw)) return {ok: false, line: n, problem: 'an indented line (a continued value) has no meaning here'};
		const eq = raw.indexOf('=');
		if (eq === -1) return {ok: false, line: n, problem: `expected KEY = VALUE, got "${raw.trim()}"`};
		const key = raw.slice(0, eq).trim();
		const value = raw.slice(eq + 1).trim();
		const where = `${name}:${n}`;
		const problem = section === DDC_SECTION ? ddcLine(key, value, where, file) : ddcTopLine(key, value, where, file);
		if (problem) return {ok: false, line: n, problem};
	}
	if (file.sections.length === 0) return {ok: false, line: 1, problem: `no [${DDC_SECTION}] or [${DDC_TOP_SECTION}] section`};
	return {ok: true, file};
}

/** The one line a bad file is reported with: "NAME:LINE: problem". */
export function sloProblemText(name: string, parse: Extract<SloParse, {ok: false}>): string {
	return `${name}:${parse.line}: ${parse.problem}`;
}

function plainNumber(value: string): number | undefined {
	if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

function fraction(value: string): number | undefined {
	const percent = value.endsWith('%') ? plainNumber(value.slice(0, -1).trim()) : undefined;
	const n = percent !== undefined ? percent / 100 : plainNumber(value);
	return n !== undefined && n >= 0 && n <= 1 ? n : undefined;
}

/** "0.5", "0.5s", "500ms", "500us" or "500µs" -> seconds. */
export function parseSeconds(value: string): number | undefined {
	const m = /^(.*?)\s*(ms|us|µs|s)?$/.exec(value);
	if (!m) return undefined;
	const n = plainNumber(m[1]);
	if (n === undefined) return undefined;
	const unit = m[2] ?? 's';
	return unit === 'ms' ? n / 1e3 : unit === 's' ? n : n / 1e6;
}

function ddcLine(key: string, value: string, where: string, file: SloFile): string | undefined {
	const n = plainNumber(value);
	if (n === undefined) return `${key}: "${value}" is not a number`;
	if (key === LEAK_KEY) {
		file.leakThresholdMb = n;
		return undefined;
	}
	if (key === 'docker_concurrent_success') {
		if (n > 1) return `${key}: a success rate is a fraction from 0 to 1 (got ${value})`;
		file.rules.push({pattern: 'docker_*', statistic: 'success_rate', limit: n, source: where});
		return undefined;
	}
	const skipped = DDC_SKIPPED_KEYS[key];
	if (skipped) {
		file.skipped.push(`${key} (${skipped})`);
		return undefined;
	}
	// A key DDC may add later in its own style ("<operation>_max_time" / "<operation>_max") binds that operation.
	const operation = DDC_MAX_KEYS[key] ?? /^([a-z0-9_]+?)_max(_time)?$/.exec(key)?.[1];
	if (!operation) return `unknown key ${key} (expected <operation>_max_time, <operation>_max or one of DDC's documented keys)`;
	file.rules.push({pattern: operation, statistic: 'max', limit: n, source: where});
	return undefined;
}

function ddcTopLine(key: string, value: string, where: string, file: SloFile): string | undefined {
	if (key === LEAK_KEY) {
		const n = plainNumber(value);
		if (n === undefined) return `${key}: "${value}" is not a number of MB`;
		file.leakThresholdMb = n;
		return undefined;
	}
	const parts = key.split(/\s+/);
	if (parts.length !== 2) return `expected PATTERN STATISTIC = LIMIT (e.g. config_load p95 = 800ms), got "${key}"`;
	const [pattern, stat] = parts;
	const statistic = (stat === 'success' ? 'success_rate' : stat) as Statistic;
	if (statistic === 'success_rate') {
		const limit = fraction(value);
		if (limit === undefined) return `${key}: a success rate floor is a percentage or a fraction from 0 to 1 (got "${value}")`;
		file.rules.push({pattern, statistic, limit, source: where});
		return undefined;
	}
	if (!LATENCY_STATISTICS.includes(statistic)) return `unknown statistic ${stat} (one of ${LATENCY_STATISTICS.join(', ')}, success_rate)`;
	const limit = parseSeconds(value);
	if (limit === undefined || limit <= 0) return `${key}: "${value}" is not a duration (e.g. 0.5, 500ms, 0.5s)`;
	file.rules.push({pattern, statistic, limit, source: where});
	return undefined;
}
