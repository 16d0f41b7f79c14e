/**
 * The terminal chat's first message: every example it shows answers something on
 * the catalog in use (issue 14: the demo has no film released in January, yet the
 * welcome suggested «¿Cuántas películas se estrenaron en enero?»). The same on
 * ../shared/data: test/commands/shared-data.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { answersSomething, pickExamples } from '../../src/channels/terminal.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';
import { releasesIn, welcomeOn } from '../helpers/chat.js';

describe('the chat’s examples answer something on the catalog in use', () => {
  it('on the demo catalog: no January (FIXTURE.md: 0 films), March is the first month with releases (3)', async () => {
    const path = await fixtureCatalogPath();
    expect(releasesIn(path, 1)).toBe(0);
    expect(releasesIn(path, 3)).toBe(3);
    const { examples, ask } = await welcomeOn(path);
    expect(examples).toHaveLength(6);
    expect(examples[0]).toBe('¿Cuántas películas se estrenaron en marzo?');
    for (const example of examples) expect(answersSomething(ask(example)), example).toBe(true);
    expect(ask(examples[0] as string).data).toEqual({ cantidad: 3 });
  });

  it('every command’s own example (shown by «ayuda», «no entendí» and «Falta …») answers something on the demo', async () => {
    const { ask } = await welcomeOn(await fixtureCatalogPath());
    for (const def of commands) {
      const answer = ask(def.example);
      expect(answer.command, def.example).toBe(def.id);
      expect(answersSomething(answer), def.example).toBe(true);
    }
  });

  it('answersSomething: a count of 0 or an empty list is not something', () => {
    const answer = (data: unknown) => ({ command: 'x', args: {}, text: '', data, ok: true });
    expect(answersSomething(answer({ cantidad: 0 }))).toBe(false);
    expect(answersSomething(answer({ titulo: 'Titanic', plataformas: [] }))).toBe(false);
    expect(answersSomething(answer(null))).toBe(false);
    expect(answersSomething({ ...answer({ cantidad: 3 }), ok: false })).toBe(false);
    expect(answersSomething(answer({ cantidad: 3, anio: null }))).toBe(true);
    // A chart: its population counts; its list of unused filters is not a finding.
    expect(answersSomething(answer({ tipo: 'generos', total: 47, ignorados: [], series: [{}] }))).toBe(true);
    expect(answersSomething(answer({ tipo: 'generos', total: 0, ignorados: [], series: [] }))).toBe(false);
    expect(pickExamples(() => answer({ cantidad: 0 }))).toEqual([]);
  });
});
