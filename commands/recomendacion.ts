import { listWithReasons } from '../src/recommend/reasons.js';
import { answered, titleInfo, titleWithYear } from './common.js';
import type { CommandDef } from './types.js';

/** The contract's number of recommendations. */
export const RECOMMENDATIONS = 5;

/** QUESTIONS.md's item, plus why it is recommended (`motivo`). */
interface RecommendationData {
  id: string;
  titulo: string;
  anio: number | null;
  similitud: number;
  motivo: string;
}

interface Data {
  titulo: string;
  recomendaciones: RecommendationData[];
}

const command: CommandDef<Data> = {
  id: 'recomendacion',
  chatName: 'recomendar',
  description: 'Cinco títulos parecidos a uno dado, del mismo catálogo, y por qué',
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
        : `Si te gustó ${label}, te recomiendo: ${listWithReasons(
            recommendations.map((r) => ({ label: titleWithYear(r.titulo, r.anio), kind: r.reason, motivo: r.motivo })),
          )}.`;
    const recomendaciones = recommendations.map(({ id, titulo, anio, similitud, motivo }) => ({
      id,
      titulo,
      anio,
      similitud,
      motivo,
    }));
    return answered(this.id, args, text, { titulo: title.titulo, recomendaciones });
  },
};
export default command;
