import {errorCode} from '../core/error-code.js';
import {sanitize} from '../core/sanitize.js';

/**
 * An error -> one line an operator can act on. fs errors are named by their code and path; anything else
 * by its message. Never a stack trace.
 */
export function describeError(error: unknown, file?: string): string {
	// Paths come from the command line and messages may quote anything: one safe line for the terminal.
	return sanitize(describe(error, file));
}

function describe(error: unknown, file?: string): string {
	const code = errorCode(error);
	const where = (error as {path?: string}).path ?? file ?? '';
	switch (code) {
		case 'ENOENT':
			return `not found: ${where}`;
		case 'EACCES':
		case 'EPERM':
			return `permission denied: ${where} (run as the user that owns it, or with sudo)`;
		case 'EISDIR':
			return `is a directory: ${where}`;
		case 'ENOSPC':
			return `no space left on the device holding ${where}`;
		case 'EROFS':
			return `read-only filesystem: ${where}`;
		default:
			return error instanceof Error ? error.message.split('\n')[0] : String(error);
	}
}

/**
 * DDC's compose file does not mount `data/`, so on many hosts the metrics file exists only inside the
 * container (DDC's compose file does not mount data/): say so when it is missing.
 */
export function missingMetricsHint(file: string): string {
	return (
		`metrics file not found: ${sanitize(file)} (set --metrics or DDC_METRICS_FILE; if DDC runs in Docker without ` +
		`data/ mounted, the file is inside the container: docker cp ddc:/app/data/metrics/performance_metrics.jsonl .)`
	);
}
