/**
 * The HTTP API (Fastify): every command at `GET /api/<command>?<arg>=<valor>`,
 * the seeds' routes with path parameters (`/get_max_duration/2018/netflix/min`),
 * OpenAPI generated from the registry at `/docs` (JSON at `/docs/json`), and
 * `/health`. Answers are the same JSON objects as every other channel.
 *
 * Status codes: 200 answered (including "no user scores loaded"), 400 a bad or
 * missing argument, 404 an unknown command or a title/name not in the catalog,
 * 414 an absurdly long URL, 431 headers over Node's limit. User input never
 * produces a 500, and every error body, whichever layer refuses the request
 * (Node's HTTP parser, Fastify's router, body parsing, our commands), is an
 * answer of the same shape with a Spanish `text`.
 *
 * An answer with a chart (`grafico`, by `GET /api/grafico?tipo=…` or `POST /api/ask`) carries
 * `chart` and `grafico_url`, the `GET /api/grafico/<tipo>?…` that draws it (http-charts.ts).
 *
 * Logs: at `info`, one line per request (none for /health): method, route,
 * status, command and milliseconds. Fastify's own pair of lines is off.
 */
import type { Command } from 'commander';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, LogController } from 'fastify';
import type { Answer, ChartRequest, CommandContext, CommandDef } from '../../commands/types.js';

/** Longer URLs are refused with 414 before any work (no question needs more). */
export const MAX_URL_LENGTH = 2048;
/** Larger than any argument we accept (500 characters), so long values get our Spanish 400, not a router 404. */
const MAX_PARAM_LENGTH = 1024;

export interface HttpOptions {
  /**
   * Free-text questions (the NLU): when given, `POST /api/ask {"texto": "…", "conversacion": "c1"}` is
   * served; turns with the same `conversacion` are follow-ups of each other.
   */
  ask?: (texto: string, conversacion?: string) => Answer;
  /**
   * How many answers to keep, by URL (default 1000; 0 turns it off). The catalog is read-only,
   * so an answer never goes stale; repeated questions then skip the SQL entirely.
   */
  cacheSize?: number;
  /** Fastify's logger level; silent by default (tests, benchmarks). */
  logLevel?: string;
  /** More routes on the same server: the chat channels' endpoints (Discord interactions, Telegram webhook). */
  plugins?: FastifyPluginAsync[];
}

export function statusOf(answer: Answer): number {
  switch (answer.error?.code) {
    case undefined:
    case 'no_data':
      return 200;
    case 'bad_argument':
    case 'missing_argument':
      return 400;
    case 'not_found':
    case 'unknown_command':
      return 404;
    default:
      return 500;
  }
}

/**
 * The address that draws an answer's chart, relative to the API: `/api/grafico/director?nombre=Steven+Spielberg`.
 * Written here, not in http-charts.ts, which loads the renderer.
 */
export function chartUrl(chart: ChartRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(chart.args)) query.append(name, String(value));
  const search = query.toString();
  return `/api/grafico/${encodeURIComponent(chart.tipo)}${search ? `?${search}` : ''}`;
}

/** The answer as JSON clients get it: with `grafico_url` when it has a chart. */
function withChartUrl(answer: Answer): Answer & { grafico_url?: string } {
  return answer.chart ? { ...answer, grafico_url: chartUrl(answer.chart) } : answer;
}

function spanishError(code: 'bad_argument' | 'unknown_command' | 'internal_error', text: string): Answer {
  return { command: null, args: {}, text, data: null, ok: false, error: { code } };
}

/** Fastify's and Node's own refusals, by error code, said in Spanish (the rest: a generic sentence). */
const REFUSALS: Record<string, string> = {
  FST_ERR_BAD_URL: 'La dirección tiene caracteres mal codificados (un «%» que no forma un carácter válido).',
  FST_ERR_MAX_PARAM_LENGTH: 'Un valor de la dirección es demasiado largo.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'La petición es demasiado grande: una pregunta cabe en mucho menos.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Envía el cuerpo como JSON (Content-Type: application/json): {"texto": "…"}.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Falta el cuerpo JSON: {"texto": "…"}.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'El cuerpo no es JSON válido: {"texto": "…"}.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'La longitud declarada del cuerpo no coincide con lo enviado.',
};

