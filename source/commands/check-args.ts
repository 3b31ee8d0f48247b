/** `ddc-top check`'s flags -> its arguments, or a UsageError (exit 2). */

import {dockerHostFlagError} from '../core/docker-host.js';
import {DEFAULT_MIN_EFFECT_PCT} from '../core/judge/regression.js';
import {CHECK_FORMATS, type CheckFormat} from '../core/judge/report.js';
import {WINDOWS, type WindowName} from '../core/windows.js';
import {type FlagSpec, parseArgs, UsageError} from './args.js';

export const CHECK_FLAGS: Record<string, FlagSpec> = {
	slo: {type: 'string'},
	baseline: {type: 'string'},
	regression: {type: 'string'},
	window: {type: 'string'},
	duration: {type: 'string'},
	format: {type: 'string'},
	metrics: {type: 'string'},
	docker: {type: 'boolean', default: true},
	dockerHost: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h'},
};

export interface CheckArgs {
	slo?: string;
	baseline?: string;
	minEffectPct: number;
	window: WindowName;
	/** 0: containers are not sampled (no memory findings). */
	durationMs: number;
	format: CheckFormat;
	metrics?: string;
	docker: boolean;
	dockerHost?: string;
}

/** The longest --duration: a day (a CI job that samples longer is waiting on something else). */
export const MAX_DURATION_MS = 86_400_000;

/** "90s", "2m", "1h", "120" (seconds) -> ms; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
	const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(text.trim());
	if (!m) return undefined;
	const n = Number(m[1]);
	const unit = m[2] ?? 's';
	const ms = unit === 'ms' ? n : unit === 's' ? n * 1e3 : unit === 'h' ? n * 3_600_000 : n * 60_000;
	return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** --regression PCT (check and the live view): the minimum effect in %, or a UsageError. */
export function parseRegression(regression: string | undefined): number {
	const minEffectPct = regression === undefined ? DEFAULT_MIN_EFFECT_PCT : Number(regression.replace(/%$/, ''));
	if (regression !== undefined && (!/^\d+(\.\d+)?%?$/.test(regression) || !(minEffectPct > 0) || minEffectPct > 1000)) {
		throw new UsageError(`--regression must be a percentage above 0, like 10 or 20% (got "${regression}")`);
	}
	return minEffectPct;
}

export function readCheckArgs(argv: string[]): CheckArgs | 'help' {
	const {flags, input} = parseArgs(argv, import.meta, CHECK_FLAGS);
	if (flags.help) return 'help';
	if (input.length > 0) throw new UsageError(`unexpected argument ${input[0]}`);
	const window = (flags.window as string | undefined) ?? '24h';
	if (!WINDOWS.includes(window as WindowName)) throw new UsageError(`--window must be one of ${WINDOWS.join(', ')} (got "${window}")`);
	const format = (flags.format as string | undefined) ?? 'text';
	if (!CHECK_FORMATS.includes(format as CheckFormat)) {
		throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(', ')} (got "${format}")`);
	}
	const minEffectPct = parseRegression(flags.regression as string | undefined);
	const durationText = flags.duration as string | undefined;
	const durationMs = durationText === undefined ? 0 : parseDuration(durationText);
	if (durationMs === undefined || durationMs > MAX_DURATION_MS) {
		throw new UsageError(`--duration must be a time up to 24h, like 90s, 2m or 1h (got "${durationText}")`);
	}
	const docker = flags.docker !== false;
	if (durationMs > 0 && !docker) throw new UsageError('--duration samples containers: it cannot be combined with --no-docker');
	const hostError = dockerHostFlagError(flags.dockerHost as string | undefined);
	if (hostError) throw new UsageError(hostError);
	for (const name of ['slo', 'baseline', 'metrics'] as const) {
		if (flags[name] === '') throw new UsageError(`--${name} needs a file name`);
	}
	return {
		slo: flags.slo as string | undefined,
		baseline: flags.baseline as string | undefined,
		minEffectPct,
		window: window as WindowName,
		durationMs,
		format: format as CheckFormat,
		metrics: flags.metrics as string | undefined,
		docker,
		dockerHost: flags.dockerHost as string | undefined,
	};
}
