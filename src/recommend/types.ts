/** What `recomendacion` asks of the recommender (src/recommend/index.ts: createRecommender(db)). */
export interface Recommendation {
  /** Canonical id: `tmdb:862` or `ns1`. */
  id: string;
  titulo: string;
  anio: number | null;
  /** Cosine similarity to the query title, 0..1. */
  similitud: number;
}

export interface Recommender {
  /** The `k` most similar titles of the same catalog, best first, never `id` itself. */
  recommend(id: string, k?: number): Recommendation[];
}
