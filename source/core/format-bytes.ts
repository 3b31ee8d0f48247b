/**
 * Byte counts the way `docker stats` prints them (docker/go-units): memory in binary units with 4
 * significant digits ("1.852MiB", "23.54GiB"), network and block I/O in decimal units with 3
 * ("8.39MB", "1.11kB", "656B"). Operators compare our columns with the CLI's, so they must match.
 */
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

function humanSize(bytes: number, base: number, units: readonly string[], digits: number): string {
	if (!Number.isFinite(bytes)) return '--';
	let size = Math.max(0, bytes);
	let i = 0;
	while (size >= base && i < units.length - 1) {
		size /= base;
		i++;
	}
	// Go's %.Ng drops trailing zeros; Number(toPrecision) does the same without exponent notation.
	return `${Number(size.toPrecision(digits))}${units[i]}`;
}

/** Memory: "548KiB", "64MiB", "1.852MiB". */
export function formatMemBytes(bytes: number): string {
	return humanSize(bytes, 1024, BINARY, 4);
}

/** Network and block I/O: "0B", "656B", "1.11kB", "8.39MB". */
export function formatIoBytes(bytes: number): string {
	return humanSize(bytes, 1000, DECIMAL, 3);
}
