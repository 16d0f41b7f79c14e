/** The few statistics the charts state: quantiles, Pearson's r, box-plot whiskers. */
import { percentile } from '../../commands/top_peliculas.js';

export { percentile };

/** Pearson's correlation coefficient of paired values; NaN with fewer than 2 pairs or no spread. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return Number.NaN;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += xs[i] as number;
    sumY += ys[i] as number;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

export interface BoxStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Tukey's whiskers: the most extreme values within 1.5 × IQR of the quartiles. */
  low: number;
  high: number;
  /** How many values lie outside the whiskers. */
  outliers: number;
}

/** Box-plot figures of ascending values (quartiles as numpy/pandas compute them). */
export function boxStats(sorted: readonly number[]): BoxStats {
  const n = sorted.length;
  const q1 = percentile(sorted, 0.25);
  const q3 = percentile(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = sorted.filter((v) => v >= q1 - fence && v <= q3 + fence);
  return {
    n,
    min: sorted[0] ?? 0,
    q1,
    median: percentile(sorted, 0.5),
    q3,
    max: sorted[n - 1] ?? 0,
    low: inside[0] ?? q1,
    high: inside[inside.length - 1] ?? q3,
    outliers: n - inside.length,
  };
}
