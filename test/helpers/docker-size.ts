/**
 * Parses what `docker stats` prints back into bytes ("64MiB", "8.39MB", "0B"). The real-engine tests use
 * it to compare our numbers with the CLI's; undefined when the text is not a size.
 */
export function parseDockerSize(text: string): number | undefined {
	const match = /^\s*([\d.]+)\s*([KMGTPE]?i?B|[kKMGTPE]B)\s*$/.exec(text);
	if (!match) return undefined;
	const value = Number(match[1]);
	const unit = match[2];
	if (!Number.isFinite(value)) return undefined;
	if (unit === 'B') return value;
	const binary = unit.includes('i');
	const index = 'KMGTPE'.indexOf(unit[0].toUpperCase()) + 1;
	return value * (binary ? 1024 : 1000) ** index;
}
