import { countOf, formatNumber } from '../src/format.js';
import { answered, failed, getRow, platformName } from './common.js';
import type { CommandDef } from './types.js';

const SQL = `
  SELECT count(*) AS n FROM titles t JOIN title_scores s ON s.title_id = t.id
  WHERE t.platform = ? AND t.type = 'Movie' AND t.release_year = ? AND s.mean > ?`;

const command: CommandDef<{ cantidad: number }> = {
  id: 'get_score_count',
  chatName: 'puntaje_plataforma',
  description: 'Películas de una plataforma y año con puntuación media de usuarios mayor que un valor',
  example: '¿Cuántas películas de Netflix de 2018 tienen un puntaje mayor que 3,5?',
  args: [
    {
      name: 'plataforma',
      kind: 'plataforma',
      description: 'Plataforma: Amazon, Disney+, Hulu o Netflix',
      required: true,
    },
    {
      name: 'puntaje',
      kind: 'numero',
      description: 'Puntuación media mínima (se cuentan las mayores), por ejemplo 3,5',
      required: true,
    },
    { name: 'anio', kind: 'anio', description: 'Año de estreno', required: true },
  ],
  seedRoute: 'get_score_count',
  handler(ctx, args) {
    if (!ctx.catalog.info().hasScores) {
      return failed(
        this.id,
        args,
        'no_data',
        'El catálogo no tiene puntuaciones de usuarios cargadas, así que no puedo contar películas por puntaje. Se cargan con los archivos ratings/*.csv junto a las listas de las plataformas.',
      );
    }
    const [platform, score, year] = [String(args.plataforma), Number(args.puntaje), Number(args.anio)];
    const { n } = getRow<{ n: number }>(ctx.catalog.db, SQL, platform, year, score) ?? { n: 0 };
    const text = `${platformName(platform)} tiene ${countOf(n, 'película', 'películas')} de ${year} con una puntuación media mayor que ${formatNumber(score)}.`;
    return answered(this.id, args, text, { cantidad: n });
  },
};
export default command;
