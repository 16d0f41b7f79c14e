/**
 * `GET /api/grafico/<tipo>?<filtro>=<valor>…` (issue 12): the chart as
 * `image/png` (800×450), or `image/svg+xml` with `formato=svg`. The arguments go
 * through the `grafico` command like on every channel, so a bad `tipo` or filter
 * gets the same Spanish 400 answer (JSON); a name not in the catalog, 404; a
 * chart with nothing to draw, 404 with the sentence that says so. The answer's
 * sentence also travels, URL-encoded, in the `X-Filmoteca-Texto` header.
 */
import type { FastifyPluginAsync } from 'fastify';
import { runCommand } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { CHART_KINDS, ChartRequestError, renderChart } from '../charts/index.js';
import { statusOf } from './http.js';

const FORMATS = { png: 'image/png', svg: 'image/svg+xml; charset=utf-8' } as const;

function badRequest(text: string): Answer {
  return { command: 'grafico', args: {}, text, data: null, ok: false, error: { code: 'bad_argument' } };
}

export function chartRoutes(ctx: CommandContext): FastifyPluginAsync {
  return async (app) => {
    const grafico = (await import('../../commands/grafico.js')).default;
    const filters = grafico.args.filter((a) => a.name !== 'tipo');
    app.get(
      '/api/grafico/:tipo',
      {
        attachValidation: true, // our own Spanish messages, not the validator's
        schema: {
          tags: ['graficos'],
          summary: 'Un gráfico del catálogo como imagen PNG (o SVG)',
          description:
            'Devuelve la imagen (800×450). La frase con el dato principal va en la cabecera X-Filmoteca-Texto ' +
            '(codificada como URL). Con tipo o filtros inválidos: 400 con el mensaje en español (JSON).',
          params: {
            type: 'object',
            properties: {
              tipo: {
                type: 'string',
                enum: CHART_KINDS.map((k) => k.id),
                description: CHART_KINDS.map((k) => `${k.id}: ${k.description}`).join('; '),
              },
            },
            required: ['tipo'],
          },
          querystring: {
            type: 'object',
            properties: {
              ...Object.fromEntries(filters.map((a) => [a.name, { type: 'string', description: a.description }])),
              formato: { type: 'string', enum: ['png', 'svg'], description: 'png (por defecto) o svg' },
            },
          },
          response: {
            200: {
              description: 'El gráfico',
              content: {
                'image/png': { schema: { type: 'string', format: 'binary' } },
                'image/svg+xml': { schema: { type: 'string' } },
              },
            },
            400: { description: 'Tipo, filtro o formato inválido (respuesta JSON con el mensaje en español)' },
            404: { description: 'Nombre que no está en el catálogo, o nada que dibujar con esos filtros (JSON)' },
            500: { description: 'Fallo interno (JSON)' },
          },
        },
      },
      async (request, reply) => {
        const { tipo } = request.params as { tipo: string };
        const { formato, ...rawArgs } = (request.query ?? {}) as Record<string, unknown>;
        const format = formato === undefined || formato === '' ? 'png' : formato;
        if (format !== 'png' && format !== 'svg') {
          return reply.code(400).send(badRequest('«formato» tiene que ser «png» (por defecto) o «svg».'));
        }
        const answer = runCommand(ctx, 'grafico', { ...rawArgs, tipo });
        if (!answer.ok) return reply.code(statusOf(answer) as 400 | 404 | 500).send(answer);
        if (!answer.chart) return reply.code(404).send(answer);
        let image: Buffer | string;
        try {
          image =
            format === 'png'
              ? await renderChart(ctx.catalog.db, answer.chart, 'png')
              : await renderChart(ctx.catalog.db, answer.chart, 'svg');
        } catch (error) {
          if (error instanceof ChartRequestError) return reply.code(400).send(badRequest(error.message));
          throw error;
        }
        return reply
          .code(200)
          .type(FORMATS[format])
          .header('content-disposition', `inline; filename="${answer.chart.tipo}.${format}"`)
          .header('x-filmoteca-texto', encodeURIComponent(answer.text))
          .send(image);
      },
    );
  };
}
