import type { ReasonKind } from './reasons.js';

/** What `recomendacion` asks of the recommender (src/recommend/index.ts: createRecommender(db)). */
export interface Recommendation {
  /** Canonical id: `tmdb:862` or `ns1`. */
  id: string;
  titulo: string;
  anio: number | null;
  /**
   * Similarity to the query title, 0..1: the content cosine, or for a blended movie
   * α·(co-liking cosine) + (1 − α)·(content cosine), α the co-liking's weight (index.ts).
   */
  similitud: number;
  /** Why, in one short Spanish clause (reasons.ts): «misma saga», «mismo director (John Lasseter)»… */
  motivo: string;
  /** The signal behind `motivo` (not part of the answer's data). */
  reason: ReasonKind;
}

export interface Recommender {
  /** The `k` most similar titles of the same catalog, best first, never `id` itself. */
  recommend(id: string, k?: number): Recommendation[];
}
