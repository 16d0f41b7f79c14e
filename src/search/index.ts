/**
 * createEntitySearch(db): resolve typed names to catalog entries (see types.ts),
 * tolerant of case, accents, punctuation, leading articles and typos.
 *
 * Per kind (titles, people, collections, companies), built lazily on first use
 * so a command that only needs people never pays for titles:
 *   - an exact map normalizeKey → entries (score 1),
 *   - a trigram index over search forms (fuzzy.ts) that picks candidates, ranked
 *     by edit distance,
 *   - for autocomplete, a sorted list of prefix forms, built on the first suggest().
 */
import type { Db } from '../catalog/catalog.js';
import { normalizeKey } from '../text/normalize.js';
import { lazy } from '../util/lazy.js';
import { allStrings, type IntColumn, type StringColumn } from './columns.js';
import { loadNamed, loadPeople, loadTitles, type NameEntry, type TitleEntry } from './entries.js';
import {
  fullForm,
  keyForm,
  keyFullForm,
  keyPrefixForm,
  keyWords,
  OsaPattern,
  osaDistance,
  prefixForm,
  prefixSimilarity,
  type StoredTrigrams,
  searchForm,
  sequelNumber,
  TrigramIndex,
} from './fuzzy.js';
import { NearbyForms, type NearbyParts } from './nearby.js';
import { loadStoredIndex } from './stored.js';
import { hashString, JoinedStrings } from './strings.js';
import type { CatalogName, EntityKind, EntitySearch, Match, NameQuery, SuggestOptions, TitleQuery } from './types.js';
import { WordIndex, withWholeWords, wordLists } from './words.js';

const DEFAULT_LIMIT = 10;
const SUGGEST_LIMIT = 25;
/** Longer input is cut: no real name is this long, and edit distance is quadratic. */
const MAX_QUERY_CHARS = 200;
/** Below this a "match" shares too little with the query to be worth showing. */
const MIN_SCORE = 0.3;
/** How many trigram candidates get the (exact) edit-distance score. */
const CANDIDATES = 200;
/** A year parsed out of the query ("psycho 1960") that the title does not have costs this factor. */
const WRONG_YEAR_FACTOR = 0.9;

interface Entry {
  keys: string[];
  weight: number;
}

/**
 * Exact lookup normalized name → key indexes: an open-addressing hash table of key
 * indexes. Hand-written because a Map of 300k strings took ~0.2 s to build when the
 * people index opened and holds 300k small arrays; the ETL stores the table (stored.ts),
 * and a lookup then reads one page of it.
 */
export class ExactKeys {
  private readonly mask: number;

  /** `slots`: the table of these keys (stored, or made by {@link ExactKeys.build}). */
  constructor(
    private readonly keys: StringColumn,
    private readonly slots: IntColumn,
  ) {
    this.mask = slots.length - 1;
  }

  /** The table for `keys`: a power of two at least twice their number, -1 for empty slots. */
  static build(keys: JoinedStrings): Int32Array {
    let size = 1024;
    while (size < keys.length * 2) size *= 2;
    const mask = size - 1;
    const slots = new Int32Array(size).fill(-1);
    for (let i = 0; i < keys.length; i++) {
      let slot = keys.hash(i) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = i;
    }
    return slots;
  }

  /** Indexes of the keys equal to `key`. */
  find(key: string): number[] {
    const found: number[] = [];
    let slot = hashString(key) & this.mask;
    for (let at = this.slots.at(slot) as number; at !== -1; at = this.slots.at(slot) as number) {
      if (this.keys.equals(at, key)) found.push(at);
      slot = (slot + 1) & this.mask;
    }
    return found;
  }
}

/** Every name's prefix forms, sorted, with the key each comes from: autocomplete's binary search. */
export interface PrefixList {
  forms: StringColumn;
  keyIndex: IntColumn;
}

/**
 * What a KindIndex is made of. Built in memory from entry objects ({@link KindIndex.fromEntries}),
 * or over the catalog's stored index (stored.ts): then every column is paged (columns.ts), read
 * as lookups reach it, and an entry object is made only when a result needs it (building
 * ~300k person objects when the index opened took most of its opening time).
 */
