import { answered } from './common.js';
// A deliberate import cycle: index.ts lists this command, and this command
// lists index.ts's registry. `commands` is only read when the handler runs,
// after both modules are loaded, so the cycle is harmless (import commands
// through index.ts, as every channel does).
import { commands } from './index.js';
import type { CommandDef } from './types.js';

interface Entry {
  id: string;
  chat: string;
  descripcion: string;
  ejemplo: string;
  argumentos: string[];
}

const command: CommandDef<{ comandos: Entry[] }> = {
  id: 'ayuda',
  chatName: 'ayuda',
  description: 'Qué preguntas puedo responder, con un ejemplo de cada una',
  example: '¿Qué puedo preguntarte?',
  args: [],
  handler(_ctx, args) {
    const entries = commands.map((c) => ({
      id: c.id,
      chat: c.chatName,
      descripcion: c.description,
      ejemplo: c.example,
      argumentos: c.args.map((a) => a.name),
    }));
    // Chat name and example only: the whole list must fit one Discord message (2000 characters);
    // the descriptions are in `data` (and in /docs).
    const lines = entries.map((e) => `• /${e.chat}: ${e.ejemplo}`);
    const text = ['Puedo responder preguntas como estas sobre películas y plataformas:', ...lines].join('\n');
    return answered(this.id, args, text, { comandos: entries });
  },
};
export default command;
