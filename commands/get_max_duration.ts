import { countOf } from '../src/format.js';
import { answered, getRow, platformName, TITLE_TYPE } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  titulo: string | null;
  id: string | null;
  duracion: number | null;
  tipo_duracion: string;
}

/** Longest first; equal durations → first in source order (QUESTIONS.md). `tipo` defaults to movies (the seeds'). */
const SQL = `
  SELECT id, title, duration_int FROM titles
  WHERE platform = ? AND type = ? AND release_year = ? AND duration_type = ? AND duration_int IS NOT NULL
  ORDER BY duration_int DESC, src_order ASC LIMIT 1`;

const command: CommandDef<Data> = {
  id: 'get_max_duration',
  chatName: 'duracion_max',
  description: 'La película más larga (o la serie con más temporadas) de una plataforma en un año',
  example: '¿Cuál es la película más larga de Netflix de 2018?',
  args: [
    { name: 'anio', kind: 'anio', description: 'Año de estreno', required: true },
    {
      name: 'plataforma',
      kind: 'plataforma',
      description: 'Plataforma: Amazon, Disney+, Hulu o Netflix',
      required: true,
    },
    {
      name: 'tipo_duracion',
      kind: 'tipo_duracion',
      description: 'Unidad de duración: min o season (temporadas)',
      required: true,
    },
    { name: 'tipo', kind: 'tipo', description: 'Tipo de título: pelicula (por defecto) o serie', required: false },
  ],
  seedRoute: 'get_max_duration',
  handler(ctx, args) {
    const [year, platform, unit] = [Number(args.anio), String(args.plataforma), String(args.tipo_duracion)];
    const series = args.tipo === 'serie';
    const row = getRow<{ id: string; title: string; duration_int: number }>(
      ctx.catalog.db,
      SQL,
      platform,
      TITLE_TYPE[series ? 'serie' : 'pelicula'],
      year,
      unit,
    );
    const unitText = (n: number) =>
      unit === 'min' ? countOf(n, 'minuto', 'minutos') : countOf(n, 'temporada', 'temporadas');
    const kind = series ? 'serie' : 'película';
    const where = `de ${platformName(platform)} estrenada en ${year}`;
    if (!row) {
      const measured = unit === 'min' ? 'en minutos' : 'en temporadas';
      return answered(this.id, args, `No hay ninguna ${kind} ${where} con duración ${measured}.`, {
        titulo: null,
        id: null,
        duracion: null,
        tipo_duracion: unit,
      });
    }
    const longest = series && unit === 'season' ? 'La serie con más temporadas' : `La ${kind} más larga`;
    const text = `${longest} ${where} es ${row.title}, con ${unitText(row.duration_int)}.`;
    return answered(this.id, args, text, {
      titulo: row.title,
      id: row.id,
      duracion: row.duration_int,
      tipo_duracion: unit,
    });
  },
};
export default command;