export interface IndexSource<E> {
  /** Number of entries. */
  count: number;
  /** Every name of every entry ("key": title and original title…), entry by entry. */
  keys: StringColumn;
  /** The entry each key belongs to (ascending). */
  keyEntry: IntColumn;
  make(entryIndex: number): E;
  /**
   * What the role, catalog and platform filters read (numbers, catalog, platform), in one
   * reused object: filters see hundreds of candidates a query, most never shown, and made
   * into entries they cost a third of a first-time search. With `weight` given, the view's
   * weight is not set (read KindIndex.weight).
   */
  view(entryIndex: number): E;
  /** Stored parts; without them, each is built from the keys on first use. */
  exactSlots?: IntColumn;
  trigrams?: () => StoredTrigrams;
  prefixes?: () => PrefixList;
  /** Whole-word lookup: a word → its entries, heaviest first (see WordIndex). */
  words?: () => (word: string) => ArrayLike<number>;
  /**
   * The short names to scan for two-edit typos (nearby.ts): stored, or `true` to build them
   * here; absent for kinds too large to scan (people).
   */
  nearby?: (() => NearbyParts) | true;
  /** An entry's weight when view() does not give it (stored people: paged, read for ranking only). */
  weight?: (entryIndex: number) => number;
  /** Reads every stored part not read yet, a little per step (stored.ts). */
  preload?: () => Generator<void>;
}

/** A key's forms, computed the first time it is a candidate. */
interface KeyForms {
  /** keyForm: what the trigram index and edit distances look at. */
  bareForm: string;
  /** The full name without spaces, article kept. */
  fullName: string;
  /** The words without a leading article. */
  bareWords: string;
}

/** One kind's lookup structures; every name (title and original title) is one "key". */
export class KindIndex<E extends Entry> {
  readonly keyEntry: IntColumn;
  readonly keys: StringColumn;
  readonly size: number;
  /** Entry objects, made on first use. */
  private readonly made: (E | undefined)[];
  /** The query's forms as edit-distance patterns, reset per query (score() is not re-entrant). */
  private readonly patterns = { form: new OsaPattern(''), full: new OsaPattern('') };
  private readonly lazyExact: () => ExactKeys;
  private readonly lazyTrigrams: () => TrigramIndex;
  private readonly lazyPrefixes: () => PrefixList;
  private readonly lazyWords: () => WordIndex;
  private readonly lazyNearby: () => NearbyForms | null;
  /** Every key's form, for what is built in memory (trigrams, nearby names). */
  private readonly allForms = lazy(() => allStrings(this.keys).map((key) => keyForm(key)));

  constructor(private readonly source: IndexSource<E>) {
    this.size = source.count;
    this.keys = source.keys;
    this.keyEntry = source.keyEntry;
    this.made = new Array(source.count);
    const { exactSlots, trigrams, prefixes } = source;
    this.lazyExact = lazy(() => new ExactKeys(this.keys, exactSlots ?? ExactKeys.build(this.joinedKeys())));
    this.lazyTrigrams = lazy(() =>
      trigrams ? new TrigramIndex({ size: this.keys.length, stored: trigrams() }) : new TrigramIndex(this.allForms()),
    );
    this.lazyPrefixes = lazy(() => prefixes?.() ?? this.buildPrefixes());
    this.lazyNearby = lazy(() => {
      const { nearby } = source;
      if (!nearby) return null;
      return new NearbyForms(nearby === true ? this.nearbyParts() : nearby());
    });
    this.lazyWords = lazy(() => {
      if (source.words) return new WordIndex(source.words());
      const lists = this.wordLists();
      return new WordIndex((word) => lists.get(word) ?? []);
    });
  }

