/**
 * Discord's size limits (../shared/docs/PLATFORMS.md; Discord answers 400 to
 * any payload that breaks one), the helpers that keep text within them by
 * construction, and a checker that lists every broken limit of a payload
 * (tests run it over everything the channel can produce; the renderer runs it
 * as a last guard before sending).
 *
 * Lengths are counted in UTF-16 code units (`string.length`), which is never
 * less than the code points Discord counts: staying within it is always safe.
 */
import { formatInt } from '../../format.js';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/**
 * `text` cut to at most `max` code units, ending in «…» when cut. Never splits
 * a surrogate pair (an emoji stays whole or goes).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate whose pair would be cut off
  return `${text.slice(0, end)}…`;
}

/**
 * A multi-line text within `max`: whole lines while they fit, then «… y N más»
 * (N = the lines left out). A first line longer than `max` is clipped.
 */
export function fitLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  const noteCost = (left: number) => (left > 0 ? 1 + moreNote(left).length : 0);
  let kept = 0;
  let used = -1; // the first line has no '\n' before it
  for (let k = 1; k < lines.length; k++) {
    used += 1 + (lines[k - 1] as string).length;
    if (used > max) break;
    if (used + noteCost(lines.length - k) <= max) kept = k;
  }
  if (kept === 0) {
    const left = lines.length - 1;
    const first = clip(lines[0] as string, max - noteCost(left));
    return left > 0 ? `${first}\n${moreNote(left)}` : first;
  }
  return [...lines.slice(0, kept), moreNote(lines.length - kept)].join('\n');
}

/** «… y 12 más»: what a cut list says about the entries it leaves out. */
export function moreNote(count: number): string {
  return `… y ${formatInt(count)} más`;
}

// ------------------------------------------------------------------ the checker

/** What the checker reads: a message payload, or an autocomplete result. */
export interface CheckedMessage {
  content?: string;
  embeds?: Array<{
    title?: string;
    description?: string;
    url?: string;
    fields?: Array<{ name: string; value: string; inline?: boolean }>;
    footer?: { text: string };
    thumbnail?: { url: string };
    image?: { url: string };
  }>;
  components?: Array<{ type: number; components: Array<{ type: number; label?: string; custom_id?: string }> }>;
}

/** Every limit a message payload breaks (empty when it would be accepted). */
export function messageProblems(message: CheckedMessage, hasFiles = false): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, max: number, min = 0) => {
    if (length > max || length < min) problems.push(`${what}: ${length} (límite ${min}–${max})`);
  };
  const content = message.content ?? '';
  over('content', content.length, LIMITS.content);
  const embeds = message.embeds ?? [];
  over('embeds', embeds.length, LIMITS.embeds);
  if (content.trim() === '' && embeds.length === 0 && !hasFiles) problems.push('mensaje vacío');
  embeds.forEach((embed, i) => {
    const fields = embed.fields ?? [];
    over(`embed ${i} title`, embed.title?.length ?? 0, LIMITS.embedTitle);
    over(`embed ${i} description`, embed.description?.length ?? 0, LIMITS.embedDescription);
    over(`embed ${i} fields`, fields.length, LIMITS.embedFields);
    over(`embed ${i} footer`, embed.footer?.text.length ?? 0, LIMITS.footer);
    fields.forEach((field, j) => {
      over(`embed ${i} field ${j} name`, field.name.length, LIMITS.fieldName, 1);
      over(`embed ${i} field ${j} value`, field.value.length, LIMITS.fieldValue, 1);
    });
    over(`embed ${i} total`, embedLength(embed), LIMITS.embedTotal);
    for (const url of [embed.url, embed.thumbnail?.url, embed.image?.url]) {
      if (url !== undefined && !/^(https?|attachment):\/\/\S+$/.test(url)) problems.push(`embed ${i} url: ${url}`);
    }
    if (embedLength(embed) === 0 && !embed.image && !embed.thumbnail) problems.push(`embed ${i} vacío`);
  });
  const rows = message.components ?? [];
  over('action rows', rows.length, LIMITS.actionRows);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    over(`row ${i} buttons`, row.components.length, LIMITS.buttonsPerRow, 1);
    for (const button of row.components) {
      over(`row ${i} label`, button.label?.length ?? 0, LIMITS.buttonLabel, 1);
      const id = button.custom_id ?? '';
      over(`row ${i} custom_id`, id.length, LIMITS.customId, 1);
      if (ids.has(id)) problems.push(`custom_id repetido: ${id}`);
      ids.add(id);
    }
  });
  return problems;
}

/** Every limit an autocomplete result breaks. */
export function choiceProblems(choices: ReadonlyArray<{ name: string; value: string | number }>): string[] {
  const problems: string[] = [];
  if (choices.length > LIMITS.choices) problems.push(`choices: ${choices.length} (límite ${LIMITS.choices})`);
  for (const choice of choices) {
    if (choice.name.length < 1 || choice.name.length > LIMITS.choiceName) problems.push(`name: ${choice.name}`);
    if (typeof choice.value === 'string' && (choice.value.length < 1 || choice.value.length > LIMITS.choiceValue))
      problems.push(`value: ${choice.value}`);
  }
  return problems;
}

/** The characters Discord counts towards an embed's 6,000. */
export function embedLength(embed: NonNullable<CheckedMessage['embeds']>[number]): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}
