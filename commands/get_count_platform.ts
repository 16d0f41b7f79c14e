import { countOf } from '../src/format.js';
import { answered, getRow, platformName, TITLE_TYPE } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  plataforma: string;
  cantidad: number;
}

/** Optional filters (QUESTIONS.md): without them, the seeds' query (movies of the platform, every year). */
const SQL = `
  SELECT count(*) AS n FROM titles
  WHERE platform = @platform AND type = @type AND (@year IS NULL OR release_year = @year)`;

const command: CommandDef<Data> = {
  id: 'get_count_platform',
  chatName: 'cantidad_plataforma',
  description: 'Cuántas películas (o series) tiene una plataforma',
  example: '¿Cuántas películas tiene Netflix?',
  args: [
    {
      name: 'plataforma',
      kind: 'plataforma',
      description: 'Plataforma: Amazon, Disney+, Hulu o Netflix',
      required: true,
    },
    { name: 'tipo', kind: 'tipo', description: 'Tipo de título: pelicula (por defecto) o serie', required: false },
    { name: 'anio', kind: 'anio', description: 'Año de estreno (opcional: por defecto, todos)', required: false },
  ],
  seedRoute: 'get_count_platform',
  handler(ctx, args) {
    const platform = String(args.plataforma);
    const series = args.tipo === 'serie';
    const year = args.anio === undefined ? null : Number(args.anio);
    const { n } = getRow<{ n: number }>(ctx.catalog.db, SQL, {
      platform,
      type: TITLE_TYPE[series ? 'serie' : 'pelicula'],
      year,
    }) ?? { n: 0 };
    const what = series ? countOf(n, 'serie', 'series') : countOf(n, 'película', 'películas');
    const when = year === null ? '' : ` ${n === 1 ? 'estrenada' : 'estrenadas'} en ${year}`;
    const text = `${platformName(platform)} tiene ${what}${when}.`;
    return answered(this.id, args, text, { plataforma: platform, cantidad: n });
  },
};
export default command;
