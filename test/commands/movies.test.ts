/**
 * The seeds' movie questions on the fixture catalog (data/demo). Every expected
 * value is worked out by hand from data/demo/tmdb/*.csv: 53 rows in
 * movies_metadata.csv, of which 47 are kept (rejected: the repeated Jumanji
 * 8844, 900001 with 1999-02-30, 900002 without a date, 900003 with id "None",
 * and the shifted row whose id is "1997-08-20").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { ask, fixtureContext } from './context.js';

let ctx: CommandContext;
beforeAll(async () => {
  ctx = await fixtureContext();
});

describe('cantidad_filmaciones_mes', () => {
  it('counts kept movies released in the month', () => {
    // December: Jumanji, Heat, Godfather II, Scarface, Cast Away, Gran Torino, Million Dollar Baby,
    // The Good the Bad and the Ugly, Psycho (1998) = 9.
    const answer = ask(ctx, 'cantidad_filmaciones_mes', { mes: 'diciembre' });
    expect(answer.data).toEqual({ cantidad: 9 });
    expect(answer.text).toBe('9 películas fueron estrenadas en el mes de diciembre.');
    expect(answer.args).toEqual({ mes: 12 });
  });

  it('answers 0 for a month without releases', () => {
    const answer = ask(ctx, 'cantidad_filmaciones_mes', { mes: 'Enero' });
    expect(answer.data).toEqual({ cantidad: 0 });
    expect(answer.text).toBe('0 películas fueron estrenadas en el mes de enero.');
  });

  it('reads numbers and both spellings of September', () => {
    // September: Se7en (1995-09-22), Goldfinger (1964-09-17), Pulp Fiction (1994-09-10).
    for (const mes of ['9', 'septiembre', 'setiembre', 9]) {
      expect(ask(ctx, 'cantidad_filmaciones_mes', { mes }).data).toEqual({ cantidad: 3 });
    }
  });
});

describe('cantidad_filmaciones_dia', () => {
  it('counts by ISO weekday, singular when one', () => {
    // Only Toy Story (1995-10-30) was released on a Monday.
    const answer = ask(ctx, 'cantidad_filmaciones_dia', { dia: 'lunes' });
    expect(answer.data).toEqual({ cantidad: 1 });
    expect(answer.text).toBe('1 película fue estrenada en día lunes.');
  });

  it('accepts accents or not, and the ISO number', () => {
    // Wednesdays (ISO 3): 8 of the 47 kept films.
    for (const dia of ['miércoles', 'miercoles', 'MIERCOLES', '3']) {
      expect(ask(ctx, 'cantidad_filmaciones_dia', { dia }).data).toEqual({ cantidad: 8 });
    }
    // Fridays: 19 of 47.
    expect(ask(ctx, 'cantidad_filmaciones_dia', { dia: 'viernes' }).data).toEqual({ cantidad: 19 });
  });
});

describe('score_titulo', () => {
  it('gives title, year and popularity', () => {
    const answer = ask(ctx, 'score_titulo', { titulo: 'toy story' });
    expect(answer.data).toEqual({ titulo: 'Toy Story', anio: 1995, popularidad: 21.946943 });
    expect(answer.text).toBe('La película Toy Story fue estrenada en el año 1995 con una popularidad de 21,95.');
    expect(answer.args).toEqual({ titulo: 'tmdb:862' });
  });

  it('prefers the most voted of equal titles and names the other', () => {
    // Titanic 1997 has 7770 votes, Titanic 1953 has 31.
    const answer = ask(ctx, 'score_titulo', { titulo: 'Titanic' });
    expect(answer.data).toMatchObject({ titulo: 'Titanic', anio: 1997 });
    expect(answer.text).toContain('También: Titanic (1953).');
  });

  it('prefers the year the user gave', () => {
    const answer = ask(ctx, 'score_titulo', { titulo: 'Titanic (1953)' });
    expect(answer.data).toEqual({ titulo: 'Titanic', anio: 1953, popularidad: 4.087 });
    expect(answer.text).not.toContain('También'); // the year chose between the two
  });

  it('accepts canonical ids and refuses streaming ids', () => {
    expect(ask(ctx, 'score_titulo', { titulo: 'tmdb:539' }).data).toMatchObject({ titulo: 'Psycho', anio: 1960 });
    expect(ask(ctx, 'score_titulo', { titulo: 'tmdb:999999' }).error?.code).toBe('not_found');
    expect(ask(ctx, 'score_titulo', { titulo: 'ns1' }).error?.code).toBe('bad_argument');
  });

  it('says it did not find an unknown title, with suggestions', () => {
    const answer = ask(ctx, 'score_titulo', { titulo: 'Toy Story Land' });
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('not_found');
    expect(answer.text).toMatch(/^No encontré la película «Toy Story Land»\. ¿Quisiste decir .*Toy Story/);
    expect(answer.error?.suggestions).toContain('Toy Story 2 (1999)');
  });

  it('corrects a clear typo and says what it understood', () => {
    const answer = ask(ctx, 'score_titulo', { titulo: 'Toy Stroy' });
    expect(answer.ok).toBe(true);
    expect(answer.args).toEqual({ titulo: 'tmdb:862' });
    expect(answer.text).toMatch(/^Entendí «Toy Story \(1995\)»\. La película Toy Story fue estrenada en el año 1995/);
  });
});

describe('votos_titulo', () => {
  it('gives votes and average at 2000 votes or more', () => {
    const answer = ask(ctx, 'votos_titulo', { titulo: 'Toy Story' });
    expect(answer.data).toEqual({ titulo: 'Toy Story', anio: 1995, votos: 5415, promedio: 7.7, cumple: true });
    expect(answer.text).toBe(
      'La película Toy Story fue estrenada en el año 1995. La misma cuenta con un total de 5415 valoraciones, con un promedio de 7,7.',
    );
  });

  it('below 2000 votes says so, with no values in the text', () => {
    // Heat: 1886 votes, average 7.7.
    const answer = ask(ctx, 'votos_titulo', { titulo: 'Heat' });
    expect(answer.data).toMatchObject({ votos: 1886, cumple: false });
    expect(answer.text).toBe('La película Heat no llega a las 2000 valoraciones, así que no muestro sus votos.');
    expect(answer.text).not.toMatch(/1886|7,7|1995/);
  });
});

describe('get_actor', () => {
  it('corrects a misspelt name and says so', () => {
    const answer = ask(ctx, 'get_actor', { nombre: 'Tom Hnaks' });
    expect(answer.args).toEqual({ nombre: 'Tom Hanks' });
    expect(answer.text).toMatch(/^Entendí «Tom Hanks»\. Tom Hanks ha participado de 7 filmaciones/);
  });

  it('sums the return of the films in the cast', () => {
    // Tom Hanks: Toy Story, Toy Story 2, Toy Story 3, Forrest Gump, Cast Away, Saving Private Ryan, Apollo 13.
    const returns = [
      373554033 / 30000000,
      497366869 / 90000000,
      1066969703 / 200000000,
      677945399 / 55000000,
      429632142 / 90000000,
      481840909 / 70000000,
      355237933 / 52000000,
    ];
    const total = returns.reduce((a, b) => a + b, 0);
    const answer = ask(ctx, 'get_actor', { nombre: 'tom hanks' });
    const data = answer.data as { actor: string; peliculas: number; retorno_total: number; retorno_promedio: number };
    expect(data.actor).toBe('Tom Hanks');
    expect(data.peliculas).toBe(7);
    expect(data.retorno_total).toBeCloseTo(total, 9);
    expect(data.retorno_promedio).toBeCloseTo(total / 7, 9);
    expect(answer.text).toBe(
      'Tom Hanks ha participado de 7 filmaciones y ha conseguido un retorno de 54,13, con un promedio de 7,73 por filmación.',
    );
  });

  it('leaves out the films the actor also directed', () => {
    // Clint Eastwood acts in 4 films and directs 3 of them; only The Good, the Bad and the Ugly counts.
    const answer = ask(ctx, 'get_actor', { nombre: 'Clint Eastwood' });
    expect(answer.data).toMatchObject({ peliculas: 1 });
    expect((answer.data as { retorno_total: number }).retorno_total).toBeCloseTo(25100000 / 1200000, 9);
    expect(answer.text).toContain('1 filmación');
  });

  it('does not find a person who never acted', () => {
    const answer = ask(ctx, 'get_actor', { nombre: 'Persona Inexistente Xyz' });
    expect(answer.error?.code).toBe('not_found');
    expect(answer.text).toMatch(/^No encontré a «Persona Inexistente Xyz»/);
  });
});

describe('get_director', () => {
  it('lists every film with its figures, by release date', () => {
    const answer = ask(ctx, 'get_director', { nombre: 'Clint Eastwood' });
    expect(answer.data).toEqual({
      director: 'Clint Eastwood',
      retorno_total: expect.closeTo(159157447 / 14000000 + 216763646 / 30000000 + 269958228 / 33000000, 9),
      peliculas: [
        {
          titulo: 'Unforgiven',
          fecha: '1992-08-07',
          retorno: expect.closeTo(159157447 / 14000000, 9),
          presupuesto: 14000000,
          ingresos: 159157447,
          ganancia: 145157447,
        },
        {
          titulo: 'Million Dollar Baby',
          fecha: '2004-12-05',
          retorno: expect.closeTo(216763646 / 30000000, 9),
          presupuesto: 30000000,
          ingresos: 216763646,
          ganancia: 186763646,
        },
        {
          titulo: 'Gran Torino',
          fecha: '2008-12-09',
          retorno: expect.closeTo(269958228 / 33000000, 9),
          presupuesto: 33000000,
          ingresos: 269958228,
          ganancia: 236958228,
        },
      ],
    });
    expect(answer.text.split('\n')[0]).toBe('Clint Eastwood dirigió 3 películas, con un retorno total de 26,77.');
    expect(answer.text).toContain(
      '• Unforgiven (7 de agosto de 1992): retorno 11,37, presupuesto US$ 14.000.000, ingresos US$ 159.157.447, ganancia US$ 145.157.447',
    );
  });

  it('names a single film in the singular', () => {
    const answer = ask(ctx, 'get_director', { nombre: 'Sam Mendes' });
    expect(answer.text.split('\n')[0]).toMatch(/^Sam Mendes dirigió 1 película,/);
  });
});

describe('franquicia', () => {
  it('counts films and revenue of a collection', () => {
    const total = 373554033 + 497366869 + 1066969703; // Toy Story 1, 2, 3
    const answer = ask(ctx, 'franquicia', { franquicia: 'Toy Story Collection' });
    expect(answer.data).toEqual({
      franquicia: 'Toy Story Collection',
      peliculas: 3,
      ingresos_total: total,
      ingresos_promedio: total / 3,
    });
    expect(answer.text).toBe(
      'La franquicia Toy Story Collection posee 3 películas, con unos ingresos totales de US$ 1.937.890.605 y un promedio de US$ 645.963.535 por película.',
    );
  });

  it('finds the collection without the word Collection', () => {
    expect(ask(ctx, 'franquicia', { franquicia: 'james bond' }).data).toMatchObject({
      franquicia: 'James Bond Collection',
      peliculas: 5,
    });
  });
});

describe('peliculas_pais', () => {
  it('counts films produced in a country, by Spanish name, English name or code', () => {
    // France: Amélie, La Haine.
    for (const pais of ['Francia', 'france', 'FR', 'fr']) {
      const answer = ask(ctx, 'peliculas_pais', { pais });
      expect(answer.data).toEqual({ pais: 'FR', cantidad: 2 });
      expect(answer.text).toBe('Se produjeron 2 películas en Francia.');
    }
  });

  it('maps United States names to US', () => {
    // Every kept film lists US except Dr. No, Goldfinger (GB), The Good the Bad and the Ugly (DE, IT, ES),
    // Amélie, La Haine (FR), Spirited Away (JP), Y tu mamá también (MX), Pan's Labyrinth (ES, MX), Volver (ES): 47 - 9 = 38.
    expect(ask(ctx, 'peliculas_pais', { pais: 'Estados Unidos' }).data).toEqual({ pais: 'US', cantidad: 38 });
    expect(ask(ctx, 'peliculas_pais', { pais: 'EE. UU.' }).data).toEqual({ pais: 'US', cantidad: 38 });
  });

  it('refuses an unknown country', () => {
    const answer = ask(ctx, 'peliculas_pais', { pais: 'Narnia' });
    expect(answer.error).toEqual({ code: 'bad_argument', argument: 'pais' });
    expect(answer.text).toContain('No conozco el país «Narnia»');
  });
});

describe('productoras_exitosas', () => {
  it('counts films and revenue of a company', () => {
    // Pixar: Toy Story 1-3, Finding Nemo, Monsters Inc., Up.
    const total = 373554033 + 497366869 + 1066969703 + 940335536 + 562816256 + 735099082;
    const answer = ask(ctx, 'productoras_exitosas', { productora: 'pixar animation studios' });
    expect(answer.data).toEqual({ productora: 'Pixar Animation Studios', peliculas: 6, ingresos_total: total });
    expect(answer.text).toBe(
      'La productora Pixar Animation Studios ha realizado 6 películas, con unos ingresos totales de US$ 4.176.141.479.',
    );
  });
});

describe('peliculas_idioma', () => {
  it('counts by original language', () => {
    // es: Y tu mamá también, Pan's Labyrinth, Volver (the other three es rows are rejected).
    const answer = ask(ctx, 'peliculas_idioma', { idioma: 'español' });
    expect(answer.data).toEqual({ idioma: 'es', cantidad: 3 });
    expect(answer.text).toBe('3 películas tienen el español como idioma original.');
    expect(ask(ctx, 'peliculas_idioma', { idioma: 'ja' }).text).toBe(
      '1 película tiene el japonés como idioma original.',
    );
    expect(ask(ctx, 'peliculas_idioma', { idioma: 'French' }).data).toEqual({ idioma: 'fr', cantidad: 2 });
  });
});

describe('peliculas_duracion', () => {
  it('gives runtime and year', () => {
    const answer = ask(ctx, 'peliculas_duracion', { titulo: 'Heat' });
    expect(answer.data).toEqual({ titulo: 'Heat', duracion: 170, anio: 1995 });
    expect(answer.text).toBe('La película Heat dura 170 minutos y se estrenó en 1995.');
  });
});

describe('recomendacion', () => {
  it('gives 5 titles of the same catalog, never the title itself', () => {
    const answer = ask(ctx, 'recomendacion', { titulo: 'Toy Story' });
    const data = answer.data as { titulo: string; recomendaciones: { id: string; similitud: number }[] };
    expect(data.titulo).toBe('Toy Story');
    expect(data.recomendaciones).toHaveLength(5);
    expect(data.recomendaciones.every((r) => r.id.startsWith('tmdb:') && r.id !== 'tmdb:862')).toBe(true);
    // The order is the recommender's (src/recommend); here only the shape and range of `similitud`.
    expect(data.recomendaciones.every((r) => r.similitud >= 0 && r.similitud <= 1)).toBe(true);
    expect(answer.text).toMatch(/^Si te gustó Toy Story \(1995\), te recomiendo: /);
  });

  it('serves streaming titles within the streaming catalog', () => {
    const answer = ask(ctx, 'recomendacion', { titulo: 'ns1' });
    const data = answer.data as { recomendaciones: { id: string }[] };
    expect(data.recomendaciones.length).toBeGreaterThan(0);
    expect(data.recomendaciones.every((r) => /^[adhn]s\d+$/.test(r.id) && r.id !== 'ns1')).toBe(true);
  });
});
