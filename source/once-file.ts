import {stat} from 'node:fs/promises';
import {errorCode} from './core/error-code.js';
import {sanitize} from './core/sanitize.js';

/** The one stderr line for a metrics file that --once cannot read (the exit code is then 2). */
export function metricsFileProblem(path: string, error: unknown): string {
	const code = errorCode(error);
	return code === 'ENOENT'
		? `ddc-top: metrics file not found: ${sanitize(path)} (use --metrics PATH, DDC_METRICS_FILE, or --demo)\n`
		: code === 'ENOTREG'
			? `ddc-top: ${sanitize((error as Error).message)}\n`
			: `ddc-top: cannot read ${sanitize(path)}: ${sanitize((error as Error).message)}\n`;
}

/**
 * Checked before anything else is loaded or sampled (the statistics, Docker, the host): a missing file
 * fails at once. Resolves with the line to print, or undefined when the file is there.
 */
export async function checkMetricsFile(path: string): Promise<string | undefined> {
	try {
		await stat(path);
		return undefined;
	} catch (error) {
		return metricsFileProblem(path, error);
	}
}