  /** The short names' scan parts, built here (public so the ETL can store them). */
  nearbyParts(): NearbyParts {
    const forms = this.allForms();
    return NearbyForms.build(
      forms.flatMap((form, keyIndex): [string, number][] => {
        const full = keyFullForm(this.keys.at(keyIndex));
        return full === form
          ? [[form, keyIndex]]
          : [
              [form, keyIndex],
              [full, keyIndex],
            ];
      }),
    );
  }

  /** Each word of the names → its entries, heaviest first (public so the ETL can store it). */
  wordLists(): Map<string, number[]> {
    return wordLists(this.keys, this.keyEntry, (entryIndex) => this.weight(entryIndex));
  }

  /** Whole-word lookup (words.ts), made on first use: companies and collections. */
  get words(): WordIndex {
    return this.lazyWords();
  }

  /**
   * An index over entry objects, everything derived in memory (a catalog without a stored
   * index, the ETL). `nearby`: scan short names for two-edit typos (not for people: too many).
   */
  static fromEntries<E extends Entry>(entries: E[], options: { nearby?: boolean } = {}): KindIndex<E> {
    const keys: string[] = [];
    const keyEntry: number[] = [];
    entries.forEach((entry, entryIndex) => {
      for (const key of entry.keys) {
        keys.push(key);
        keyEntry.push(entryIndex);
      }
    });
    const at = (entryIndex: number) => entries[entryIndex] as E;
    return new KindIndex({
      count: entries.length,
      keys: JoinedStrings.from(keys),
      keyEntry: Int32Array.from(keyEntry),
      make: at,
      view: at,
      nearby: options.nearby || undefined,
    });
  }

  /** The keys as one JoinedStrings (what ExactKeys.build hashes): themselves when built in memory. */
  private joinedKeys(): JoinedStrings {
    return this.keys instanceof JoinedStrings ? this.keys : JoinedStrings.from(allStrings(this.keys));
  }

  /**
   * Makes or reads everything a query may need, a step at a time (each a few ms): for a
   * server's idle moments after start-up, so later first queries read no page.
   */
  *preload(): Generator<void> {
    for (const part of [() => this.exact, () => this.trigrams, this.lazyNearby, () => this.prefixList()]) {
      part();
      yield;
    }
    if (this.source.words) this.lazyWords();
    if (this.source.preload) yield* this.source.preload();
  }

  /** Exact lookup of a normalized name. */
  get exact(): ExactKeys {
    return this.lazyExact();
  }

  get trigrams(): TrigramIndex {
    return this.lazyTrigrams();
  }

  /** The entry a key belongs to. */
  entryOf(keyIndex: number): number {
    return this.keyEntry.at(keyIndex) as number;
  }

  /** The entry at this position (made now if it was never asked for). */
  entry(entryIndex: number): E {
    let entry = this.made[entryIndex];
    if (!entry) {
      entry = this.source.make(entryIndex);
      this.made[entryIndex] = entry;
    }
    return entry;
  }

  /** An entry's weight (film count, votes), without making the entry. */
  weight(entryIndex: number): number {
    return this.source.weight ? this.source.weight(entryIndex) : this.view(entryIndex).weight;
  }

  /** The entry at this position as filters see it (valid until the next call; see IndexSource.view). */
  view(entryIndex: number): E {
    return this.made[entryIndex] ?? this.source.view(entryIndex);
  }

  /** Every entry (makes them all: for the ETL and benchmarks, not for queries). */
  allEntries(): E[] {
    return Array.from({ length: this.size }, (_, i) => this.entry(i));
  }

