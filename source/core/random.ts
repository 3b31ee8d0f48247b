/** mulberry32: a tiny seeded PRNG, so the demo and benchmarks are repeatable. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Log-normal sample with the given median and spread (sigma of the underlying normal). */
export function logNormal(random: () => number, median: number, sigma: number): number {
	const u = Math.max(random(), 1e-12);
	const v = random();
	const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	return median * Math.exp(sigma * z);
}
