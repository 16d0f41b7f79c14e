import { countOf } from '../src/format.js';
import { answered, getRow, platformName } from './common.js';
import type { CommandDef } from './types.js';

const command: CommandDef<{ plataforma: string; cantidad: number }> = {
  id: 'get_count_platform',
  chatName: 'cantidad_plataforma',
  description: 'Cuántas películas tiene una plataforma',
  example: '¿Cuántas películas tiene Netflix?',
  args: [
    {
      name: 'plataforma',
      kind: 'plataforma',
      description: 'Plataforma: Amazon, Disney+, Hulu o Netflix',
      required: true,
    },
  ],
  seedRoute: 'get_count_platform',
  handler(ctx, args) {
    const platform = String(args.plataforma);
    const { n } = getRow<{ n: number }>(
      ctx.catalog.db,
      "SELECT count(*) AS n FROM titles WHERE platform = ? AND type = 'Movie'",
      platform,
    ) ?? { n: 0 };
    const text = `${platformName(platform)} tiene ${countOf(n, 'película', 'películas')}.`;
    return answered(this.id, args, text, { plataforma: platform, cantidad: n });
  },
};
export default command;