  /**
   * Best score per entry for a query: 1 when its normalized text is identical, else form
   * similarity. With a `limit`, only what can still be among the `limit` best entries is
   * scored exactly: candidates go by a cheap upper bound of their similarity (lengths only),
   * best first, and stop once that bound cannot reach the `limit`-th best score found.
   */
  score(query: string, accept: (entry: E) => boolean, options: ScoreOptions = {}): Map<number, number> {
    const { limit = Number.POSITIVE_INFINITY, stopAtExact = false, exactOnly = false, minScore = MIN_SCORE } = options;
    const key = normalizeKey(query);
    const form = searchForm(query);
    const full = fullForm(query);
    const scores = new Map<number, number>();
    if (!form) return scores;
    const best = new TopScores(limit);
    for (const keyIndex of this.exact.find(key)) {
      const entryIndex = this.entryOf(keyIndex);
      if (scores.has(entryIndex) || !accept(this.view(entryIndex))) continue;
      scores.set(entryIndex, 1);
      best.offer(entryIndex, 1);
    }
    if (exactOnly || (stopAtExact && scores.size > 0)) return scores;
    const acceptKey = (keyIndex: number) => accept(this.view(this.entryOf(keyIndex)));
    const candidates = this.trigrams.candidates(form, CANDIDATES, acceptKey);
    const bounds = candidates.map((keyIndex) =>
      this.keys.equals(keyIndex, key) ? 1 : this.upperBound(form, full, keyIndex),
    );
    const order = candidates.map((_, i) => i).sort((a, b) => (bounds[b] as number) - (bounds[a] as number));
    const scored: { keyIndex: number; score: number }[] = [];
    const formPattern = this.patterns.form.reset(form);
    const fullPattern = this.patterns.full.reset(full);
    const part = sequelNumber(keyWords(key));
    let top = 0;
    const scoreKey = (keyIndex: number, need: number) => {
      let score = this.keys.equals(keyIndex, key) ? 1 : this.similarity(formPattern, fullPattern, keyIndex, need);
      // "toy story 2" is one edit from "Toy Story", but another film: a different part number is not a typo.
      if (score > OTHER_PART && score < 1 && sequelNumber(this.keyForms(keyIndex).bareWords) !== part)
        score = OTHER_PART;
      scored.push({ keyIndex, score });
      if (score < 1) top = Math.max(top, score);
      best.offer(this.entryOf(keyIndex), score);
    };
    for (const i of order) {
      // The margin covers the punctuation tweak below and ties after rounding (decided by weight).
      const need = Math.max(minScore, best.threshold() - PRUNE_MARGIN);
      if ((bounds[i] as number) < need) break;
      scoreKey(candidates[i] as number, need);
    }
    // Nothing within one edit among the trigram candidates: a short name two edits away may
    // share no trigram with the query (nearby.ts), so the short names are scanned for it.
    const nearby = this.lazyNearby();
    if (nearby && top < 1 - 1 / form.length && 1 - NEARBY_EDITS / (form.length + NEARBY_EDITS) >= minScore) {
      const seen = new Set(candidates);
      nearby.within(formPattern, NEARBY_EDITS, (keyIndex) => {
        if (seen.has(keyIndex) || !acceptKey(keyIndex)) return;
        seen.add(keyIndex);
        scoreKey(keyIndex, minScore);
      });
    }
    for (let { keyIndex, score } of scored) {
      // Among names equally close in words, the one closer in punctuation too ("garden retrun"
      // prefers Garden Return to Garden, Return): 0.002 per character-level edit, at most 0.01.
      // Only near the best score can it change an order, so only there is it computed.
      if (score < 1 && score >= top - 0.011) score -= 0.002 * Math.min(5, osaDistance(key, this.keys.at(keyIndex), 5)); // bounded: only up to 5 edits count
      const entryIndex = this.entryOf(keyIndex);
      if (score > (scores.get(entryIndex) ?? 0)) scores.set(entryIndex, score);
    }
    return scores;
  }

  /**
   * At least similarity(form, full, keyIndex), from lengths alone: an edit distance is at
   * least the difference in length, the full name is the bare form plus an article of at
   * most three letters, and a whole-word prefix needs the bare form to start with the query.
   */
  private upperBound(form: string, full: string, keyIndex: number): number {
    const { bareForm } = this.keyForms(keyIndex);
    const fullLength = Math.min(Math.max(full.length, bareForm.length), bareForm.length + 3);
    let bound = Math.min(
      0.99,
      Math.max(lengthRatio(form.length, bareForm.length), lengthRatio(full.length, fullLength)),
    );
    if (form.length < bareForm.length && bareForm.startsWith(form))
      bound = Math.max(bound, 0.7 + (0.2 * form.length) / bareForm.length);
    return bound;
  }