/**
 * A request Node's HTTP parser refused before any route (headers or URL over its 16 KB limit,
 * a malformed request line, a timeout): Fastify's default writes English JSON; ours, the same
 * answer shape as every other error. Then the connection closes, as Node does.
 */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: import('node:net').Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, text] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'La petición es demasiado grande: la dirección o las cabeceras pasan de 16 KB.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'La petición tardó demasiado en llegar.']
        : [400, 'Bad Request', 'La petición HTTP está mal formada.'];
  const body = JSON.stringify(spanishError('bad_argument', text));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

export async function createHttpServer(ctx: CommandContext, options: HttpOptions = {}): Promise<FastifyInstance> {
  const { default: Fastify, LogController } = await import('fastify');
  const { default: swagger } = await import('@fastify/swagger');
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const { closestCommands, commands, runCommand } = await import('../../commands/index.js');
  const { quoteInput } = await import('../format.js');

  // The command each request ran (null: none), for its log line.
  const commandOf = new WeakMap<FastifyRequest, string | null>();
  const logLine = (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions?.url;
    if (route === '/health') return;
    request.log.info(
      {
        method: request.method,
        // The route, not the URL: paths of the chat channels' webhooks may carry secrets.
        route: route ?? quoteInput(request.url.split('?')[0] ?? '', 120),
        status: reply.statusCode,
        command: commandOf.get(request) ?? null,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'respuesta',
    );
  };
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    logController: new (requestLog(LogController, logLine))(),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: 16 * 1024,
    clientErrorHandler,
    // The router's own refusals (bad %-encoding, an over-long path value), which skip the error handler.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.statusCode === 500 ? 500 : 400;
      const text = REFUSALS[error.code] ?? 'No pude atender la petición por un fallo interno.';
      reply.raw.once('finish', () => logLine(request, reply)); // no request hooks run on this path
      void reply.code(status).send(spanishError(status === 500 ? 'internal_error' : 'bad_argument', text));
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      await reply
        .code(414)
        .send(spanishError('bad_argument', `La dirección es demasiado larga (más de ${MAX_URL_LENGTH} caracteres).`));
    }
  });

  app.setErrorHandler(
    async (error: { statusCode?: number; code?: string; validation?: unknown; message?: string }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'error interno');
      const text =
        status === 500
          ? 'No pude responder por un fallo interno. Prueba de nuevo en un momento.'
          : ((error.code && REFUSALS[error.code]) ??
            'No entendí la petición: revisa los argumentos (GET /api/<comando>?arg=valor, o POST /api/ask con {"texto": "…"}).');
      await reply.code(status).send(spanishError(status === 500 ? 'internal_error' : 'bad_argument', text));
    },
  );

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const close = closestCommands(path.split('/').filter(Boolean).pop() ?? '').map((c) => `/api/${c.id}`);
    const hint = close.length > 0 ? ` ¿Quisiste decir ${close.join(', ')}?` : '';
    const answer = spanishError(
      'unknown_command',
      `No existe ${request.method} ${quoteInput(path, 80)}.${hint} La lista está en /docs.`,
    );
    if (close.length > 0 && answer.error) answer.error.suggestions = close;
    return reply.code(404).send(answer);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Filmoteca',
        version: '0.1.0',
        description:
          'Preguntas sobre cine y plataformas de streaming, con respuestas en español. Cada respuesta: {command, args, text, data, ok, error?}.',
      },
      tags: [
        { name: 'preguntas', description: 'Cada comando, con sus argumentos en la query' },
        { name: 'seeds', description: 'Las rutas de la API original, con los argumentos en la ruta' },
        { name: 'servicio', description: 'Estado del servicio' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const cache = new AnswerCache(options.cacheSize ?? 1000);
  /** The answer for this URL: from the cache, or computed, cached and sent already serialized. */
  const answerFor = (request: FastifyRequest, reply: FastifyReply, compute: () => Answer) => {
    let cached = cache.get(request.url);
    if (!cached) {
      const answer = compute();
      cached = { status: statusOf(answer), body: JSON.stringify(withChartUrl(answer)), command: answer.command };
      if (cached.status < 500) cache.set(request.url, cached);
    }
    commandOf.set(request, cached.command);
    return reply.code(cached.status).type('application/json; charset=utf-8').send(cached.body);
  };

  for (const def of commands) {
    app.get(
      `/api/${def.id}`,
      { schema: commandSchema(def, 'querystring'), attachValidation: true },
      async (request, reply) => answerFor(request, reply, () => runCommand(ctx, def.id, request.query)),
    );
    if (def.seedRoute) {
      // The seeds' path parameters: the required arguments (the optional ones added since, such as tipo and anio, are in /api/<command>).
      const path = [`/${def.seedRoute}`, ...def.args.filter((a) => a.required).map((a) => `:${a.name}`)].join('/');
      app.get(path, { schema: commandSchema(def, 'params'), attachValidation: true }, async (request, reply) =>
        answerFor(request, reply, () => runCommand(ctx, def.id, request.params)),
      );
    }
  }
  // Chat names and wrong spellings (`/api/estrenos_mes`, `/api/Score`): resolved by the registry, hidden from the docs.
  app.get('/api/:command', { schema: { hide: true } }, async (request, reply) => {
    const { command } = request.params as { command: string };
    return answerFor(request, reply, () => runCommand(ctx, command, request.query));
  });

  app.get('/health', { schema: { tags: ['servicio'], summary: 'Tamaño y fecha del catálogo' } }, async () => {
    const info = ctx.catalog.info();
    return {
      ok: true,
      peliculas: info.movies,
      titulos: info.titles,
      construido: info.builtAt,
      puntuaciones: info.hasScores,
    };
  });

  if (options.ask) registerAsk(app, options.ask, (request, answer) => commandOf.set(request, answer.command));
  const { chartRoutes } = await import('./http-charts.js'); // GET /api/grafico/<tipo>: PNG or SVG
  await app.register(chartRoutes(ctx));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}

/**
 * Fastify's request logging, made one line per request (its default is two: «incoming
 * request» and «request completed», with the whole request and reply): method, route,
 * status, command and milliseconds, at `info`; nothing for /health (load balancers poll
 * it). Errors of ours (5xx) still get their own `error` line with the stack.
 */
function requestLog(Base: typeof LogController, logLine: (request: FastifyRequest, reply: FastifyReply) => void) {
  return class OneLinePerRequest extends Base {
    override incomingRequest(): void {}
    override routeNotFound(): void {}
    override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
      if (reply.statusCode >= 500) super.defaultErrorLog(error, request, reply);
    }
    override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
      if (error) request.log.error({ err: error }, 'respuesta con error');
      logLine(request, reply);
    }
  };
}

