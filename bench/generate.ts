/**
 * Full-scale synthetic raw data in EXACTLY the formats of the Kaggle files, for
 * benchmarks (the real `movies_metadata.csv` and `credits.csv` we have are partial:
 * see /work/shared/data/SOURCES.md).
 *
 *   npx tsx bench/generate.ts --out data/bench/raw --seed 42 [--scale 1] [--streaming]
 *
 * Writes `tmdb/movies_metadata.csv` (~45,466 rows), `credits.csv` (~45,476 rows,
 * ~4 KB of Python literal each, ~190 MB like the real file), `keywords.csv` (46,419),
 * `links.csv` (~45,843, CRLF) and `ratings_small.csv` (100,004 MovieLens-style ratings,
 * generate-ratings.ts), and, when the real streaming lists are absent (or
 * `--streaming` is given), the four streaming title lists (~23k titles). All counts
 * scale with `--scale`. Same seed and scale → byte-identical files.
 *
 * Realism that matters for the figures: names, companies, keywords and collections
 * are drawn with a power law, so a few people are in hundreds of films (commands'
 * latency depends on it); the real files' quirks appear at their real rates
 * (split records with a date in `id`, ~90 missing dates, duplicate rows, `None`s,
 * apostrophes and `\xa0` in names, multi-line overviews, empty budgets).
 *
 * Rows are written in 1 MB chunks as they are made (never the whole file in memory).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/util/random.js';
import { ChunkWriter } from './chunk-writer.js';
import { lensIdsOf, RATINGS_SMALL, scaledShape, writeRatings } from './generate-ratings.js';

/** Bump when the output format or content changes: it keys the benchmark's cached catalog. */
export const GENERATOR_VERSION = 3;

/** Real row counts of the full Kaggle files (SOURCES.md), the targets at scale 1. */
export const FULL_COUNTS = {
  movies: 45_466,
  credits: 45_476,
  keywords: 46_419,
  links: 45_843,
  netflix: 8_807,
  amazon: 9_668,
  disney: 1_450,
  hulu: 3_073,
} as const;

export interface GenerateOptions {
  out: string;
  seed?: number;
  /** 1 = the real sizes; tests use ~0.01. */
  scale?: number;
  /** Also write the streaming lists. Default: only when the real ones are absent. */
  streaming?: boolean;
}

export type { FileFigures } from './chunk-writer.js';

import type { FileFigures } from './chunk-writer.js';

export interface GenerateResult {
  version: number;
  seed: number;
  scale: number;
  streaming: boolean;
  files: Record<string, FileFigures>;
}

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
export const REAL_STREAMING_DIR = resolve(ROOT, '../shared/data/streaming');
/** Written last: its presence means the set is complete. */
export const STAMP_FILE = 'GENERATED.json';

// ------------------------------------------------------------------ randomness

/** A stateless integer hash (for properties of person #i that must not depend on draw order). */
function hash32(n: number, salt: number): number {
  let h = Math.imul(n ^ salt, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Index in [0, n) with a power law: index 0 is the most likely (k > 1 → heavier head). */
  skewed(n: number, k: number): number {
    return Math.floor(n * this.next() ** k);
  }
  /** Exponential-ish count with the given mean, capped. */
  count(mean: number, cap: number): number {
    return Math.min(cap, Math.floor(-mean * Math.log(1 - this.next())));
  }
  hex(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }
}

const HEX = '0123456789abcdef';
const B62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function imagePath(n: number, salt: number): string {
  let s = '/';
  let h = 0;
  for (let i = 0; i < 27; i++) {
    if (i % 5 === 0) h = hash32(n * 7 + i, salt);
    s += B62[h % 62];
    h = Math.floor(h / 62);
  }
  return `${s}.jpg`;
}

// ------------------------------------------------------------------ formats

/** True when repr() would not write `s` as plain text between single quotes. */
function needsPyEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    // ' " \ control characters, DEL and the no-break space (repr escapes it as \xa0)
    if (code === 39 || code === 34 || code === 92 || code < 0x20 || code === 0x7f || code === 0xa0) return true;
  }
  return false;
}

