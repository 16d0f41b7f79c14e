/**
 * `grafico` (issue 12): a chart and one sentence with its main fact. The
 * numbers and the sentence come from src/charts (the module that owns charts);
 * the answer carries `chart`, which channels that show images render with
 * `ChannelDeps.renderChart` (HTTP: GET /api/grafico/<tipo>).
 */

import type { ChartData } from '../src/charts/data.js';
import { chartHasData, getChart } from '../src/charts/index.js';
import { CHART_KINDS } from '../src/charts/kinds.js';
import { formatList } from '../src/format.js';
import { answered, failed } from './common.js';
import type { CanonicalArgs, CommandDef } from './types.js';

const command: CommandDef<ChartData> = {
  id: 'grafico',
  chatName: 'grafico',
  description: 'Un gráfico del catálogo (estrenos, géneros, duración, idiomas, plataformas…) y su dato principal',
  example: 'Muéstrame un gráfico de los estrenos por año',
  args: [
    {
      name: 'tipo',
      kind: 'grafico',
      description: `Qué gráfico: ${CHART_KINDS.map((k) => k.id).join(', ')}`,
      required: true,
    },
    {
      name: 'nombre',
      kind: 'persona',
      description: 'Para director y actor: el nombre de la persona',
      required: false,
    },
    { name: 'genero', kind: 'genero', description: 'Solo películas de este género', required: false },
    { name: 'desde', kind: 'anio', description: 'Solo películas estrenadas desde este año', required: false },
    { name: 'hasta', kind: 'anio', description: 'Solo películas estrenadas hasta este año', required: false },
    { name: 'anio', kind: 'anio', description: 'Solo títulos estrenados este año', required: false },
    {
      name: 'plataforma',
      kind: 'plataforma',
      description: 'Para ratings: solo los títulos de esta plataforma',
      required: false,
    },
  ],
  handler(ctx, args) {
    const tipo = String(args.tipo);
    const result = getChart(ctx.catalog.db, tipo, filtersOf(args));
    if (!result.ok) return failed(this.id, args, result.code, result.message, { argument: result.argument });
    const chart = result.chart;
    const unused =
      chart.ignorados.length === 0
        ? ''
        : `\n(El gráfico «${tipo}» no usa ${chart.ignorados.length === 1 ? 'el filtro' : 'los filtros'} ${formatList(chart.ignorados.map((name) => `«${name}»`))}: no lo${chart.ignorados.length === 1 ? '' : 's'} apliqué.)`;
    const answer = answered(this.id, args, `${chart.texto}${unused}`, chart);
    if (chartHasData(chart)) answer.chart = { tipo, args: chart.filtros };
    return answer;
  },
};
export default command;

function filtersOf(args: CanonicalArgs): CanonicalArgs {
  const { tipo: _tipo, ...filters } = args;
  return filters;
}
