/**
 * mulberry32: a tiny seeded PRNG (6 lines), so the same seed gives the same
 * synthetic catalog and the same typo set everywhere. Written here rather than
 * installed because Math.random cannot be seeded and a dependency for six lines
 * is not worth it; its 32-bit state is plenty for picking names and typos.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
