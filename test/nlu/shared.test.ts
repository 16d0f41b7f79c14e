/**
 * The examples of issue 11 on the catalog built from ../shared/data (skipped, saying why,
 * where that folder is absent): each answers what was asked. Counts come from a separate
 * SQL query on the same catalog.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { sharedCatalogPath, sharedDataPresent } from '../helpers/catalog.js';

describe.skipIf(!sharedDataPresent('issue 11 examples on the shared catalog'))(
  'issue 11 examples (../shared/data)',
  () => {
    let ctx: CommandContext;
    let nlu: Parser;
    const count = (sql: string) => (ctx.catalog.db.prepare(sql).get() as { n: number }).n;

    beforeAll(async () => {
      ctx = createCommandContext(openCatalog((await sharedCatalogPath()) as string));
      nlu = createParser(ctx);
    });

    it('«cuántas series tiene netflix» counts series; «… netflix del 2020» counts that year', () => {
      const series = nlu.ask('cuántas series tiene netflix');
      expect(series.data).toEqual({
        plataforma: 'netflix',
        cantidad: count("SELECT count(*) AS n FROM titles WHERE platform = 'netflix' AND type = 'TV Show'"),
      });
      expect(series.data).toMatchObject({ cantidad: 2676 }); // SOURCES.md: 6,131 / 2,676
      expect(nlu.ask('cuantas peliculas hay en netflix del 2020').data).toEqual({
        plataforma: 'netflix',
        cantidad: count(
          "SELECT count(*) AS n FROM titles WHERE platform = 'netflix' AND type = 'Movie' AND release_year = 2020",
        ),
      });
    });

    it('«mejores pelis de comedia del 95» is 1995; «películas de España» is the country, not Canal+ España', () => {
      expect(nlu.parse('mejores pelis de comedia del 95').args).toEqual({ genero: 'Comedy', anio: 1995 });
      for (const text of [
        'películas de España',
        'películas producidas en Noruega',
        'cuántas películas tienen a Dinamarca como país de producción',
      ])
        expect(nlu.parse(text).command, text).toBe('peliculas_pais');
    });

    it('an exact company name beats a longer or shorter one (Miramax / Miramax Films, BBC / BBC Films)', () => {
      expect(nlu.parse('¿cuánto ganó Miramax Films?').args).toEqual({ productora: 'Miramax Films' });
      expect(nlu.parse('¿cuánto ganó Miramax?').args).toEqual({ productora: 'Miramax' });
      expect(nlu.parse('¿cuánto recaudó BBC Films?').args).toEqual({ productora: 'BBC Films' });
    });

    it('Spanish titles of the issue resolve, and the answer says which film it understood', () => {
      expect(nlu.parse('¿cuánto dura Lo que el viento se llevó?').args).toEqual({ titulo: 'tmdb:770' });
      expect(nlu.parse('háblame de El mago de Oz').args).toEqual({ titulo: 'tmdb:630' });
      // Two stop words or more ahead of the title, alone or after «háblame de».
      for (const text of ['Lo que el viento se llevó', 'háblame de Lo que el viento se llevó'])
        expect(nlu.parse(text), text).toMatchObject({ command: 'pelicula', args: { titulo: 'tmdb:770' } });
      // A message that is only a title, even with words that read as cues («voló» ~ «votó», «top»).
      expect(nlu.parse('Alguien voló sobre el nido del cuco')).toMatchObject({ args: { titulo: 'tmdb:510' } });
      expect(nlu.parse('Top Gun')).toMatchObject({ command: 'pelicula', args: { titulo: 'tmdb:744' } });
      expect(nlu.parse('votos de Cantando bajo la lluvia').args).toEqual({ titulo: 'tmdb:872' });
      expect(nlu.parse('recomiéndame algo como Atrapado sin salida').args).toEqual({ titulo: 'tmdb:510' });
      expect(nlu.ask('¿cuánto dura Alguien voló sobre el nido del cuco?').text).toContain(
        "Entendí «One Flew Over the Cuckoo's Nest (1975)»",
      );
    });

    it('«y su popularidad?» after a title question', () => {
      nlu.parse('¿cuánto dura El mago de Oz?', 'shared');
      expect(nlu.parse('y su popularidad?', 'shared')).toMatchObject({
        command: 'score_titulo',
        args: { titulo: 'tmdb:630' },
      });
    });
  },
);
