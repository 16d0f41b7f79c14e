/**
 * The Telegram bot in process: a real grammY Bot (botInfo given, so no getMe)
 * whose outgoing calls are recorded by an API transformer, fed updates with
 * bot.handleUpdate. The fixture catalog and the real NLU answer; expected
 * values come from SQL on the fixture catalog (or by hand), not from the code
 * under test.
 */
import type { Bot } from 'grammy';
import { InputFile } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import type { Db } from '../../src/catalog/catalog.js';
import { createTelegramBot } from '../../src/channels/telegram/bot.js';
import type { ChannelDeps } from '../../src/channels/types.js';
import { loadConfig } from '../../src/config.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import {
  botMessage,
  callbackUpdate,
  FAKE_BOT,
  inlineUpdate,
  OTHER_USER,
  type RecordedCall,
  recordCalls,
  TOKEN,
  textUpdate,
  USER,
  withId,
} from './telegram-fakes.js';

let ctx: CommandContext;
let parser: Parser;
let db: Db;

beforeAll(async () => {
  ctx = await fixtureContext();
  parser = createParser(ctx);
  db = ctx.catalog.db;
});

interface Harness {
  bot: Bot;
  calls: RecordedCall[];
  logs: string[];
  /** Feeds one update; returns the calls it made. */
  send(update: Omit<Update, 'update_id'> | Update): Promise<RecordedCall[]>;
}

function harness(
  options: { parser?: Parser; env?: Record<string, string>; now?: () => number; deps?: Partial<ChannelDeps> } = {},
): Harness {
  const config = loadConfig({ TELEGRAM_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '1000', ...options.env });
  const logs: string[] = [];
  const deps: ChannelDeps = { ctx, parser: options.parser ?? parser, log: (l) => logs.push(l), ...options.deps };
  const bot = createTelegramBot(config, deps, { botInfo: FAKE_BOT, ...(options.now ? { now: options.now } : {}) });
  const calls = recordCalls(bot);
  return {
    bot,
    calls,
    logs,
    async send(update) {
      const from = calls.length;
      await bot.handleUpdate('update_id' in update ? update : withId(update));
      return calls.slice(from);
    },
  };
}

/** What the user reads: the text of each message (captions included), in order. */
function texts(calls: RecordedCall[]): string[] {
  return calls.flatMap((c) =>
    c.method === 'sendMessage' ? [String(c.payload.text)] : c.method === 'sendPhoto' ? [String(c.payload.caption)] : [],
  );
}

function only(calls: RecordedCall[]): string {
  const sent = texts(calls);
  expect(sent).toHaveLength(1);
  return sent[0] as string;
}

function keyboardOf(call: RecordedCall | undefined): InlineKeyboardButton.CallbackButton[] {
  const markup = call?.payload.reply_markup as { inline_keyboard: InlineKeyboardButton.CallbackButton[][] } | undefined;
  return markup?.inline_keyboard.flat() ?? [];
}

/**
 * Telegram's HTML parse mode accepts only its own tags, and `&`, `<`, `>` elsewhere must be
 * entities: strip the tags the bot uses and no raw `<`, `>` or bare `&` may remain.
 */
