import {isAbsolute, join, resolve} from 'node:path';

export const DEFAULT_METRICS_RELATIVE = 'data/metrics/performance_metrics.jsonl';

export interface ResolvedPath {
	path: string;
	source: 'flag' | 'cwd' | 'env' | 'default';
}

/**
 * Which metrics file to read: `--metrics`, else DDC's own relative path under the current directory when it
 * exists (the operator is in DDC's folder), else `DDC_METRICS_FILE`, else that relative path, to be waited for.
 * `exists` is injected so this stays free of I/O.
 */
export function resolveMetricsPath(options: {
	flag?: string;
	cwd: string;
	env: Record<string, string | undefined>;
	exists: (path: string) => boolean;
}): ResolvedPath {
	const {flag, cwd, env, exists} = options;
	if (flag) return {path: isAbsolute(flag) ? flag : resolve(cwd, flag), source: 'flag'};
	const local = join(cwd, DEFAULT_METRICS_RELATIVE);
	if (exists(local)) return {path: local, source: 'cwd'};
	const fromEnv = env.DDC_METRICS_FILE;
	if (fromEnv) return {path: isAbsolute(fromEnv) ? fromEnv : resolve(cwd, fromEnv), source: 'env'};
	return {path: local, source: 'default'};
}
