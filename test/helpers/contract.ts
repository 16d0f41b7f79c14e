/** Every command of ../shared/docs/QUESTIONS.md, in the contract's order (written from the contract, not the code). */
export const CONTRACT_COMMANDS = [
  'cantidad_filmaciones_mes',
  'cantidad_filmaciones_dia',
  'score_titulo',
  'votos_titulo',
  'get_actor',
  'get_director',
  'franquicia',
  'peliculas_pais',
  'productoras_exitosas',
  'peliculas_idioma',
  'peliculas_duracion',
  'recomendacion',
  'get_max_duration',
  'get_score_count',
  'get_count_platform',
  'get_actor_platform',
  'prod_per_county',
  'get_contents',
  'pelicula',
  'top_peliculas',
  'donde_ver',
  'ayuda',
];

/** Commands beyond QUESTIONS.md, registered after the contract's (issue 12: charts). */
export const EXTENSION_COMMANDS = ['grafico'];