  /**
   * A name's similarity to a query not identical to it: the best of bare forms, full
   * forms (a misspelt article: "teh siege") and whole-word prefix ("e.t."); a match that
   * needed the name's article ignored loses a hair, so "memory" prefers Memory to The Memory.
   * Exact when at least `need`; below it, some value under `need` (the caller drops it).
   */
  private similarity(form: OsaPattern, full: OsaPattern, keyIndex: number, need: number): number {
    const { bareForm, fullName, bareWords } = this.keyForms(keyIndex);
    const prefix = prefixSimilarity(form.pattern, bareWords);
    // When the prefix score decides, the article rule below needs the exact bare similarity.
    const exactFrom = prefix >= need ? 0 : need;
    const bare = form.similarityAtLeast(bareForm, exactFrom);
    if (fullName === bareForm) return Math.max(bare, prefix);
    // Bounded by bare too: when bare reached `need`, a withArticle below `need` is below bare as well.
    const withArticle = full.similarityAtLeast(fullName, Math.min(exactFrom, bare));
    const best = Math.max(bare, withArticle, prefix);
    return withArticle < bare ? best - 0.005 : best;
  }

  /** A key's forms, computed the first time it is a candidate (kept: candidates recur). */
  private readonly formCache = new Map<number, KeyForms>();
  private keyForms(keyIndex: number): KeyForms {
    let forms = this.formCache.get(keyIndex);
    if (!forms) {
      const name = this.keys.at(keyIndex);
      forms = { bareForm: keyForm(name), fullName: keyFullForm(name), bareWords: keyPrefixForm(name) };
      this.formCache.set(keyIndex, forms);
    }
    return forms;
  }

  /** Entries with a name starting with `prefix` (article-insensitive), unordered, at most `cap`. */
  withPrefix(prefix: string, accept: (entry: E) => boolean, cap: number): Map<number, number> {
    const { forms, keyIndex } = this.prefixList();
    const wanted = prefixForm(prefix);
    const found = new Map<number, number>();
    if (!wanted) return found;
    for (let i = lowerBound(forms, wanted); i < forms.length && found.size < cap; i++) {
      const form = forms.at(i);
      if (!form.startsWith(wanted)) break;
      const entryIndex = this.entryOf(keyIndex.at(i) as number);
      if (found.has(entryIndex) || !accept(this.view(entryIndex))) continue;
      found.set(entryIndex, form === wanted ? 1 : Math.min(0.99, 0.5 + (0.5 * wanted.length) / form.length));
    }
    return found;
  }

  /** Built on the first suggest() unless stored; public so the ETL can store it. */
  prefixList(): PrefixList {
    return this.lazyPrefixes();
  }

  private buildPrefixes(): PrefixList {
    // Both the full name and the name without its leading article, so "matr" and "the matr" both find
    // The Matrix. "form NUL index" strings sorted natively: several times faster than a comparator.
    const tagged: string[] = [];
    allStrings(this.keys).forEach((key, i) => {
      const full = keyWords(key);
      const bare = keyPrefixForm(key);
      tagged.push(`${bare}\u0000${i}`);
      if (full !== bare) tagged.push(`${full}\u0000${i}`);
    });
    tagged.sort();
    const forms: string[] = [];
    const keyIndex = new Int32Array(tagged.length);
    tagged.forEach((t, i) => {
      const cut = t.lastIndexOf('\u0000');
      forms.push(t.slice(0, cut));
      keyIndex[i] = Number(t.slice(cut + 1));
    });
    return { forms: JoinedStrings.from(forms), keyIndex };
  }
}

