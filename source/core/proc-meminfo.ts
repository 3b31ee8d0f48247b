/**
 * Host memory from /proc/meminfo, as systeminformation's mem() computes `active` on Linux: the total less
 * what is available (MemAvailable, or free + buffers + cached + slab on kernels without it). That is what
 * an operator thinks of as used; `MemTotal - MemFree` would count reclaimable caches as used.
 */
export interface MemInfo {
	used: number;
	total: number;
}

export function parseMemInfo(text: string): MemInfo | undefined {
	const kb = new Map<string, number>();
	for (const line of text.split('\n')) {
		const m = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
		if (m) kb.set(m[1], Number(m[2]));
	}
	const total = kb.get('MemTotal');
	if (!total) return undefined;
	const fallback = (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0) + (kb.get('Slab') ?? 0);
	const available = kb.get('MemAvailable') || fallback;
	return {used: Math.max(0, total - available) * 1024, total: total * 1024};
}