function expectValidHtml(html: string): void {
  const withoutTags = html.replace(/<\/?(b|code)>/g, '');
  expect(withoutTags).not.toMatch(/[<>]/);
  expect(withoutTags.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
}

/** Visible text of an HTML message (what Telegram counts against its limits). */
function visible(html: string): string {
  return html
    .replace(/<\/?(b|code)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const count = (sql: string, ...params: unknown[]) =>
  (db
    .prepare(sql)
    .pluck()
    .get(...params) as number) ?? 0;
/** Spanish decimals with 2 places, written out independently of src/format.ts. */
const es2 = (n: number) => n.toFixed(2).replace('.', ',');

describe('/start and /ayuda', () => {
  it('welcomes with example questions as buttons that answer when pressed', async () => {
    const h = harness();
    const calls = await h.send(textUpdate('/start'));
    const welcome = only(calls);
    expect(welcome).toContain('Filmoteca');
    expect(welcome).toContain('/ayuda');
    expectValidHtml(welcome);
    const buttons = keyboardOf(calls[0]);
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    expect(buttons.length).toBeLessThanOrEqual(4);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    const duration = buttons.find((b) => b.text === '¿Cuánto dura Toy Story?');
    expect(duration).toBeDefined();
    const pressed = await h.send(callbackUpdate(duration?.callback_data ?? ''));
    expect(pressed[0]?.method).toBe('answerCallbackQuery');
    const runtime = one<{ runtime: number }>("SELECT runtime FROM movies WHERE title = 'Toy Story'").runtime;
    expect(only(pressed)).toContain(`dura ${runtime} minutos`);
  });

  it('/ayuda lists every command of the registry as a /command', async () => {
    const text = only(await harness().send(textUpdate('/ayuda')));
    for (const def of commands) expect(text).toContain(`/${def.chatName}`);
  });
});

describe('commands with their arguments as text', () => {
  // Each: the message, then what the answer must say, worked out with SQL on the fixture.
  const cases: Array<[string, () => string[]]> = [
    [
      '/estrenos_mes marzo',
      () => [`${count('SELECT count(*) FROM movies WHERE release_month = 3')} películas`, 'marzo'],
    ],
    [
      '/estrenos_dia lunes',
      () => [`${count("SELECT count(*) FROM movies WHERE strftime('%w', release_date) = '1'")} película`, 'lunes'],
    ],
    [
      '/score toy story',
      () => [es2(one<{ p: number }>("SELECT popularity AS p FROM movies WHERE title = 'Toy Story'").p), '1995'],
    ],
    ['/votos toy story', () => [String(count("SELECT vote_count FROM movies WHERE title = 'Toy Story'"))]],
    [
      '/actor tom hanks',
      () => [
        `${count(
          `SELECT count(*) FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE p.name = 'Tom Hanks'
           AND NOT EXISTS (SELECT 1 FROM movie_directors d WHERE d.movie_id = c.movie_id AND d.person_id = c.person_id)`,
        )} filmaciones`,
      ],
    ],
    [
      '/director john lasseter',
      () => [
        `${count(
          "SELECT count(*) FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE p.name = 'John Lasseter'",
        )} películas`,
      ],
    ],
    [
      '/franquicia toy story',
      () => [
        `${count(
          "SELECT count(*) FROM movies m JOIN collections c ON c.id = m.collection_id WHERE c.name = 'Toy Story Collection'",
        )} películas`,
      ],
    ],
    ['/pais francia', () => [`${count("SELECT count(*) FROM movie_countries WHERE country = 'FR'")} películas`]],
    [
      '/productora pixar',
      () => [
        `${count(
          "SELECT count(*) FROM movie_companies mc JOIN companies c ON c.id = mc.company_id WHERE c.name = 'Pixar Animation Studios'",
        )} películas`,
      ],
    ],
    ['/idioma francés', () => [`${count("SELECT count(*) FROM movies WHERE original_language = 'fr'")} películas`]],
    ['/duracion toy story', () => [`${count("SELECT runtime FROM movies WHERE title = 'Toy Story'")} minutos`]],
    [
      '/recomendar toy story',
      () => [
        (db
          .prepare(
            `SELECT m.title FROM recommendations r JOIN movies m ON 'tmdb:' || m.id = r.rec_id
             WHERE r.title_id = 'tmdb:862' ORDER BY r.rank LIMIT 1`,
          )
          .pluck()
          .get() as string) ?? 'sin recomendaciones',
      ],
    ],
    [
      '/duracion_max netflix 2018',
      () => {
        const row = one<{ title: string; d: number }>(
          `SELECT title, duration_int AS d FROM titles WHERE platform = 'netflix' AND type = 'Movie'
           AND release_year = 2018 AND duration_type = 'min' ORDER BY duration_int DESC, src_order LIMIT 1`,
        );
        return [row.title, `${row.d} minutos`];
      },
    ],
    [
      '/puntaje_plataforma netflix 2018 3,5',
      () => [
        `${count(
          `SELECT count(*) FROM titles t JOIN title_scores s ON s.title_id = t.id WHERE t.platform = 'netflix'
           AND t.type = 'Movie' AND t.release_year = 2018 AND s.mean > 3.5`,
        )} películas`,
      ],
    ],
    [
      '/cantidad_plataforma netflix',
      () => [`${count("SELECT count(*) FROM titles WHERE platform = 'netflix' AND type = 'Movie'")} películas`],
    ],
    [
      '/actor_plataforma netflix 2018',
      () => {
        const rows = db
          .prepare(
            `SELECT c.name, count(*) AS n FROM title_cast c JOIN titles t ON t.id = c.title_id
             WHERE t.platform = 'netflix' AND t.release_year = 2018 GROUP BY c.name`,
          )
          .all() as { name: string; n: number }[];
        const most = Math.max(...rows.map((r) => r.n));
        const first = rows.filter((r) => r.n === most).sort((a, b) => a.name.localeCompare(b.name))[0];
        return [first?.name ?? '?'];
      },
    ],
    [
      '/produccion_pais peliculas estados unidos 2019',
      () => [
        `${count(
          `SELECT count(DISTINCT t.id) FROM titles t JOIN title_countries c ON c.title_id = t.id
           WHERE c.country = 'US' AND t.type = 'Movie' AND t.release_year = 2019`,
        )} películas`,
      ],
    ],
    ['/contenidos_rating TV-MA', () => [`${count("SELECT count(*) FROM titles WHERE rating = 'TV-MA'")} títulos`]],
    ['/donde_ver toy story', () => ['Disney+']], // data/demo: Toy Story is on the Disney+ list only
  ];

  it.each(cases)('%s', async (message, expected) => {
    const text = only(await harness().send(textUpdate(message)));
    expectValidHtml(text);
    for (const part of expected()) expect(visible(text)).toContain(part);
  });

  it('the same command also as /cmd@thisbot, and in capitals', async () => {
    const h = harness();
    const runtime = `${count("SELECT runtime FROM movies WHERE title = 'Toy Story'")} minutos`;
    expect(only(await h.send(textUpdate('/duracion@FilmotecaPruebaBot toy story')))).toContain(runtime);
    expect(only(await h.send(textUpdate('/Duracion toy story')))).toContain(runtime);
  });

  it('titles are bold, and a typo is owned up to', async () => {
    const text = only(await harness().send(textUpdate('/duracion toy sotry')));
    expect(text).toContain('<b>Toy Story</b>');
    expect(text).toContain('Entendí');
  });

  it('/top with a number and a genre lists that many movies of that genre', async () => {
    const text = only(await harness().send(textUpdate('/top 3 comedia')));
    const lines = visible(text)
      .split('\n')
      .filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const title = /^\d+\. (.+) \((\d{4})\)/.exec(line);
      const genres = db
        .prepare(
          `SELECT g.name FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id JOIN genres g ON g.id = mg.genre_id
           WHERE m.title = ? AND m.release_year = ?`,
        )
        .pluck()
        .all(title?.[1], Number(title?.[2]));
      expect(genres).toContain('Comedy');
    }
  });

  it('/pelicula sends the card as a photo of the poster with the card as caption', async () => {
    const calls = await harness().send(textUpdate('/pelicula amelie'));
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto']);
    const poster = one<{ p: string }>("SELECT poster_path AS p FROM movies WHERE title = 'Amélie'").p;
    expect(calls[0]?.payload.photo).toBe(`https://image.tmdb.org/t/p/w500${poster}`);
    const caption = String(calls[0]?.payload.caption);
    expect(caption).toContain('<b>Amélie</b> (2001)');
    expect(visible(caption).length).toBeLessThanOrEqual(1024);
    expect(caption).not.toContain('Si querías otra cosa'); // an explicit command has no other reading
  });

  it('a missing argument gets one line with the command example', async () => {
    const h = harness();
    const missing = only(await h.send(textUpdate('/duracion')));
    expect(missing).toContain('Falta el título de la película.');
    expect(missing).toContain('¿Cuánto dura Toy Story?');
    expect(missing).not.toContain('\n');
    const partial = only(await h.send(textUpdate('/duracion_max netflix')));
    expect(partial).toContain('Falta el año de estreno.');
    // The year given is used; only what is really missing is asked for.
    const yearOnly = only(await h.send(textUpdate('/duracion_max 2018')));
    expect(yearOnly).toContain('Falta la plataforma');
    expect(yearOnly).not.toContain('Falta el año de estreno.');
  });

  it('a value the catalog lacks is said plainly', async () => {
    expect(only(await harness().send(textUpdate('/idioma klingon')))).toContain('klingon');
  });

  it('an unknown command suggests real ones as /commands', async () => {
    const text = only(await harness().send(textUpdate('/duracio toy story')));
    expect(text).toContain('/duracio');
    expect(text).toMatch(/¿Quisiste decir .*\/duracion\b/);
  });
});

describe('free text', () => {
  it('in a private chat every message goes through the NLU', async () => {
    const h = harness();
    const runtime = count("SELECT runtime FROM movies WHERE title = 'Toy Story'");
    const calls = await h.send(textUpdate('¿cuánto dura toy story?'));
    expect(only(calls)).toContain(`${runtime} minutos`);
    expect(calls[0]?.payload.chat_id).toBe(USER.id);
    expect(calls[0]?.payload.reply_parameters).toBeUndefined();
  });

  it('follow-ups are per chat and user (the conversation id reaches the NLU)', async () => {
    const seen: Array<string | undefined> = [];
    const spy: Parser = {
      parse: parser.parse,
      askCommand: parser.askCommand,
      ask: (text, conversation) => {
        seen.push(conversation);
        return parser.ask(text, conversation);
      },
    };
    const h = harness({ parser: spy });
    await h.send(textUpdate('hola'));
    await h.send(textUpdate('@FilmotecaPruebaBot hola', { chat: 'group', from: OTHER_USER }));
    expect(seen).toEqual([`telegram:${USER.id}:${USER.id}`, `telegram:-1002003:${OTHER_USER.id}`]);
  });

  it('a sticker in a private chat gets «solo leo texto»; in a group, nothing', async () => {
    const h = harness();
    expect(only(await h.send(textUpdate(undefined)))).toContain('Solo leo texto');
    expect(await h.send(textUpdate(undefined, { chat: 'group' }))).toEqual([]);
  });
});

describe('groups', () => {
  it('a message without a mention is ignored', async () => {
    expect(await harness().send(textUpdate('¿cuánto dura toy story?', { chat: 'group' }))).toEqual([]);
  });

  it('a message that mentions the bot is answered, as a reply, without the mention', async () => {
    const runtime = count("SELECT runtime FROM movies WHERE title = 'Toy Story'");
    const update = withId(textUpdate('@FilmotecaPruebaBot ¿cuánto dura toy story?', { chat: 'group' }));
    const calls = await harness().send(update);
    expect(only(calls)).toContain(`${runtime} minutos`);
    expect(calls[0]?.payload.chat_id).toBe(-1002003);
    expect(calls[0]?.payload.reply_parameters).toEqual({
      message_id: update.message?.message_id,
      allow_sending_without_reply: true,
    });
  });

  it('a reply to one of the bot’s messages is answered', async () => {
    const votes = count("SELECT vote_count FROM movies WHERE title = 'Toy Story'");
    const update = textUpdate('¿y cuántos votos tiene toy story?', {
      chat: 'group',
      replyTo: botMessage('La película Toy Story dura 81 minutos.'),
    });
    expect(only(await harness().send(update))).toContain(String(votes));
  });

  it('a reply to someone else is not', async () => {
    const update = textUpdate('¿cuánto dura toy story?', {
      chat: 'group',
      replyTo: textUpdate('hola', { chat: 'group', from: OTHER_USER }).message,
    });
    expect(await harness().send(update)).toEqual([]);
  });

  it('commands: ours are answered; another bot’s, and unknown bare ones, are not', async () => {
    const h = harness();
    expect(texts(await h.send(textUpdate('/duracion toy story', { chat: 'group' })))).toHaveLength(1);
    expect(texts(await h.send(textUpdate('/duracion@FilmotecaPruebaBot toy story', { chat: 'group' })))).toHaveLength(
      1,
    );
    expect(await h.send(textUpdate('/duracion@OtroBot toy story', { chat: 'group' }))).toEqual([]);
    expect(await h.send(textUpdate('/foto', { chat: 'group' }))).toEqual([]);
    expect(only(await h.send(textUpdate('/foto@FilmotecaPruebaBot', { chat: 'group' })))).toContain('No conozco');
  });

  it('other bots are not answered; an anonymous admin (writing for the group) is', async () => {
    const h = harness();
    const otherBot = { id: 999, is_bot: true, first_name: 'OtroBot' } as typeof USER;
    expect(
      await h.send(textUpdate('@FilmotecaPruebaBot ¿cuánto dura heat?', { chat: 'group', from: otherBot })),
    ).toEqual([]);
    const anonymous = textUpdate('@FilmotecaPruebaBot ¿cuánto dura heat?', { chat: 'group', from: otherBot });
    Object.assign(anonymous.message ?? {}, { sender_chat: { id: -1002003, type: 'supergroup', title: 'Cinéfilos' } });
    const runtime = count("SELECT runtime FROM movies WHERE title = 'Heat'");
    expect(only(await h.send(anonymous))).toContain(`${runtime} minutos`);
  });

  it('/start in a group explains when the bot answers there', async () => {
    expect(only(await harness().send(textUpdate('/start', { chat: 'group' })))).toContain('@FilmotecaPruebaBot');
  });
});

describe('«¿Quisiste decir…?» buttons', () => {
  it('carry command and canonical id (≤ 64 bytes), and pressing one answers that question', async () => {
    const h = harness();
    const calls = await h.send(textUpdate('/votos toy stroy land'));
    expect(only(calls)).toContain('¿Quisiste decir');
    const buttons = keyboardOf(calls[0]);
    expect(buttons.length).toBeGreaterThan(0);
    const ids = (db.prepare("SELECT id FROM movies WHERE title LIKE 'Toy Story%'").pluck().all() as number[]).map(
      (id) => `tmdb:${id}`,
    );
    for (const b of buttons) {
      expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
      const [command, value] = b.callback_data.split('|');
      expect(command).toBe('votos');
      expect(ids).toContain(value); // an id, never the title
    }
    const toyStory = buttons.find((b) => b.callback_data === 'votos|tmdb:862');
    const pressed = await h.send(callbackUpdate(toyStory?.callback_data ?? ''));
    expect(pressed.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage']);
    expect(only(pressed)).toContain(String(count('SELECT vote_count FROM movies WHERE id = 862')));
  });

  it('in a group the answer to a press replies to the message with the buttons', async () => {
    const calls = await harness().send(callbackUpdate('duracion|tmdb:862', { chat: 'group' }));
    expect(calls[1]?.payload.reply_parameters).toBeDefined();
    expect(only(calls)).toContain(`${count('SELECT runtime FROM movies WHERE id = 862')} minutos`);
  });

  it('a button this bot never made is acknowledged and answers nothing', async () => {
    const calls = await harness().send(callbackUpdate('no_existe|x'));
    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
    expect(String(calls[0]?.payload.text)).toContain('ya no sirve');
  });
});

describe('inline mode', () => {
  it('lists the titles that start with the query, movies and streaming, each sending its card', async () => {
    const calls = await harness().send(inlineUpdate('toy sto'));
    expect(calls.map((c) => c.method)).toEqual(['answerInlineQuery']);
    const { results, cache_time } = (calls[0]?.payload ?? {}) as {
      results: Array<{
        id: string;
        type: string;
        title: string;
        description: string;
        input_message_content: { message_text: string };
      }>;
      cache_time: number;
    };
    const expected = [
      ...(db.prepare("SELECT id FROM movies WHERE title LIKE 'toy sto%'").pluck().all() as number[]).map(
        (id) => `tmdb:${id}`,
      ),
      ...(db.prepare("SELECT id FROM titles WHERE title LIKE 'toy sto%'").pluck().all() as string[]),
    ];
    expect(expected.length).toBeGreaterThan(3); // movies and streaming titles
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(expected));
    for (const r of results) {
      expect(r.type).toBe('article');
      expect(r.title).toMatch(/^Toy Story/);
      expect(r.input_message_content.message_text).toMatch(/^(Película|Serie): <b>Toy Story/);
      // A platform's entry says which platform (data/demo: the Toy Story films on Disney+'s list).
      if (!r.id.startsWith('tmdb:')) expect(r.description).toMatch(/^Disney\+ · Película · \d{4}$/);
      expectValidHtml(r.input_message_content.message_text);
    }
    expect(cache_time).toBeGreaterThanOrEqual(60);
  });

  it('an empty query lists the top movies by weighted rating', async () => {
    const calls = await harness().send(inlineUpdate(''));
    const { results } = (calls[0]?.payload ?? {}) as { results: Array<{ id: string }> };
    // Reference (QUESTIONS.md): WR = v/(v+m)·R + m/(v+m)·C over movies with a vote average, C their mean
    // vote average, m the 90th percentile of every movie's vote count (linear interpolation); best first,
    // more votes first on a tie.
    const rows = db.prepare('SELECT id, vote_count AS v, vote_average AS r FROM movies').all() as {
      id: number;
      v: number;
      r: number | null;
    }[];
    const rated = rows.filter((row) => row.r !== null) as { id: number; v: number; r: number }[];
    const c = rated.reduce((sum, row) => sum + row.r, 0) / rated.length;
    const votes = rows.map((row) => row.v).sort((a, b) => a - b);
    const h = (votes.length - 1) * 0.9;
    const low = votes[Math.floor(h)] ?? 0;
    const m = low + (h % 1) * ((votes[Math.floor(h) + 1] ?? low) - low);
    const top = rated
      .map((row) => ({ id: `tmdb:${row.id}`, v: row.v, wr: (row.v / (row.v + m)) * row.r + (m / (row.v + m)) * c }))
      .sort((a, b) => b.wr - a.wr || b.v - a.v)
      .map((row) => row.id);
    expect(results.map((r) => r.id)).toEqual(top.slice(0, results.length));
    expect(results.length).toBe(Math.min(10, top.length));
  });

  it('no match: no results, and a button to ask in private', async () => {
    const calls = await harness().send(inlineUpdate('zzzzqqqqxxxx'));
    const payload = calls[0]?.payload as { results: unknown[]; button?: { start_parameter: string } };
    expect(payload.results).toEqual([]);
    expect(payload.button?.start_parameter).toMatch(/^[\w-]{1,64}$/);
  });
});

describe('formatting and limits', () => {
  /** A parser whose answers are given by the test (the channel must render any answer). */
  const answering = (answer: Partial<Answer>): Parser => ({
    parse: parser.parse,
    askCommand: parser.askCommand,
    ask: () => ({ command: null, args: {}, text: '', data: null, ok: true, ...answer }),
  });

  it('an answer over 4,096 characters is split at line boundaries, nothing lost', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${i + 1}. Una línea de respuesta con <signos> & más`);
    const text = lines.join('\n'); // ~17,000 characters
    const calls = await harness({ parser: answering({ text }) }).send(textUpdate('dame todo'));
    const parts = texts(calls).map(visible);
    expect(parts.length).toBeGreaterThanOrEqual(Math.ceil(text.length / 4096));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(text);
    for (const html of texts(calls)) expectValidHtml(html);
  });

  it('HTML-looking input is escaped, never sent as markup', async () => {
    const h = harness();
    for (const message of ['/duracion <b>toy</b> & <i>story', '<script>alert(1)</script> & cuanto dura', '/pais <b>']) {
      for (const html of texts(await h.send(textUpdate(message)))) expectValidHtml(html);
    }
    const echoed = only(await h.send(textUpdate('/idioma <i>klingon</i> & co')));
    expect(echoed).toContain('&lt;i&gt;klingon&lt;/i&gt; &amp; co');
  });

  it('a poster Telegram refuses falls back to the text', async () => {
    const card = { titulo: 'Prueba', poster: 'https://example.org/rechazada.jpg' };
    const calls = await harness({ parser: answering({ text: 'Película: Prueba & <co>', data: card }) }).send(
      textUpdate('háblame de prueba'),
    );
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(calls[1]?.payload.text).toBe('Película: <b>Prueba</b> &amp; &lt;co&gt;');
  });

  it('a card longer than a caption: the photo carries the first lines, the rest follows', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `Línea ${i + 1} de una ficha muy larga`).join('\n');
    const data = { titulo: 'Larga', poster: 'https://image.tmdb.org/t/p/w500/x.jpg' };
    const calls = await harness({ parser: answering({ text, data }) }).send(textUpdate('ficha'));
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    const [caption = '', rest = ''] = texts(calls).map(visible);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(`${caption}\n${rest}`).toBe(text);
  });

  it('a chart is sent as a PNG with the text as caption; without a drawing, the text alone', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const chart = { tipo: 'estrenos_por_anio', args: {} };
    const withChart = answering({ text: 'Estrenos por año', chart });
    const drawn: unknown[] = [];
    const renderChart = async (request: unknown) => {
      drawn.push(request);
      return png;
    };
    const calls = await harness({ parser: withChart, deps: { renderChart } }).send(textUpdate('gráfico'));
    expect(drawn).toEqual([chart]);
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto']);
    expect(calls[0]?.payload.photo).toBeInstanceOf(InputFile);
    expect(calls[0]?.payload.caption).toBe('Estrenos por año');

    const failing = async () => {
      throw new Error('sin fuentes');
    };
    const fallback = await harness({ parser: withChart, deps: { renderChart: failing } }).send(textUpdate('gráfico'));
    expect(fallback.map((c) => c.method)).toEqual(['sendMessage']);
    // Without a renderer at all, the chart is not mentioned: the text goes alone.
    const plain = await harness({ parser: withChart }).send(textUpdate('gráfico'));
    expect(plain.map((c) => c.method)).toEqual(['sendMessage']);
  });
});

describe('robustness', () => {
  it('rate limit: a polite reply once per wait, then answers again after a minute', async () => {
    let now = 1_000_000;
    const h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => now });
    expect(texts(await h.send(textUpdate('/duracion toy story')))).toHaveLength(1);
    expect(texts(await h.send(textUpdate('/duracion toy story')))).toHaveLength(1);
    const limited = only(await h.send(textUpdate('/duracion toy story')));
    expect(limited).toMatch(/^Vas muy rápido: espera \d+ segundos?/);
    expect(await h.send(textUpdate('/duracion toy story'))).toEqual([]); // already told
    // Another user is not limited.
    expect(texts(await h.send(textUpdate('hola', { from: OTHER_USER })))).toHaveLength(1);
    now += 61_000;
    expect(only(await h.send(textUpdate('/duracion toy story')))).toContain('minutos');
  });

  it('a failing handler is logged without the token, answered politely, and the bot goes on', async () => {
    let fail = true;
    const flaky: Parser = {
      parse: parser.parse,
      askCommand: parser.askCommand,
      ask: (text, conversation) => {
        if (fail) throw new Error(`se rompió al llamar a https://api.telegram.org/bot${TOKEN}/sendMessage`);
        return parser.ask(text, conversation);
      },
    };
    const h = harness({ parser: flaky });
    const failed = await h.send(textUpdate('¿cuánto dura toy story?'));
    expect(only(failed)).toContain('Algo falló de mi lado');
    expect(h.logs.join('\n')).toContain('error al atender');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect(h.logs.join('\n')).not.toContain(TOKEN.split(':')[1]);
    fail = false;
    expect(only(await h.send(textUpdate('¿cuánto dura toy story?')))).toContain('minutos');
  });

  it('a repeated update_id is handled once', async () => {
    const h = harness();
    const update = withId(textUpdate('/duracion toy story'));
    expect(texts(await h.send(update))).toHaveLength(1);
    expect(await h.send(update)).toEqual([]);
  });

  it('odd input never breaks it: emoji, control characters, SQL, 10,000 characters, empty mention', async () => {
    const h = harness();
    for (const message of [
      '🎬🍿',
      'dura\u0000\u0007 toy story',
      "'; DROP TABLE movies; --",
      'x'.repeat(10_000),
      '/duracion 🎬',
      "/actor ' OR 1=1 --",
    ]) {
      const sent = texts(await h.send(textUpdate(message)));
      expect(sent.length).toBeGreaterThan(0);
      for (const html of sent) {
        expectValidHtml(html);
        expect(visible(html).length).toBeLessThanOrEqual(4096);
        expect(html).not.toMatch(/Error|at .*\.ts:\d+/);
      }
    }
    expect(texts(await h.send(textUpdate('@FilmotecaPruebaBot', { chat: 'group' })))).toHaveLength(1);
    expect(count('SELECT count(*) FROM movies')).toBeGreaterThan(0);
  });
});
