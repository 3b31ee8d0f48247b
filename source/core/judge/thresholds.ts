/**
 * Service-level thresholds per operation and the state each operation is in against them (issue #16 §1).
 * Pure: the rules come from defaults or a parsed file (slo-file.ts); the figures from an operation summary.
 */

/** What a latency limit binds. Seconds, like DDC's durations. */
export type LatencyStatistic = 'p50' | 'p95' | 'p99' | 'max' | 'avg';
export type Statistic = LatencyStatistic | 'success_rate';
export const LATENCY_STATISTICS: readonly LatencyStatistic[] = ['p50', 'p95', 'p99', 'max', 'avg'];

export interface SloRule {
	/** An operation name, or a glob (`*` any run of characters, `?` one character). */
	pattern: string;
	statistic: Statistic;
	/** Seconds for a latency statistic (an upper limit); a fraction 0..1 for success_rate (a floor). */
	limit: number;
	/** Where the rule came from, for the report: "built-in (DDC pytest.ini)", "pytest.ini:97"... */
	source: string;
}

export type SloState = 'ok' | 'near' | 'breach' | 'none';

/** "near" from this fraction of a limit on (for a success floor: of the failure rate it allows). */
export const NEAR_FRACTION = 0.8;

/**
 * DDC's own values, from its pytest.ini `[performance:thresholds]` (see slo-file.ts for the keys), mapped to
 * the operation names its metrics use. Its keys say "maximum" ("Maximum 1 second for config load"), and its
 * tests hold every measured call under them, so they bind the max; a ddc-top SLO file can bind a percentile
 * instead. DDC's `docker_concurrent_success = 0.95` is a floor for its Docker operations.
 */
export const DEFAULT_RULES: readonly SloRule[] = [
	['config_load', 1.0],
	['config_cached', 0.1],
	['token_encrypt', 0.5],
	['token_decrypt', 0.5],
	['docker_client_acquire', 0.5],
	['mech_power_calc', 0.001],
	['mech_evolution_calc', 0.001],
	['mech_state_access', 0.1],
].map(([pattern, limit]) => ({pattern: pattern as string, statistic: 'max' as const, limit: limit as number, source: 'built-in'}));

export const DEFAULT_SUCCESS_RULE: SloRule = {pattern: 'docker_*', statistic: 'success_rate', limit: 0.95, source: 'built-in'};
export const DEFAULT_SLO_RULES: readonly SloRule[] = [...DEFAULT_RULES, DEFAULT_SUCCESS_RULE];

/** DDC's memory leak threshold (`memory_leak_threshold_mb = 50`): growth since start above it is a leak. */
export const DEFAULT_LEAK_THRESHOLD_MB = 50;

/** `*` and `?` globs, whole name, case-sensitive as DDC's operation names are. */
export function globMatches(pattern: string, name: string): boolean {
	if (!pattern.includes('*') && !pattern.includes('?')) return pattern === name;
	const source = pattern
		.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		.replace(/\*/g, '.*')
		.replace(/\?/g, '.');
	return new RegExp(`^${source}$`, 's').test(name);
}

/** How specific a pattern is: an exact name beats any glob; a longer literal part beats a shorter one. */
function specificity(pattern: string): number {
	const literal = pattern.replace(/[*?]/g, '').length;
	return pattern.includes('*') || pattern.includes('?') ? literal : 1e9;
}

/**
 * The rules that bind `operation`: per statistic the most specific matching pattern, the later rule on a
 * tie (a file's rule overrides a default for the same pattern).
 */
export function rulesFor(operation: string, rules: readonly SloRule[]): SloRule[] {
	const best = new Map<Statistic, {rule: SloRule; rank: number}>();
	for (const rule of rules) {
		if (!globMatches(rule.pattern, operation)) continue;
		const rank = specificity(rule.pattern);
		const held = best.get(rule.statistic);
		if (!held || rank >= held.rank) best.set(rule.statistic, {rule, rank});
	}
	return [...best.values()].map((b) => b.rule);
}

/**
 * The state of one figure against one rule. Latency: breach above the limit, near from 80 % of it.
 * Success floor: breach below it; near when the failure rate reaches 80 % of what the floor allows
 * (floor 95 %: near from 4 % failures). `none` when there is no figure (no calls).
 */
export function sloState(statistic: Statistic, value: number | undefined, limit: number): SloState {
	if (value === undefined || !Number.isFinite(value)) return 'none';
	if (statistic === 'success_rate') {
		if (value < limit) return 'breach';
		const allowed = 1 - limit;
		return allowed > 0 && 1 - value >= NEAR_FRACTION * allowed ? 'near' : 'ok';
	}
	if (value > limit) return 'breach';
	return value >= NEAR_FRACTION * limit ? 'near' : 'ok';
}

/** The figures a rule reads: an OperationSummary has them all (seconds; undefined without calls). */
export interface SloFigures {
	calls: number;
	ok: number;
	p50?: number;
	p95?: number;
	p99?: number;
	max?: number;
	avg?: number;
}

export function figure(statistic: Statistic, s: SloFigures): number | undefined {
	if (s.calls <= 0) return undefined;
	return statistic === 'success_rate' ? s.ok / s.calls : s[statistic];
}

export interface SloCheck {
	rule: SloRule;
	value: number | undefined;
	state: SloState;
	/** value / limit for a latency; failure rate / allowed failure rate for a floor (1 = at the limit). */
	load: number;
}

export interface SloVerdict {
	operation: string;
	/** none: no rule binds the operation, or it had no calls. */
	state: SloState;
	/** The check that decided the state (the worst, then the most loaded); undefined for none. */
	worst?: SloCheck;
	checks: SloCheck[];
}

const SEVERITY: Record<SloState, number> = {none: 0, ok: 1, near: 2, breach: 3};

function load(check: Omit<SloCheck, 'load'>): number {
	const {value, rule} = check;
	if (value === undefined) return 0;
	if (rule.statistic !== 'success_rate') return rule.limit > 0 ? value / rule.limit : Number.POSITIVE_INFINITY;
	const allowed = 1 - rule.limit;
	return allowed > 0 ? (1 - value) / allowed : value < 1 ? Number.POSITIVE_INFINITY : 0;
}

/** One operation's state against the rules: the worst of its checks. */
export function judgeOperation(operation: string, figures: SloFigures, rules: readonly SloRule[]): SloVerdict {
	const checks = rulesFor(operation, rules).map((rule) => {
		const value = figure(rule.statistic, figures);
		const check = {rule, value, state: sloState(rule.statistic, value, rule.limit)};
		return {...check, load: load(check)};
	});
	let worst: SloCheck | undefined;
	for (const c of checks) {
		if (c.state === 'none') continue;
		if (!worst || SEVERITY[c.state] > SEVERITY[worst.state] || (c.state === worst.state && c.load > worst.load)) worst = c;
	}
	return {operation, state: worst?.state ?? 'none', worst, checks};
}
