/**
 * The seeds' streaming questions on the fixture (data/demo/streaming). Expected
 * values counted by hand from the four CSVs (after the contract's cleaning:
 * a duration found in `rating` moves to `duration`, an empty rating becomes G)
 * and from streaming/ratings/1.csv.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { ask, fixtureContext } from './context.js';

let ctx: CommandContext;
beforeAll(async () => {
  ctx = await fixtureContext();
});

describe('get_max_duration', () => {
  it('finds the longest movie of a platform and year', () => {
    // Netflix 2018 movies: Roma 135, Sanju 161, Bird Box 124, Buster Scruggs 133, Outlaw King 121.
    const answer = ask(ctx, 'get_max_duration', { anio: '2018', plataforma: 'Netflix', tipo_duracion: 'minutos' });
    expect(answer.data).toEqual({ titulo: 'Sanju', id: 'ns2', duracion: 161, tipo_duracion: 'min' });
    expect(answer.text).toBe('La película más larga de Netflix estrenada en 2018 es Sanju, con 161 minutos.');
  });

  it('breaks ties by source order', () => {
    // Disney+ 1995: Toy Story (ds2) and Pocahontas (ds5), both 81 min; Toy Story comes first in the file.
    const answer = ask(ctx, 'get_max_duration', { anio: 1995, plataforma: 'disney plus', tipo_duracion: 'min' });
    expect(answer.data).toMatchObject({ id: 'ds2', titulo: 'Toy Story', duracion: 81 });
  });

  it('says when no movie matches', () => {
    const answer = ask(ctx, 'get_max_duration', { anio: 2019, plataforma: 'netflix', tipo_duracion: 'temporadas' });
    expect(answer.ok).toBe(true);
    expect(answer.data).toEqual({ titulo: null, id: null, duracion: null, tipo_duracion: 'season' });
    expect(answer.text).toBe('No hay ninguna película de Netflix estrenada en 2019 con duración en temporadas.');
  });
});

describe('get_score_count', () => {
  it('counts movies whose mean user score is greater than the threshold', () => {
    // Netflix 2018 means: ns1 4.5, ns2 3.0, ns3 3.75, ns4 4.0, ns5 2.5.
    const answer = ask(ctx, 'get_score_count', { plataforma: 'netflix', puntaje: '3,5', anio: 2018 });
    expect(answer.data).toEqual({ cantidad: 3 });
    expect(answer.text).toBe('Netflix tiene 3 películas de 2018 con una puntuación media mayor que 3,5.');
    // "greater than", not "at least": ns4's 4.0 does not count for 4.
    expect(ask(ctx, 'get_score_count', { plataforma: 'netflix', puntaje: '4', anio: 2018 }).data).toEqual({
      cantidad: 1,
    });
    expect(ask(ctx, 'get_score_count', { plataforma: 'netflix', puntaje: 4.0, anio: '2018' }).text).toContain(
      '1 película ',
    );
  });

  it('refuses a puntaje that is not a number', () => {
    const answer = ask(ctx, 'get_score_count', { plataforma: 'netflix', puntaje: 'mucho', anio: 2018 });
    expect(answer.error).toEqual({ code: 'bad_argument', argument: 'puntaje' });
  });
});

describe('get_count_platform', () => {
  it('counts movies only', () => {
    expect(ask(ctx, 'get_count_platform', { plataforma: 'netflix' }).data).toEqual({
      plataforma: 'netflix',
      cantidad: 12,
    });
    expect(ask(ctx, 'get_count_platform', { plataforma: 'Disney+' }).data).toEqual({
      plataforma: 'disney',
      cantidad: 10,
    });
    expect(ask(ctx, 'get_count_platform', { plataforma: 'prime video' }).data).toEqual({
      plataforma: 'amazon',
      cantidad: 13,
    });
    const hulu = ask(ctx, 'get_count_platform', { plataforma: 'hulu' });
    expect(hulu.data).toEqual({ plataforma: 'hulu', cantidad: 7 });
    expect(hulu.text).toBe('Hulu tiene 7 películas.');
  });
});

describe('get_actor_platform', () => {
  it('finds the most frequent cast member, ties alphabetical', () => {
    // Netflix 2019: Aaron Paul and Jesse Plemons both appear twice (El Camino, BoJack Horseman).
    const answer = ask(ctx, 'get_actor_platform', { plataforma: 'netflix', anio: 2019 });
    expect(answer.data).toEqual({ actor: 'Aaron Paul', apariciones: 2 });
    expect(answer.text).toBe(
      'En Netflix, quien más aparece en títulos estrenados en 2019 es Aaron Paul, con 2 títulos.',
    );
  });

  it('answers plainly when there is no cast', () => {
    // Hulu's file has no cast at all.
    const answer = ask(ctx, 'get_actor_platform', { plataforma: 'hulu', anio: 2020 });
    expect(answer.data).toEqual({ actor: null, apariciones: 0 });
  });
});

describe('prod_per_county', () => {
  it('counts titles of a type, country and year over all platforms', () => {
    // Movies 2019 with United States: The Report, Fyre Fraud, The Irishman, Marriage Story, El Camino, The Two Popes.
    const movies = ask(ctx, 'prod_per_county', { tipo: 'película', pais: 'Estados Unidos', anio: 2019 });
    expect(movies.data).toEqual({ pais: 'US', anio: 2019, tipo: 'pelicula', cantidad: 6 });
    expect(movies.text).toBe('Entre todas las plataformas hay 6 películas de Estados Unidos estrenadas en 2019.');
    // TV shows 2019 with United States: Mrs. Maisel, Bosch, Stranger Things, BoJack Horseman.
    expect(ask(ctx, 'prod_per_county', { tipo: 'TV Show', pais: 'US', anio: 2019 }).data).toMatchObject({
      cantidad: 4,
    });
    expect(ask(ctx, 'prod_per_county', { tipo: 'serie', pais: 'España', anio: 2019 }).text).toBe(
      'Entre todas las plataformas hay 1 serie de España estrenada en 2019.',
    );
  });
});

describe('get_contents', () => {
  it('counts titles with a rating, case-insensitively, including emptied ratings as G', () => {
    // G: Disney+ 5, Amazon Rocky and Bosch (empty), Hulu Fyre Fraud and Ramy (duration moved out) and Run (empty).
    const g = ask(ctx, 'get_contents', { rating: 'g' });
    expect(g.data).toEqual({ rating: 'G', cantidad: 10 });
    expect(g.text).toBe('Entre todas las plataformas hay 10 títulos con clasificación G.');
    expect(ask(ctx, 'get_contents', { rating: 'tv-ma' }).data).toEqual({ rating: 'TV-MA', cantidad: 7 });
    expect(ask(ctx, 'get_contents', { rating: '16+' }).data).toEqual({ rating: '16+', cantidad: 1 });
  });

  it('refuses a rating that is not in the catalog', () => {
    const answer = ask(ctx, 'get_contents', { rating: 'XXX' });
    expect(answer.error?.code).toBe('bad_argument');
    expect(answer.text).toMatch(/no es una clasificación del catálogo/);
  });
});