/** Index of the first string of a sorted column not below `value`. */
export function lowerBound(sorted: StringColumn, value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted.at(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface ScoreOptions {
  /** Only what can be among this many best entries is scored exactly. */
  limit?: number;
  /** See SearchOptions. */
  stopAtExact?: boolean;
  exactOnly?: boolean;
  /** Below this a candidate is not scored exactly (its edit distance stops early). */
  minScore?: number;
}

/**
 * The most a name with another part number can score ("Toy Story" for "toy story 2"): shown as
 * a suggestion, never taken for what was asked (every acceptance bar is higher).
 */
const OTHER_PART = 0.65;

/** Edits the scan of short names (nearby.ts) looks for. */
const NEARBY_EDITS = 2;

/** Candidates whose bound is this far below the `limit`-th best may still matter (see score()). */
const PRUNE_MARGIN = 0.012;

function lengthRatio(a: number, b: number): number {
  const longest = Math.max(a, b);
  return longest === 0 ? 0 : Math.min(a, b) / longest;
}

/** The best score of up to `limit` distinct entries so far: what a candidate must reach to matter. */
class TopScores {
  private readonly entries: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly limit: number) {}

  offer(entry: number, score: number): void {
    if (!Number.isFinite(this.limit)) return;
    const at = this.entries.indexOf(entry);
    if (at >= 0) {
      this.values[at] = Math.max(this.values[at] as number, score);
    } else if (this.entries.length < this.limit) {
      this.entries.push(entry);
      this.values.push(score);
    } else {
      const lowest = this.values.indexOf(Math.min(...this.values));
      if (score > (this.values[lowest] as number)) {
        this.entries[lowest] = entry;
        this.values[lowest] = score;
      }
    }
  }

  /** 0 until `limit` entries have a score. */
  threshold(): number {
    return this.entries.length < this.limit ? 0 : Math.min(...this.values);
  }
}

function cleanQuery(query: unknown): string {
  return typeof query === 'string' ? query.slice(0, MAX_QUERY_CHARS) : '';
}

const YEAR_AT_END = /^(.*\S)\s+\(?(\d{4})\)?$/u;

/** "psycho 1960" → { text: 'psycho', year: 1960 }; titles that end in a number are also searched whole. */
export function splitYear(query: string): { text: string; year: number } | null {
  const found = YEAR_AT_END.exec(query.trim());
  if (!found) return null;
  const year = Number(found[2]);
  if (year < 1870 || year > new Date().getUTCFullYear() + 2) return null;
  return { text: found[1] as string, year };
}

function titleMatch(entry: TitleEntry, score: number): Match {
  const match: Match = {
    kind: 'title',
    id: entry.id,
    name: entry.name,
    score: round(score),
    year: entry.year,
    catalog: entry.catalog,
    weight: entry.weight,
  };
  if (entry.platform) match.platform = entry.platform;
  return match;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** Kinds whose short names are scanned for two-edit typos: all but people (~300k names: too many to scan). */
export const NEARBY = { nearby: true };

export function createEntitySearch(db: Db): EntitySearch {
  // The ETL's stored index when the catalog has one (full catalog: ~10× faster to open), else built here.
  const titles = lazy(() => loadStoredIndex<TitleEntry>(db, 'title') ?? KindIndex.fromEntries(loadTitles(db), NEARBY));
  const people = lazy(() => loadStoredIndex<NameEntry>(db, 'person') ?? KindIndex.fromEntries(loadPeople(db)));
  const collections = lazy(
    () => loadStoredIndex<NameEntry>(db, 'collection') ?? KindIndex.fromEntries(loadNamed(db, 'collection'), NEARBY),
  );
  const companies = lazy(
    () => loadStoredIndex<NameEntry>(db, 'company') ?? KindIndex.fromEntries(loadNamed(db, 'company'), NEARBY),
  );
  const named = { person: people, collection: collections, company: companies };
  const wordIndexes = {
    collection: () => collections().words,
    company: () => companies().words,
  };

  function searchTitles(rawQuery: string, options: TitleQuery = {}): Match[] {
    const query = cleanQuery(rawQuery);
    const index = titles();
    const accept = titleFilter(options);
    const limit = options.limit ?? DEFAULT_LIMIT;
    // The year pass merges scaled scores (WRONG_YEAR_FACTOR): it is scored without the limit's pruning.
    const minScore = Math.max(MIN_SCORE, options.minScore ?? 0);
    const { stopAtExact, exactOnly } = options;
    const scores = index.score(query, accept, { limit, stopAtExact, exactOnly, minScore });
    const split = splitYear(query);
    if (split && !exactOnly && !(stopAtExact && scores.size > 0)) {
      for (const [entryIndex, score] of index.score(split.text, accept, { minScore })) {
        const sameYear = index.entry(entryIndex).year === split.year;
        const yearScore = sameYear ? score : score * WRONG_YEAR_FACTOR;
        if (yearScore > (scores.get(entryIndex) ?? 0)) scores.set(entryIndex, yearScore);
      }
    }
    const year = options.year ?? split?.year;
    return rankTitles(index, scores, year, limit, minScore);
  }

  /**
   * Edit-distance matches, plus (companies, collections) the names holding the typed words,
   * re-scored for whole words (words.ts): "Spielberg" → Steven Spielberg, "Pixar" → Pixar
   * Animation Studios. minScore applies after that, since a whole word lifts a low score.
   */
  function searchNames(kind: Exclude<EntityKind, 'title'>, rawQuery: string, options: NameQuery = {}): Match[] {
    const index = named[kind]();
    const query = cleanQuery(rawQuery);
    const limit = options.limit ?? DEFAULT_LIMIT;
    const accept = (entry: NameEntry) => hasRole(entry, options);
    const scores = index.score(query, accept, {
      limit,
      stopAtExact: options.stopAtExact,
      exactOnly: options.exactOnly,
    });
    const fuzzy = rankNames(kind, index, scores, limit);
    if (options.exactOnly || (options.stopAtExact && fuzzy[0]?.score === 1)) return fuzzy;
    const withWords =
      kind === 'person'
        ? []
        : wordIndexes[kind]()
            .lookup(query)
            .map((entryIndex) => nameMatch(kind, index.entry(entryIndex), 0));
    const minScore = Math.max(MIN_SCORE, options.minScore ?? 0);
    return withWholeWords(query, [...fuzzy, ...withWords])
      .filter((m) => m.score >= minScore)
      .slice(0, limit);
  }

  function suggest(kind: EntityKind, rawPrefix: string, options: SuggestOptions = {}) {
    const prefix = cleanQuery(rawPrefix);
    const limit = options.limit ?? SUGGEST_LIMIT;
    // Enough prefix hits to pick the heaviest `limit` among them without scanning a huge range.
    const cap = limit * 40;
    if (kind === 'title') {
      const index = titles();
      const scores = index.withPrefix(prefix, titleFilter(options), cap);
      const byWeight = rankTitles(index, flatten(scores), undefined, limit);
      return byWeight.length >= limit ? byWeight : fillUp(byWeight, searchTitles(prefix, options), limit);
    }
    const index = named[kind]();
    const filters = { catalog: options.catalog, role: options.role };
    const accept = (entry: NameEntry) => hasRole(entry, filters);
    const byWeight = rankPrefixHits(kind, index, flatten(index.withPrefix(prefix, accept, cap)), limit);
    return byWeight.length >= limit ? byWeight : fillUp(byWeight, searchNames(kind, prefix, filters), limit);
  }

  function* preload(): Generator<void> {
    for (const index of [titles, people, companies, collections] as (() => KindIndex<Entry>)[]) {
      yield;
      yield* index().preload();
    }
  }

  return {
    preload,
    titles: searchTitles,
    people: (query, options) => searchNames('person', query, options),
    collections: (query, options) => searchNames('collection', query, options),
    companies: (query, options) => searchNames('company', query, options),
    suggest,
  };
}

/** Autocomplete ranks every prefix hit alike (then by weight): a longer title is not a worse completion. */
function flatten(scores: Map<number, number>): Map<number, number> {
  return new Map([...scores].map(([entryIndex, score]) => [entryIndex, score === 1 ? 1 : 0.99]));
}

function fillUp(first: Match[], more: Match[], limit: number): Match[] {
  const seen = new Set(first.map((m) => m.id));
  return [...first, ...more.filter((m) => !seen.has(m.id))].slice(0, limit);
}

function titleFilter(options: { catalog?: CatalogName; platform?: string }): (entry: TitleEntry) => boolean {
  const { catalog, platform } = options;
  if (!catalog && !platform) return () => true;
  return (entry) => (!catalog || entry.catalog === catalog) && (!platform || entry.platform === platform);
}

/**
 * The best `limit` titles: sorted on what filters see (view: year, catalog, weight, copied
 * since view() reuses one object), so only the titles returned are made into entries.
 */
function rankTitles(
  index: KindIndex<TitleEntry>,
  scores: Map<number, number>,
  year: number | undefined,
  limit: number,
  minScore = MIN_SCORE,
) {
  return [...scores]
    .filter(([, score]) => score >= minScore)
    .map(([entryIndex, score]) => ({ entryIndex, score, seen: { ...index.view(entryIndex) } }))
    .sort((a, b) => round(b.score) - round(a.score) || compareTitles(a.seen, b.seen, year))
    .slice(0, limit)
    .map(({ entryIndex, score }) => titleMatch(index.entry(entryIndex), score));
}

function nameMatch(kind: EntityKind, entry: NameEntry, score: number): Match {
  return { kind, id: entry.name, name: entry.name, score: round(score), weight: entry.weight };
}

/** The best `limit` names by score, weight, then name (read only to break a tie): only those are made into entries. */
function rankNames(kind: EntityKind, index: KindIndex<NameEntry>, scores: Map<number, number>, limit: number): Match[] {
  const name = (entryIndex: number) => index.entry(entryIndex).name;
  return [...scores]
    .filter(([, score]) => score >= MIN_SCORE)
    .map(([entryIndex, score]) => ({ entryIndex, score: round(score), weight: index.weight(entryIndex) }))
    .sort((a, b) => b.score - a.score || b.weight - a.weight || name(a.entryIndex).localeCompare(name(b.entryIndex)))
    .slice(0, limit)
    .map(({ entryIndex, score }) => nameMatch(kind, index.entry(entryIndex), score));
}

/**
 * Autocomplete's names by weight; equal weights stay in the order withPrefix found them
 * (alphabetical by name form: the sort is stable). Not by display name as rankNames does:
 * hundreds of prefix hits often share a weight, and each name read is a page of the stored
 * index (~0.1 s for a first «john» among 300k people).
 */
function rankPrefixHits(kind: EntityKind, index: KindIndex<NameEntry>, scores: Map<number, number>, limit: number) {
  return [...scores]
    .map(([entryIndex, score]) => ({ entryIndex, score: round(score), weight: index.weight(entryIndex) }))
    .sort((a, b) => b.score - a.score || b.weight - a.weight)
    .slice(0, limit)
    .map(({ entryIndex, score }) => nameMatch(kind, index.entry(entryIndex), score));
}

/** People filters: role and catalog, from the film counts; other kinds have no counts and always pass. */
function hasRole(entry: NameEntry, options: NameQuery): boolean {
  const counts = entry.counts;
  if (!counts || (!options.role && !options.catalog)) return true;
  const movies = options.catalog !== 'streaming';
  const streaming = options.catalog !== 'movies';
  const actor = options.role !== 'director';
  const director = options.role !== 'actor';
  return (
    (movies && actor && counts.movieActor > 0) ||
    (movies && director && counts.movieDirector > 0) ||
    (streaming && actor && counts.streamingActor > 0) ||
    (streaming && director && counts.streamingDirector > 0)
  );
}

/** The contract's tie-breaks: the year the user gave, then movies before streaming, most votes / most recent. */
function compareTitles(a: TitleEntry, b: TitleEntry, year?: number): number {
  if (year !== undefined) {
    const ya = a.year === year ? 0 : 1;
    const yb = b.year === year ? 0 : 1;
    if (ya !== yb) return ya - yb;
  }
  if (a.catalog !== b.catalog) return a.catalog === 'movies' ? -1 : 1;
  return b.weight - a.weight;
}