/** A string as Python's repr() writes it (the format of every nested field). */
export function pyStr(s: string): string {
  if (!needsPyEscape(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0xa0) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

const CSV_SPECIAL = /[",\n\r]/;

/** A CSV field with minimal quoting, as Python's csv module and pandas write it. */
export function csvField(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvRow(fields: string[], eol: string): string {
  return fields.map(csvField).join(',') + eol;
}

// ------------------------------------------------------------------ pools

const FIRST = (
  'James John Robert Michael William David Richard Joseph Thomas Charles Mary Patricia Jennifer Linda Elizabeth ' +
  'Barbara Susan Jessica Sarah Karen Daniel Matthew Anthony Mark Paul Steven Andrew Kenneth Joshua Kevin Nancy ' +
  'Lisa Betty Margaret Sandra Ashley Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura ' +
  'Helen Sharon Cynthia Kathleen Anna Peter Harold Walter Arthur Henry Jack Bess Fred George Frank Edward Ralph ' +
  'José María Jesús Ángel Álvaro Sofía Lucía Martín Inés Iñaki Begoña Núria Sergi Penélope Zoë Chloé Renée ' +
  'François Hélène Amélie Jérôme Gérard Céline Björn Søren Åsa Jürgen Günter Jörg Małgorzata Łukasz Paweł ' +
  'Dvořák Tomáš Zoltán Ádám Miloš Nikola Dmitri Olga Sergei Yuki Hiroshi Kenji Akira Mei Wei Jin Raj Priya ' +
  'Amitabh Shah Fatima Omar Leila Kwame Chidi Ngozi Aarav Diego Camila Mateo Valentina Gael Ximena Joaquín'
).split(' ');
const LAST = (
  'Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson ' +
  'White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell ' +
  'Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Flowers ' +
  "O'Brien O'Connor O'Hara O'Neil O'Toole D'Angelo D'Onofrio McDonald MacLeod Van_Dyke De_Niro Di_Caprio " +
  'García López Martínez Sánchez Pérez Gómez Fernández Núñez Muñoz Peña Ibáñez Domínguez Cortés Almodóvar ' +
  'Müller Schäfer Schröder Groß Köhler Weiß Böhm Dubois Lefèvre Girard Bonnet Rousseau Faure Mercier Gérard ' +
  'Kowalski Wiśniewski Wójcik Nowak Dvořáková Novák Horváth Nagy Kovács Petrović Ivanov Smirnov Popov ' +
  'Tanaka Suzuki Takahashi Watanabe Nakamura Kim Lee Park Chen Wang Zhang Liu Nguyễn Tran Kapoor Khan Sharma ' +
  'Patel Singh Okafor Mensah Silva Santos Oliveira Costa Ferreira Rossi Russo Bianchi Romano Ricci Lindqvist ' +
  'Andersson Johansson Ødegaard Hansen Jensen Nielsen Virtanen Korhonen'
).split(' ');
const ROLE_NOUNS = (
  'Detective Doctor Nurse Officer Sergeant Captain Bartender Waitress Reporter Teacher Student Priest Judge Driver ' +
  'Soldier Guard Neighbor Mother Father Sister Brother Girlfriend Boyfriend Agent Lawyer Singer Dancer Thief Boss ' +
  "Mayor Sheriff Pilot Clerk Cop Manager Professor Waiter Host Kid Woman Man Girl Boy Stranger Mrs._O'Reilly"
)
  .split(' ')
  .map((name) => name.replace('_', ' '));
const WORDS = (
  'night day love war city man woman dead last dark light blood road house river king queen heart dream shadow ' +
  'fire ice storm sea moon sun star ghost secret summer winter island street home garden wolf angel devil girl ' +
  'boy family friend stranger hunter killer lady lord journey return revenge silence promise truth memory game ' +
  'money gold stone mirror window door train ship mountain forest desert kingdom empire planet world story ' +
  'song dance fall rise edge line time life death hope fear rain wind snow paris tokyo berlin madrid rome cairo'
).split(' ');
const TITLE_FORMS = ['A', 'The A', 'A of the B', 'The A and the B', 'A B', "The A's B", 'A, B', 'A 2', 'A: B', 'B'];
const GENRES: ReadonlyArray<readonly [number, string, number]> = [
  [18, 'Drama', 20],
  [35, 'Comedy', 13],
  [53, 'Thriller', 8],
  [10749, 'Romance', 7],
  [28, 'Action', 7],
  [27, 'Horror', 5],
  [80, 'Crime', 4.5],
  [99, 'Documentary', 4],
  [12, 'Adventure', 3.5],
  [878, 'Science Fiction', 3],
  [10751, 'Family', 2.8],
  [9648, 'Mystery', 2.6],
  [14, 'Fantasy', 2.3],
  [16, 'Animation', 1.9],
  [10402, 'Music', 1.8],
  [36, 'History', 1.4],
  [10752, 'War', 1.3],
  [37, 'Western', 1],
  [10770, 'TV Movie', 0.8],
  [10769, 'Foreign', 0.2],
];
const MAJORS = [
  'Warner Bros.',
  'Metro-Goldwyn-Mayer (MGM)',
  'Paramount Pictures',
  'Twentieth Century Fox Film Corporation',
  'Universal Pictures',
  'Columbia Pictures Corporation',
  'Canal+',
  'Columbia Pictures',
  'RKO Radio Pictures',
  'United Artists',
  'New Line Cinema',
  'Walt Disney Pictures',
  'Miramax Films',
  'Toho Company',
  'Gaumont',
  'StudioCanal',
  'Touchstone Pictures',
  'Lionsgate',
  'DreamWorks SKG',
  'Pixar Animation Studios',
];
const COMPANY_SUFFIX = ['Pictures', 'Films', 'Productions', 'Entertainment', 'Studios', 'Film', 'Cinéma', 'Media'];
const COUNTRIES: ReadonlyArray<readonly [string, string, number]> = [
  ['US', 'United States of America', 21],
  ['GB', 'United Kingdom', 4],
  ['FR', 'France', 3.9],
  ['DE', 'Germany', 2.2],
  ['IT', 'Italy', 2.1],
  ['CA', 'Canada', 1.8],
  ['JP', 'Japan', 1.6],
  ['ES', 'Spain', 1],
  ['RU', 'Russia', 0.9],
  ['IN', 'India', 0.8],
  ['HK', 'Hong Kong', 0.6],
  ['SE', 'Sweden', 0.6],
  ['AU', 'Australia', 0.6],
  ['KR', 'South Korea', 0.5],
  ['BE', 'Belgium', 0.5],
  ['DK', 'Denmark', 0.4],
  ['FI', 'Finland', 0.3],
  ['CN', 'China', 0.3],
  ['MX', 'Mexico', 0.3],
  ['NL', 'Netherlands', 0.3],
  ['BR', 'Brazil', 0.25],
  ['AR', 'Argentina', 0.25],
  ['PL', 'Poland', 0.2],
  ['CZ', 'Czech Republic', 0.2],
  ['IE', 'Ireland', 0.2],
  ['AT', 'Austria', 0.2],
  ['CH', 'Switzerland', 0.2],
  ['NO', 'Norway', 0.15],
  ['TR', 'Turkey', 0.1],
  ['IR', 'Iran', 0.1],
  ['XC', 'Czechoslovakia', 0.05],
  ['SU', 'Soviet Union', 0.05],
];
const LANGUAGES: ReadonlyArray<readonly [string, string, number]> = [
  ['en', 'English', 32],
  ['fr', 'Français', 2.4],
  ['it', 'Italiano', 1.5],
  ['ja', '日本語', 1.3],
  ['de', 'Deutsch', 1],
  ['es', 'Español', 1],
  ['ru', 'Pусский', 0.8],
  ['hi', 'हिन्दी', 0.5],
  ['ko', '한국어/조선말', 0.4],
  ['zh', '普通话', 0.4],
  ['sv', 'svenska', 0.4],
  ['pt', 'Português', 0.3],
  ['cn', '广州话 / 廣州話', 0.3],
  ['fi', 'suomi', 0.3],
  ['nl', 'Nederlands', 0.25],
  ['da', 'Dansk', 0.2],
  ['pl', 'Polski', 0.2],
  ['tr', 'Türkçe', 0.15],
  ['cs', 'Český', 0.13],
  ['fa', 'فارسی', 0.1],
  ['xx', 'No Language', 0.05],
];
const CREW_JOBS: ReadonlyArray<readonly [string, string]> = [
  ['Screenplay', 'Writing'],
  ['Producer', 'Production'],
  ['Original Music Composer', 'Sound'],
  ['Director of Photography', 'Camera'],
  ['Editor', 'Editing'],
  ['Writer', 'Writing'],
  ['Executive Producer', 'Production'],
  ['Casting', 'Production'],
  ['Production Design', 'Art'],
  ['Novel', 'Writing'],
  ['Costume Design', 'Costume & Make-Up'],
  ['Art Direction', 'Art'],
  ['Set Decoration', 'Art'],
  ['Sound Designer', 'Sound'],
  ['Makeup Artist', 'Costume & Make-Up'],
  ['Stunt Coordinator', 'Crew'],
  ['Visual Effects Supervisor', 'Visual Effects'],
  ['Associate Producer', 'Production'],
];
const STATUSES = ['Released', 'Released', 'Released', 'Released', 'Rumored', 'Post Production', 'In Production'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function weightedPicker<T extends readonly unknown[]>(items: ReadonlyArray<T>, weightAt: number): (r: Random) => T {
  const total = items.reduce((sum, item) => sum + (item[weightAt] as number), 0);
  let running = 0;
  const cumulative = items.map((item) => {
    running += (item[weightAt] as number) / total;
    return running;
  });
  return (r) => {
    const u = r.next();
    const i = cumulative.findIndex((c) => u < c);
    return items[i < 0 ? items.length - 1 : i] as T;
  };
}
const pickGenre = weightedPicker(GENRES, 2);
const pickCountry = weightedPicker(COUNTRIES, 2);
const pickLanguage = weightedPicker(LANGUAGES, 2);

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// ------------------------------------------------------------------ the TMDB files

interface Scale {
  people: number;
  directors: number;
  companies: number;
  collections: number;
  keywords: number;
}

/**
 * Person #i's name. A bijection (multiplication by a prime modulo the number of
 * first × last × middle-initial combinations) scatters popular people over the
 * pools and keeps names unique for the first ~770k people, so a name lookup finds
 * one person, as it nearly always does in the real data.
 */
function personName(i: number): string {
  const combos = FIRST.length * LAST.length * 27;
  const j = (i * 1_000_003) % combos;
  const first = FIRST[j % FIRST.length] as string;
  const last = LAST[Math.floor(j / FIRST.length) % LAST.length] as string;
  const initial = Math.floor(j / (FIRST.length * LAST.length)); // 0 = no middle initial
  // ~1 in 1500 names carries a no-break space, like a few of the real ones.
  const space = hash32(i, 0x5eed) % 1500 === 0 ? '\u00a0' : ' ';
  const middle = initial === 0 ? '' : ` ${String.fromCharCode(64 + initial)}.`;
  return `${first}${middle}${space}${last}`;
}

function personEntryTail(i: number): { gender: number; id: number; profile: string } {
  const h = hash32(i, 0xface);
  return {
    gender: h % 10 < 3 ? 0 : h % 10 < 6 ? 1 : 2,
    id: i + 1,
    profile: h % 5 < 2 ? 'None' : pyStr(imagePath(i, 0xbeef)),
  };
}

function makeTitle(r: Random): string {
  const a = capitalize(r.pick(WORDS));
  const b = capitalize(r.pick(WORDS));
  return r
    .pick(TITLE_FORMS)
    .replace('A', a)
    .replace(/B(?=[^a-z]|$)/, b);
}

function makeSentence(r: Random): string {
  const n = r.int(6, 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
  if (r.chance(0.15)) words.splice(r.int(0, n - 1), 0, `"${r.pick(WORDS)}"`);
  if (r.chance(0.3)) words.splice(r.int(0, n - 1), 0, `${r.pick(WORDS)}'s`);
  return `${capitalize(words.join(' '))}${r.chance(0.2) ? ',' : ''} ${r.pick(WORDS)} ${r.pick(WORDS)}.`;
}

function makeOverview(r: Random): string {
  if (r.chance(0.02)) return '';
  const sentences: string[] = [];
  const n = r.int(1, 5);
  for (let i = 0; i < n; i++) sentences.push(makeSentence(r));
  // A few overviews hold a line break inside the quoted field, as in the real file.
  return sentences.join(r.chance(0.01) ? '\n' : ' ');
}

function isoDate(r: Random): string {
  const year = r.chance(0.7) ? r.int(1980, 2017) : r.int(1900, 1979);
  const month = r.int(1, 12);
  const day = r.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function listOf(entries: string[]): string {
  return `[${entries.join(', ')}]`;
}

interface MovieRow {
  id: number;
  fields: string[];
}

function movieRow(r: Random, id: number, s: Scale): MovieRow {
  const collection = r.chance(0.1) ? r.skewed(s.collections, 1.3) : -1;
  const genreCount = r.chance(0.05) ? 0 : r.int(1, 4);
  const genres = new Map<number, string>();
  for (let i = 0; i < genreCount; i++) {
    const [gid, name] = pickGenre(r);
    genres.set(gid, name);
  }
  const companies = new Set<number>();
  const companyCount = r.chance(0.26) ? 0 : r.int(1, 5);
  for (let i = 0; i < companyCount; i++) companies.add(r.skewed(s.companies, 2.2));
  const countries = new Map<string, string>();
  const countryCount = r.chance(0.14) ? 0 : r.count(0.4, 6) + 1;
  for (let i = 0; i < countryCount; i++) {
    const [code, name] = pickCountry(r);
    countries.set(code, name);
  }
  const [language] = pickLanguage(r);
  const spoken = new Map<string, string>();
  const spokenCount = r.chance(0.08) ? 0 : r.count(0.4, 8) + 1;
  for (let i = 0; i < spokenCount; i++) {
    const [code, name] = i === 0 ? (LANGUAGES.find((l) => l[0] === language) ?? pickLanguage(r)) : pickLanguage(r);
    spoken.set(code, name);
  }
  const hasMoney = r.chance(0.2);
  const budget = hasMoney ? Math.round(Math.exp(r.int(100, 190) / 10)) : 0;
  const revenue = hasMoney && r.chance(0.7) ? Math.round(budget * r.next() * 6) : 0;
  const title = makeTitle(r);
  const originalTitle = language === 'en' || r.chance(0.5) ? title : `${title} (${language})`;
  const runtime = r.chance(0.006) ? '' : `${r.chance(0.03) ? 0 : r.int(60, 190)}.0`;
  const votes = Math.max(0, Math.floor(Math.exp(r.next() * 9.1)) - 1);
  const date = r.chance(90 / 45466) ? '' : isoDate(r);
  return {
    id,
    fields: [
      r.chance(0.0002) ? 'True' : 'False',
      collection < 0
        ? ''
        : `{'id': ${collection + 10}, 'name': ${pyStr(`${capitalize(WORDS[collection % WORDS.length] as string)} ${collection} Collection`)}, 'poster_path': ${pyStr(imagePath(collection, 7))}, 'backdrop_path': ${r.chance(0.3) ? 'None' : pyStr(imagePath(collection, 8))}}`,
      String(budget),
      listOf([...genres].map(([gid, name]) => `{'id': ${gid}, 'name': ${pyStr(name)}}`)),
      r.chance(0.17) ? `http://www.${title.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com/` : '',
      String(id),
      r.chance(0.0004) ? '' : `tt${String(r.int(1, 7_000_000)).padStart(7, '0')}`,
      language,
      originalTitle,
      makeOverview(r),
      votes === 0 && r.chance(0.5) ? '0.0' : (r.next() * 12 * r.next()).toFixed(6),
      r.chance(0.01) ? '' : imagePath(id, 1),
      listOf([...companies].map((c) => `{'name': ${pyStr(companyName(c))}, 'id': ${c + 1}}`)),
      listOf([...countries].map(([code, name]) => `{'iso_3166_1': '${code}', 'name': ${pyStr(name)}}`)),
      date,
      String(revenue),
      runtime,
      listOf([...spoken].map(([code, name]) => `{'iso_639_1': '${code}', 'name': ${pyStr(name)}}`)),
      r.pick(STATUSES),
      r.chance(0.45) ? makeSentence(r) : '',
      title,
      'False',
      votes === 0 ? '0.0' : (r.int(10, 95) / 10).toFixed(1),
      String(votes),
    ],
  };
}

function companyName(i: number): string {
  if (i < MAJORS.length) return MAJORS[i] as string;
  const h = hash32(i, 0xc0c0);
  return `${capitalize(WORDS[h % WORDS.length] as string)} ${i} ${COMPANY_SUFFIX[(h >>> 8) % COMPANY_SUFFIX.length]}`;
}

function castList(r: Random, movieId: number, s: Scale, directors: number[]): string {
  if (r.chance(0.05)) return '[]';
  const n = 1 + r.count(12.5, 220);
  const chosen = new Set<number>();
  const entries: string[] = [];
  for (let order = 0; order < n; order++) {
    // Sometimes the director also acts (the get_actor rule must exclude those films).
    const person =
      order === 0 && directors.length > 0 && r.chance(0.03) ? (directors[0] as number) : r.skewed(s.people, 1.6);
    if (chosen.has(person)) continue;
    chosen.add(person);
    const tail = personEntryTail(person);
    const character = r.chance(0.08)
      ? ''
      : `${r.pick(ROLE_NOUNS)} ${r.chance(0.5) ? (LAST[hash32(person, movieId) % LAST.length] as string) : ''}`.trim() +
        (r.chance(0.05) ? ' (voice)' : '');
    entries.push(
      `{'cast_id': ${order + r.int(1, 30)}, 'character': ${pyStr(character)}, 'credit_id': '${r.hex(24)}', 'gender': ${tail.gender}, 'id': ${tail.id}, 'name': ${pyStr(personName(person))}, 'order': ${entries.length}, 'profile_path': ${tail.profile}}`,
    );
  }
  return listOf(entries);
}

function crewList(r: Random, s: Scale, directors: number[]): string {
  if (directors.length === 0 && r.chance(0.5)) return '[]';
  const entries: string[] = [];
  const entry = (person: number, job: string, department: string) => {
    const tail = personEntryTail(person);
    entries.push(
      `{'credit_id': '${r.hex(24)}', 'department': ${pyStr(department)}, 'gender': ${tail.gender}, 'id': ${tail.id}, 'job': ${pyStr(job)}, 'name': ${pyStr(personName(person))}, 'profile_path': ${tail.profile}}`,
    );
  };
  for (const d of directors) entry(d, 'Director', 'Directing');
  const n = r.count(9.5, 400);
  for (let i = 0; i < n; i++) {
    const [job, department] = r.pick(CREW_JOBS);
    entry(r.skewed(s.people, 1.3), job, department);
  }
  return listOf(entries);
}

function keywordList(r: Random, s: Scale): string {
  if (r.chance(14_795 / 46_419)) return '[]';
  const ids = new Set<number>();
  const n = 1 + r.count(5, 60);
  for (let i = 0; i < n; i++) ids.add(r.skewed(s.keywords, 1.8));
  return listOf(
    [...ids].map(
      (k) => `{'id': ${k + 1}, 'name': ${pyStr(`${WORDS[k % WORDS.length]}${k >= WORDS.length ? ` ${k}` : ''}`)}}`,
    ),
  );
}

function writeTmdb(out: string, seed: number, scale: number): Record<string, FileFigures> {
  const r = new Random(seed);
  const s: Scale = {
    people: Math.max(400, Math.round(260_000 * scale)),
    directors: Math.max(60, Math.round(17_000 * scale)),
    companies: Math.max(60, Math.round(23_000 * scale)),
    collections: Math.max(20, Math.round(1_700 * scale)),
    keywords: Math.max(200, Math.round(19_950 * scale)),
  };
  const target = {
    movies: Math.max(20, Math.round(FULL_COUNTS.movies * scale)),
    credits: Math.max(20, Math.round(FULL_COUNTS.credits * scale)),
    keywords: Math.max(20, Math.round(FULL_COUNTS.keywords * scale)),
    links: Math.max(20, Math.round(FULL_COUNTS.links * scale)),
  };
  const movies = new ChunkWriter(join(out, 'tmdb/movies_metadata.csv'));
  const credits = new ChunkWriter(join(out, 'tmdb/credits.csv'));
  const keywords = new ChunkWriter(join(out, 'tmdb/keywords.csv'));
  const links = new ChunkWriter(join(out, 'tmdb/links.csv'));
  movies.write(
    'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count\n',
    false,
  );
  credits.write('cast,crew,id\n', false);
  keywords.write('id,keywords\n', false);
  links.write('movieId,imdbId,tmdbId\r\n', false);

  // Where the real quirks go: 3 split records (10 + 15 fields, a date in `id`) and
  // ~30 exact duplicate rows, spread over the file.
  const splitAt = new Set([0.44, 0.65, 0.77].map((f) => Math.floor(f * target.movies)));
  const duplicates = Math.max(1, Math.round(30 * scale));
  const duplicateAt = new Map<number, number>(); // row index → index of the row it repeats
  for (let i = 0; i < duplicates; i++) {
    const at = r.int(Math.floor(target.movies * 0.1), target.movies - 1);
    duplicateAt.set(at, r.int(0, at - 1));
  }
  const keepRows = new Set(duplicateAt.values());
  const kept = new Map<number, string>();
  const usedIds = new Set<number>();
  const freshId = () => {
    let id = r.int(2, 470_000);
    while (usedIds.has(id)) id = r.int(2, 470_000);
    usedIds.add(id);
    return id;
  };
  let lensId = 0;
  let lastKeywordRow = '';
  const earlyIds: number[] = []; // ids that the extra credits rows repeat
  const extraKeywordRows = target.keywords - (target.movies - duplicates - 3);
  const keywordDupEvery = Math.max(1, Math.floor(target.movies / Math.max(1, extraKeywordRows)));
  const extraLinks = target.links - (target.movies - duplicates - 3);
  const linkExtraEvery = Math.max(1, Math.floor(target.movies / Math.max(1, extraLinks)));

  const writeLinks = (tmdbId: string) => {
    lensId += r.int(1, 7);
    links.write(`${lensId},${String(r.int(1, 7_000_000)).padStart(7, '0')},${tmdbId}\r\n`);
  };

  let index = 0;
  while (movies.rows < target.movies) {
    const repeated = duplicateAt.get(index);
    if (repeated !== undefined && kept.has(repeated)) {
      movies.write(kept.get(repeated) as string);
      index++;
      continue;
    }
    const row = movieRow(r, freshId(), s);
    if (splitAt.has(index) && movies.rows + 2 <= target.movies) {
      // The record breaks after `overview`; its tail becomes a 15-field row whose `id`
      // position holds the release date (the 3 malformed rows of the real file).
      const date = row.fields[14] || isoDate(r);
      movies.write(csvRow(row.fields.slice(0, 10), '\n'));
      movies.write(csvRow([` - ${makeSentence(r)}`, ...row.fields.slice(10, 14), date, ...row.fields.slice(15)], '\n'));
      index++;
      continue;
    }
    const text = csvRow(row.fields, '\n');
    if (keepRows.has(index)) kept.set(index, text);
    if (earlyIds.length < 50) earlyIds.push(row.id);
    movies.write(text);

    const directorCount = r.chance(0.03) ? 0 : r.chance(0.08) ? 2 : 1;
    const directors: number[] = [];
    for (let i = 0; i < directorCount; i++) directors.push(r.skewed(s.directors, 1.5) * 13 + 5);
    credits.write(csvRow([castList(r, row.id, s, directors), crewList(r, s, directors), String(row.id)], '\n'));
    lastKeywordRow = csvRow([String(row.id), keywordList(r, s)], '\n');
    keywords.write(lastKeywordRow);
    if (index % keywordDupEvery === 0 && keywords.rows + (target.movies - movies.rows) < target.keywords) {
      keywords.write(lastKeywordRow);
    }
    writeLinks(r.chance(219 / 45_843) ? '' : String(row.id));
    if (index % linkExtraEvery === 0 && links.rows + (target.movies - movies.rows) < target.links) {
      writeLinks(String(freshId()));
    }
    index++;
  }
  // Credits for ids not in the metadata, and repeated ids, up to the real count.
  while (credits.rows < target.credits) {
    const id = credits.rows % 2 === 0 ? freshId() : r.pick(earlyIds);
    credits.write(
      csvRow([castList(r, id, s, []), crewList(r, s, [r.skewed(s.directors, 1.5) * 13 + 5]), String(id)], '\n'),
    );
  }
  while (keywords.rows < target.keywords) keywords.write(lastKeywordRow);
  while (links.rows < target.links) writeLinks(r.chance(0.5) ? '' : String(freshId()));
  credits.trimFinal('\n'); // the real credits.csv has no final line break
  return {
    'tmdb/movies_metadata.csv': movies.close(),
    'tmdb/credits.csv': credits.close(),
    'tmdb/keywords.csv': keywords.close(),
    'tmdb/links.csv': links.close(),
  };
}

// ------------------------------------------------------------------ streaming lists

const STREAMING_FILES = {
  netflix: 'netflix_titles.csv',
  amazon: 'amazon_prime_titles.csv',
  disney: 'disney_plus_titles.csv',
  hulu: 'hulu_titles.csv',
} as const;
const RATINGS: Record<keyof typeof STREAMING_FILES, string[]> = {
  netflix: ['TV-MA', 'TV-14', 'TV-PG', 'R', 'PG-13', 'TV-Y7', 'TV-Y', 'PG', 'TV-G', 'NR', 'G'],
  amazon: ['13+', '16+', 'ALL', '18+', 'R', 'TV-MA', 'PG-13', '7+', 'TV-14', 'NR'],
  disney: ['TV-G', 'TV-PG', 'G', 'PG', 'TV-Y7', 'TV-14', 'PG-13', 'TV-Y'],
  hulu: ['TV-14', 'TV-MA', 'TV-PG', 'R', 'PG-13', 'TV-G', 'PG', 'NR', 'G'],
};
const STREAMING_GENRES = [
  'Dramas',
  'Comedies',
  'International Movies',
  'Documentaries',
  'Action & Adventure',
  'TV Dramas',
  'Kids',
  'Thrillers',
  'Romantic Movies',
  'Horror Movies',
  'Stand-Up Comedy',
  'Animation',
  'Family',
];
const STREAMING_COUNTRIES = [
  'United States',
  'United States',
  'United States',
  'India',
  'United Kingdom',
  'Canada',
  'France',
  'Japan',
  'Spain',
  'South Korea',
  'Germany',
  'Mexico',
  'West Germany',
  'Soviet Union',
];

function writeStreaming(out: string, seed: number, scale: number): Record<string, FileFigures> {
  const r = new Random(seed ^ 0x5157);
  const people = Math.max(300, Math.round(60_000 * scale));
  const figures: Record<string, FileFigures> = {};
  for (const [platform, file] of Object.entries(STREAMING_FILES) as [keyof typeof STREAMING_FILES, string][]) {
    const w = new ChunkWriter(join(out, 'streaming', file));
    w.write(
      'show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description\n',
      false,
    );
    const rows = Math.max(10, Math.round(FULL_COUNTS[platform] * scale));
    for (let i = 1; i <= rows; i++) {
      const movie = r.chance(platform === 'hulu' ? 0.48 : 0.72);
      const year = r.chance(0.8) ? r.int(2000, 2021) : r.int(1940, 1999);
      const seasons = 1 + r.count(1, 15);
      const duration = movie ? `${r.int(20, 200)} min` : seasons === 1 ? '1 Season' : `${seasons} Seasons`;
      // Hulu moves some durations into `rating` (and leaves `duration` empty), like the real file.
      const misplaced = platform === 'hulu' && r.chance(0.095);
      const rating = misplaced ? duration : r.chance(0.03) ? '' : r.pick(RATINGS[platform]);
      const added =
        platform === 'amazon' && r.chance(0.98)
          ? ''
          : `${r.chance(0.005) ? ' ' : ''}${r.pick(MONTHS)} ${r.int(1, 28)}, ${r.int(Math.max(year, 2008), 2021)}`;
      const castCount = platform === 'hulu' ? 0 : r.count(6, 40);
      const cast = Array.from({ length: castCount }, () => personName(r.skewed(people, 1.6) * 7 + 3)).filter(
        (name, k, all) => all.indexOf(name) === k,
      );
      w.write(
        csvRow(
          [
            `s${i}`,
            movie ? 'Movie' : 'TV Show',
            makeTitle(r),
            platform === 'hulu' || r.chance(0.3) ? '' : personName(r.skewed(people, 1.3) * 11 + 5),
            cast.join(', '),
            platform === 'amazon' && r.chance(0.93)
              ? ''
              : Array.from({ length: 1 + r.count(0.3, 4) }, () => r.pick(STREAMING_COUNTRIES))
                  .filter((c, k, all) => all.indexOf(c) === k)
                  .join(', '),
            added,
            String(year),
            rating,
            misplaced ? '' : duration,
            Array.from({ length: r.int(1, 3) }, () => r.pick(STREAMING_GENRES))
              .filter((g, k, all) => all.indexOf(g) === k)
              .join(', '),
            makeOverview(r) || makeSentence(r),
          ],
          '\n',
        ),
      );
    }
    figures[`streaming/${file}`] = w.close();
  }
  return figures;
}

// ------------------------------------------------------------------ entry points

export async function generateRawSet(options: GenerateOptions): Promise<GenerateResult> {
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 4)) throw new Error(`la escala debe estar entre 0 y 4 (se recibió ${scale})`);
  const streaming = options.streaming ?? !existsSync(REAL_STREAMING_DIR);
  const files = writeTmdb(options.out, seed, scale);
  // A ratings_small.csv beside them, like the Kaggle download (co-liking: etl/ratings.ts).
  files['tmdb/ratings_small.csv'] = writeRatings(
    join(options.out, 'tmdb/ratings_small.csv'),
    lensIdsOf(join(options.out, 'tmdb/links.csv')),
    scaledShape(RATINGS_SMALL, scale),
    seed,
  );
  if (streaming) Object.assign(files, writeStreaming(options.out, seed, scale));
  const result: GenerateResult = { version: GENERATOR_VERSION, seed, scale, streaming, files };
  writeFileSync(join(options.out, STAMP_FILE), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: resolve(ROOT, 'data/bench/raw') },
      seed: { type: 'string', default: '42' },
      scale: { type: 'string', default: '1' },
      streaming: { type: 'boolean' },
    },
  });
  const started = performance.now();
  const result = await generateRawSet({
    out: resolve(values.out),
    seed: Number(values.seed),
    scale: Number(values.scale),
    streaming: values.streaming,
  });
  for (const [file, f] of Object.entries(result.files)) {
    console.log(`${file.padEnd(36)} ${String(f.rows).padStart(7)} filas  ${(f.bytes / 1e6).toFixed(1).padStart(6)} MB`);
  }
  console.log(
    `Generado en ${((performance.now() - started) / 1000).toFixed(1)} s (semilla ${result.seed}, escala ${result.scale})`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  main().catch((error: unknown) => {
    console.error(
      `No se pudo generar el conjunto sintético: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}
