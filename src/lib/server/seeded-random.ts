// A small seeded pseudo-random generator: the same seed gives the same stream, so demo data,
// generated fixtures and model training are reproducible.

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for demo data and training order; the same seed gives the same stream. */
export function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
