/**
 * Conversations (issue 11): the memory store (idle time, LRU bound), follow-up turns
 * through parse/ask, and the values a question cannot take said out loud. Expected
 * answers come from data/demo/FIXTURE.md or from a separate SQL query on the fixture.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { ConversationStore } from '../../src/nlu/conversation.js';
import { createParser, publicFrame } from '../../src/nlu/index.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

let ctx: CommandContext;

beforeAll(async () => {
  ctx = createCommandContext(openCatalog(await fixtureCatalogPath()));
});

describe('ConversationStore', () => {
  const memory = (command: string) => ({ frame: { command, args: {} }, entities: {} });

  it('forgets a conversation after the idle time, not before', () => {
    let now = 0;
    const store = new ConversationStore({ ttlMinutes: 30, now: () => now });
    store.set('c1', memory('ayuda'));
    now = 29 * 60_000;
    expect(store.get('c1')?.frame?.command).toBe('ayuda'); // a use: the idle time starts again
    now += 30 * 60_000;
    expect(store.get('c1')?.frame?.command).toBe('ayuda');
    now += 30 * 60_000 + 1;
    expect(store.get('c1')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps at most `max` conversations, dropping the least recently used', () => {
    const store = new ConversationStore({ max: 2 });
    store.set('a', memory('a'));
    store.set('b', memory('b'));
    store.get('a'); // a is now more recent than b
    store.set('c', memory('c'));
    expect(store.size).toBe(2);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')?.frame?.command).toBe('a');
    expect(store.get('c')?.frame?.command).toBe('c');
  });

  it('ignores ids that are not a short text', () => {
    const store = new ConversationStore();
    for (const id of [undefined, '', 42, {}, 'x'.repeat(201)]) {
      store.set(id, memory('a'));
      expect(store.get(id)).toBeUndefined();
    }
    expect(store.size).toBe(0);
  });
});

describe('follow-up turns', () => {
  it('a turn that only gives a new value keeps the last command («¿y en marzo?»)', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿cuántas películas se estrenaron en enero?', 'c');
    const answer = nlu.ask('¿y en marzo?', 'c');
    expect(answer.command).toBe('cantidad_filmaciones_mes');
    expect(answer.args).toEqual({ mes: 3 });
    expect(answer.data).toEqual({ cantidad: 3 }); // FIXTURE.md: month 3 → 3
  });

  it('a new question with no title takes the last title («y su popularidad?»), and says so in `context`', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿Cuánto dura Toy Story?', 'c');
    const frame = nlu.parse('y su popularidad?', 'c');
    expect(publicFrame(frame)).toMatchObject({
      command: 'score_titulo',
      args: { titulo: 'tmdb:862' },
      context: ['titulo'],
    });
    expect(nlu.ask('¿cuánta gente la votó?', 'c').data).toMatchObject({ votos: 5415 }); // FIXTURE.md
  });

  it('replaces one value and keeps the others («¿y las series?», «¿y del 2019?»)', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿cuántas películas tiene Netflix?', 'c');
    const series = nlu.ask('¿y las series?', 'c');
    expect(series.args).toEqual({ plataforma: 'netflix', tipo: 'serie' });
    expect(series.data).toEqual({ plataforma: 'netflix', cantidad: 6 }); // FIXTURE.md: netflix 12 / 6
    const frame = nlu.parse('¿y del 2019?', 'c');
    expect(frame.args).toEqual({ plataforma: 'netflix', tipo: 'serie', anio: 2019 });
    expect(frame.context).toEqual(['comando', 'plataforma', 'tipo']);
    const expected = ctx.catalog.db
      .prepare(
        "SELECT count(*) AS n FROM titles WHERE platform = 'netflix' AND type = 'TV Show' AND release_year = 2019",
      )
      .get() as { n: number };
    expect(nlu.ask('¿y del 2019?', 'c').data).toEqual({ plataforma: 'netflix', cantidad: expected.n });
  });

  it('a new name of the same kind replaces the entity («¿y Al Pacino?» after an actor question)', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿cómo le fue a Tom Hanks como actor?', 'c');
    expect(nlu.parse('¿y Al Pacino?', 'c').args).toEqual({ nombre: 'Al Pacino' });
    expect(nlu.parse('¿y como director?', 'c')).toMatchObject({
      command: 'get_director',
      args: { nombre: 'Al Pacino' },
    });
  });

  it('a new question without the values it needs takes them from the last frame («¿cuál es la más larga?»)', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿cuántas películas tiene Netflix del 2018?', 'c');
    const frame = nlu.parse('¿y cuál es la más larga?', 'c');
    expect(frame).toMatchObject({
      command: 'get_max_duration',
      args: { anio: 2018, plataforma: 'netflix', tipo_duracion: 'min' },
    });
    expect(nlu.ask('¿y cuál es la más larga?', 'c').data).toMatchObject({ id: 'ns2', duracion: 161 }); // FIXTURE.md
  });

  it('an off-topic turn in between does not erase the memory', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿Cuántos votos tiene Forrest Gump?', 'c');
    expect(nlu.parse('cuéntame un chiste', 'c').command).toBeNull();
    expect(nlu.parse('¿y cuánto dura?', 'c').args).toEqual({ titulo: 'tmdb:13' });
  });

  it('without a conversation id, or in another conversation, a follow-up is a question on its own', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿Cuánto dura Toy Story?', 'one');
    expect(nlu.parse('y su popularidad?').command).toBeNull();
    expect(nlu.parse('y su popularidad?', 'other').command).toBeNull();
    expect(nlu.parse('y su popularidad?', 'one').command).toBe('score_titulo');
  });

  it('forgets after the configured idle time', () => {
    let now = 0;
    const nlu = createParser(ctx, { ttlMinutes: 30, now: () => now });
    nlu.parse('¿Cuánto dura Toy Story?', 'c');
    now = 31 * 60_000;
    expect(nlu.parse('y su popularidad?', 'c').command).toBeNull();
  });

  it('a question of its own is not bent into the last one («¿y en marzo?» after a weekday question)', () => {
    const nlu = createParser(ctx);
    nlu.parse('¿Cuántas películas se estrenaron un lunes?', 'c');
    expect(nlu.parse('¿y los viernes?', 'c').args).toEqual({ dia: 5 });
    expect(nlu.parse('¿y en marzo?', 'c')).toMatchObject({ command: 'cantidad_filmaciones_mes', args: { mes: 3 } });
  });
});

describe('never a dropped word', () => {
  const nlu = () => createParser(ctx);

  it('a value the question cannot take is said out loud', () => {
    const answer = nlu().ask('¿cuántas películas se estrenaron en enero de 2010?');
    expect(answer.args).toEqual({ mes: 1 });
    expect(answer.text).toContain('El año 2010 no aplica a esta pregunta');
    const genre = nlu().ask('cuántas películas de comedia tiene Amazon');
    expect(genre.text).toContain('El género (comedia) no aplica a esta pregunta');
  });

  it('the optional arguments answer what was asked: series, a year, the series with most seasons', () => {
    expect(nlu().ask('cuántas series tiene netflix').text).toBe('Netflix tiene 6 series.');
    const longest = nlu().ask('¿cuál es la serie con más temporadas de Netflix en 2019?');
    // FIXTURE.md: Netflix TV shows of 2019 are Stranger Things (3 seasons), BoJack Horseman (6), Elite (2).
    expect(longest.data).toEqual({ titulo: 'BoJack Horseman', id: 'ns14', duracion: 6, tipo_duracion: 'season' });
    expect(longest.text).toBe(
      'La serie con más temporadas de Netflix estrenada en 2019 es BoJack Horseman, con 6 temporadas.',
    );
  });

  it('two-digit years, countries before companies, «tipo X» as a recommendation', () => {
    expect(nlu().parse('mejores pelis de comedia del 95').args).toEqual({ genero: 'Comedy', anio: 1995 });
    expect(nlu().parse('las mejores del 20').args).toEqual({ anio: 2020 });
    expect(nlu().ask('películas de España').data).toEqual({ pais: 'ES', cantidad: 3 }); // FIXTURE.md: ES 3
    expect(nlu().parse('pelis tipo Toy Story')).toMatchObject({
      command: 'recomendacion',
      args: { titulo: 'tmdb:862' },
    });
  });

  it('a request outside the catalog that merely has a cue word is not a command', () => {
    expect(nlu().parse('recomiéndame un libro').command).toBeNull();
    expect(nlu().parse('¿cuál es el mejor restaurante de Madrid?').command).toBeNull();
  });

  it('a Spanish title is acknowledged with the catalog title', () => {
    const answer = nlu().ask('¿cuánto dura Náufrago?');
    expect(answer.args).toEqual({ titulo: 'tmdb:8358' });
    expect(answer.text).toContain('Entendí «Cast Away (2000)»');
  });
});