/**
 * A small least-recently-used map (a Map keeps insertion order, so re-inserting
 * on read and dropping the first key is LRU without a library).
 */
interface CachedAnswer {
  status: number;
  body: string;
  command: string | null;
}

class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();
  constructor(private readonly capacity: number) {}

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedAnswer): void {
    if (this.capacity <= 0) return;
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Longest `conversacion` id accepted (the NLU keys its memory by it). */
const MAX_CONVERSATION_ID = 200;

function registerAsk(
  app: FastifyInstance,
  ask: NonNullable<HttpOptions['ask']>,
  answered: (request: FastifyRequest, answer: Answer) => void,
): void {
  app.post(
    '/api/ask',
    {
      schema: {
        tags: ['preguntas'],
        summary: 'Una pregunta en español libre',
        description:
          'La respuesta de la orden que entendió: {command, args, text, data, ok, error?}; si trae un gráfico ' +
          '(«gráfico de estrenos por año»), también `chart` y `grafico_url`, la dirección GET que lo dibuja en PNG.',
        body: {
          type: 'object',
          properties: {
            texto: { type: 'string', description: 'La pregunta' },
            conversacion: {
              type: 'string',
              description:
                'Id de la conversación (opcional): los turnos con el mismo id son seguimientos («¿y en marzo?»)',
            },
          },
        },
      },
      // The schema documents the body; the handler checks it. Fastify's validator would coerce
      // types first ({"texto": 1e309} arrives as the string "Infinity", [x] as x): not wanted here.
      validatorCompiler: () => (value) => ({ value }),
      attachValidation: true,
    },
    async (request, reply) => {
      const body = request.body as { texto?: unknown; conversacion?: unknown } | undefined;
      const texto = body && typeof body === 'object' ? body.texto : undefined;
      const conversacion = body && typeof body === 'object' ? body.conversacion : undefined;
      if (typeof texto !== 'string' || texto.trim() === '') {
        const what = texto === undefined || texto === '' ? 'Falta la pregunta' : '«texto» tiene que ser un texto';
        return reply.code(400).send(spanishError('bad_argument', `${what}: envíala como {"texto": "…"}.`));
      }
      const badId =
        conversacion !== undefined &&
        conversacion !== null &&
        (typeof conversacion !== 'string' || conversacion.trim() === '' || conversacion.length > MAX_CONVERSATION_ID);
      if (badId) {
        return reply
          .code(400)
          .send(
            spanishError(
              'bad_argument',
              `«conversacion» tiene que ser un texto de 1 a ${MAX_CONVERSATION_ID} caracteres (el id de la conversación).`,
            ),
          );
      }
      const answer = typeof conversacion === 'string' ? ask(texto, conversacion) : ask(texto);
      answered(request, answer);
      return reply.code(statusOf(answer) === 500 ? 500 : 200).send(withChartUrl(answer));
    },
  );
}

/** OpenAPI for one command, from its ArgSpecs (so the docs can never drift from the registry). */
function commandSchema(def: CommandDef, where: 'querystring' | 'params') {
  const properties = Object.fromEntries(
    def.args
      .filter((a) => a.required || where === 'querystring')
      .map((a) => [a.name, { type: 'string', description: `${a.description} (${a.kind})` }]),
  );
  const required = def.args.filter((a) => a.required || where === 'params').map((a) => a.name);
  return {
    tags: [where === 'params' ? 'seeds' : 'preguntas'],
    summary: def.description,
    description: `Ejemplo: «${def.example}». Nombre en el chat: /${def.chatName}.`,
    [where]: { type: 'object', properties, ...(required.length ? { required } : {}) },
  };
}

/**
 * The NLU's free-text entry point, when it exists: src/nlu/index.ts exporting
 * `createAsk(ctx): (texto) => Answer`. Without it, serve runs without /api/ask.
 */
async function loadAsk(ctx: CommandContext): Promise<HttpOptions['ask']> {
  try {
    const nlu = (await import('../nlu/index.js' as string)) as {
      createAsk?: (c: CommandContext) => HttpOptions['ask'];
    };
    return typeof nlu.createAsk === 'function' ? nlu.createAsk(ctx) : undefined;
  } catch {
    return undefined;
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Sirve la API HTTP (HTTP API) en HOST:PORT; documentación en /docs')
    .option('--db <ruta>', 'catálogo SQLite (por defecto el de npm start: FILMOTECA_DB, o el de demostración)')
    .option('--host <host>', 'interfaz (por defecto HOST o 127.0.0.1)')
    .option('--port <puerto>', 'puerto (por defecto PORT o 3000)')
    .option('--cache <respuestas>', 'respuestas guardadas por URL (0 = sin caché)', '1000')
    .action(async (options: { db?: string; host?: string; port?: string; cache: string }) => {
      const { loadConfig } = await import('../config.js');
      const { openCliCatalog } = await import('../catalog/find.js');
      const { createCommandContext } = await import('../../commands/index.js');
      const config = loadConfig();
      const catalog = await openCliCatalog(options.db);
      if (!catalog) {
        process.exitCode = 2;
        return;
      }
      const ctx = createCommandContext(catalog);
      const ask = await loadAsk(ctx);
      const cacheSize = Number.parseInt(options.cache, 10);
      const app = await createHttpServer(ctx, {
        ...(ask ? { ask } : {}),
        cacheSize: Number.isFinite(cacheSize) ? cacheSize : 1000,
        logLevel: config.LOG_LEVEL,
      });
      const port = options.port === undefined ? config.PORT : Number(options.port);
      const address = await app.listen({ host: options.host ?? config.HOST, port });
      process.stdout.write(`Filmoteca escucha en ${address} (documentación: ${address}/docs)\n`);
    });
}
