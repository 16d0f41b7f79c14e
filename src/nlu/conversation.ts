/**
 * A conversation's short memory (issue 11): per conversation id, the last answered
 * frame (command + canonical arguments) and the last title, person, saga, company and
 * platform mentioned. Follow-up turns («¿y en marzo?», «¿cuánto dura?») are read
 * against it (parser.ts). It expires after an idle time and the store keeps at most
 * `max` conversations, dropping the least recently used: memory stays bounded whatever
 * the channels send.
 */
import type { CanonicalArgs } from '../../commands/types.js';
import type { EntityArg } from './entities.js';

export interface RememberedEntity {
  /** The canonical argument value (`tmdb:862`, `Tom Hanks`, `Toy Story Collection`). */
  value: string;
  /** How to name it (the catalog's title or name). */
  label: string;
  year?: number | null;
}

export interface Memory {
  frame?: { command: string; args: CanonicalArgs };
  entities: Partial<Record<EntityArg, RememberedEntity>>;
  plataforma?: string;
}

export interface ConversationOptions {
  /** Idle minutes after which a conversation is forgotten (CONVERSATION_TTL_MINUTES, default 30). */
  ttlMinutes?: number;
  /** Conversations kept at most (CONVERSATION_MAX, default 10,000); the least recently used go first. */
  max?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
}

/** Longer ids are not a channel's: refused (the text is then a question on its own). */
export const MAX_CONVERSATION_ID = 200;

/**
 * Map insertion order is the recency order: every use deletes and re-inserts the id, so
 * the first key is always the least recently used. A hand-written LRU because it is ten
 * lines on a Map; the TTL check is lazy (on use), plus the LRU bound.
 */
export class ConversationStore {
  private readonly entries = new Map<string, { memory: Memory; at: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: ConversationOptions = {}) {
    this.ttlMs = Math.max(1, options.ttlMinutes ?? 30) * 60_000;
    this.max = Math.max(1, options.max ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /** The conversation's memory, or undefined (unknown, expired or a bad id). Counts as a use. */
  get(id: unknown): Memory | undefined {
    if (!validId(id)) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (this.now() - entry.at > this.ttlMs) return undefined;
    entry.at = this.now();
    this.entries.set(id, entry);
    return entry.memory;
  }

  set(id: unknown, memory: Memory): void {
    if (!validId(id)) return;
    this.entries.delete(id);
    this.entries.set(id, { memory, at: this.now() });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}

function validId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_CONVERSATION_ID;
}
