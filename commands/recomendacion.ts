import { formatList } from '../src/format.js';
import type { Recommendation } from '../src/recommend/types.js';
import { answered, titleInfo, titleWithYear } from './common.js';
import type { CommandDef } from './types.js';

/** The contract's number of recommendations. */
export const RECOMMENDATIONS = 5;

interface Data {
  titulo: string;
  recomendaciones: Recommendation[];
}

const command: CommandDef<Data> = {
  id: 'recomendacion',
  chatName: 'recomendar',
  description: 'Cinco títulos parecidos a uno dado, del mismo catálogo',
  example: 'Recomiéndame algo parecido a Toy Story',
  args: [{ name: 'titulo', kind: 'titulo', description: 'Título de la película o serie que te gustó', required: true }],
  seedRoute: 'recomendacion',
  handler(ctx, args) {
    const id = String(args.titulo);
    const title = titleInfo(ctx.catalog.db, id);
    const recommendations = ctx.recommender.recommend(id, RECOMMENDATIONS).slice(0, RECOMMENDATIONS);
    const label = titleWithYear(title.titulo, title.anio);
    const text =
      recommendations.length === 0
        ? `No encontré títulos parecidos a ${label}.`
        : `Si te gustó ${label}, te recomiendo: ${formatList(recommendations.map((r) => titleWithYear(r.titulo, r.anio)))}.`;
    return answered(this.id, args, text, { titulo: title.titulo, recomendaciones: recommendations });
  },
};
export default command;
