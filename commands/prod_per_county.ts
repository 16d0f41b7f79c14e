import { countOf } from '../src/format.js';
import { countryName } from '../src/text/codes.js';
import { answered, getRow, TITLE_TYPE } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  pais: string;
  anio: number;
  tipo: string;
  cantidad: number;
}

const SQL = `
  SELECT count(*) AS n FROM titles t
  WHERE t.type = ? AND t.release_year = ?
    AND EXISTS (SELECT 1 FROM title_countries c WHERE c.title_id = t.id AND c.country = ?)`;

const command: CommandDef<Data> = {
  id: 'prod_per_county',
  chatName: 'produccion_pais',
  description: 'Películas o series de un país estrenadas en un año, sumando todas las plataformas',
  example: '¿Cuántas series de España de 2019 hay en las plataformas?',
  args: [
    { name: 'tipo', kind: 'tipo', description: 'Tipo de título: pelicula o serie', required: true },
    { name: 'pais', kind: 'pais', description: 'País: nombre (Francia) o código (FR)', required: true },
    { name: 'anio', kind: 'anio', description: 'Año de estreno', required: true },
  ],
  seedRoute: 'prod_per_county',
  handler(ctx, args) {
    const [type, country, year] = [String(args.tipo), String(args.pais), Number(args.anio)];
    const { n } = getRow<{ n: number }>(ctx.catalog.db, SQL, TITLE_TYPE[type], year, country) ?? { n: 0 };
    const what = type === 'serie' ? countOf(n, 'serie', 'series') : countOf(n, 'película', 'películas');
    const text = `Entre todas las plataformas hay ${what} de ${countryName(country)} ${n === 1 ? 'estrenada' : 'estrenadas'} en ${year}.`;
    return answered(this.id, args, text, { pais: country, anio: year, tipo: type, cantidad: n });
  },
};
export default command;
