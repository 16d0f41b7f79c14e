/**
 * Country and language names ↔ ISO codes, from the platform's own ICU data
 * (Intl.DisplayNames in Spanish and English), as QUESTIONS.md asks: `Francia`,
 * `France`, `FR` → `FR`; `francés`, `French`, `fr` → `fr`. The few names ICU does
 * not produce (TMDB's "United States of America", "EE. UU.", historical states
 * in the streaming lists) live in aliases.json, as data.
 */
import { readFileSync } from 'node:fs';
import { closestNamed, type Named } from './closest.js';
import { normalizeWords } from './normalize.js';

type Kind = 'region' | 'language';

const aliases = JSON.parse(readFileSync(new URL('./aliases.json', import.meta.url), 'utf8')) as Record<
  Kind,
  Record<string, string>
>;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Region codes ICU names that are not ISO 3166-1 countries: the user-assigned ranges (AA,
 * QM–QZ, XA–XZ, ZZ = «Región desconocida») and the exceptionally reserved codes (EU, UN,
 * Ceuta y Melilla…). XK (Kosovo) stays: the streaming lists name it and it is used as a country.
 */
function notAnIsoCountry(code: string): boolean {
  if (code === 'XK') return false;
  return (
    code === 'AA' ||
    code === 'ZZ' ||
    (code[0] === 'Q' && code >= 'QM') ||
    code[0] === 'X' ||
    ['AC', 'CP', 'CQ', 'DG', 'EA', 'EU', 'EZ', 'IC', 'TA', 'UN'].includes(code)
  );
}

function allCodes(kind: Kind): string[] {
  const codes: string[] = [];
  for (const a of LETTERS) for (const b of LETTERS) codes.push(kind === 'region' ? (a + b).toUpperCase() : a + b);
  return codes;
}

interface CodeTable {
  byName: Map<string, string>;
  names: Map<string, { es: string; en: string }>;
}

function buildTable(kind: Kind): CodeTable {
  const es = new Intl.DisplayNames(['es'], { type: kind, fallback: 'none' });
  const en = new Intl.DisplayNames(['en'], { type: kind, fallback: 'none' });
  const byName = new Map<string, string>();
  const names = new Map<string, { es: string; en: string }>();
  for (const code of allCodes(kind)) {
    const nameEs = es.of(code);
    const nameEn = en.of(code);
    // ICU answers unknown codes with the code itself or nothing: skip those.
    if (!nameEs || !nameEn || nameEs.toLowerCase() === code.toLowerCase()) continue;
    // Deprecated aliases (DD, SU, ZR; iw, in) share their successor's name: "Alemania" must be DE, not DD.
    if (isAlias(kind, code)) continue;
    if (kind === 'region' && notAnIsoCountry(code)) continue;
    names.set(code, { es: nameEs, en: nameEn });
    for (const name of [nameEs, nameEn]) {
      const key = normalizeWords(name);
      if (!byName.has(key)) byName.set(key, code);
    }
  }
  for (const [name, code] of Object.entries(aliases[kind])) byName.set(normalizeWords(name), code);
  return { byName, names };
}

function isAlias(kind: Kind, code: string): boolean {
  try {
    const canonical = Intl.getCanonicalLocales(kind === 'region' ? `und-${code}` : code)[0] ?? '';
    return kind === 'region' ? canonical !== `und-${code}` : canonical !== code;
  } catch {
    return true;
  }
}

let regions: CodeTable | undefined;
let languages: CodeTable | undefined;
const regionTable = () => (regions ??= buildTable('region'));
const languageTable = () => (languages ??= buildTable('language'));

/** ISO 3166-1 alpha-2 (upper case) for a country name in Spanish or English, or a code; else null. */
export function countryCode(input: string): string | null {
  const table = regionTable();
  const trimmed = input.trim();
  if (/^[a-z]{2}$/i.test(trimmed) && table.names.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return table.byName.get(normalizeWords(trimmed)) ?? null;
}

/** ISO 639-1 (lower case) for a language name in Spanish or English, or a code; else null. */
export function languageCode(input: string): string | null {
  const table = languageTable();
  const trimmed = input.trim();
  if (/^[a-z]{2}$/i.test(trimmed) && table.names.has(trimmed.toLowerCase())) return trimmed.toLowerCase();
  return table.byName.get(normalizeWords(trimmed)) ?? null;
}

/** Display name of a country code in Spanish ("FR" → "Francia"); the code itself when unknown. */
export function countryName(code: string, locale: 'es' | 'en' = 'es'): string {
  return regionTable().names.get(code.toUpperCase())?.[locale] ?? code;
}

/** Display name of a language code in Spanish ("fr" → "francés"); the code itself when unknown. */
export function languageName(code: string, locale: 'es' | 'en' = 'es'): string {
  return languageTable().names.get(code.toLowerCase())?.[locale] ?? code;
}

/** Every known code with its names, for suggestions ("¿Quisiste decir …?"). */
export function knownCountries(): ReadonlyMap<string, { es: string; en: string }> {
  return regionTable().names;
}
export function knownLanguages(): ReadonlyMap<string, { es: string; en: string }> {
  return languageTable().names;
}

function named(table: ReadonlyMap<string, { es: string; en: string }>): Named[] {
  return [...table].map(([code, { es, en }]) => ({ label: `${es} (${code})`, value: code, names: [code, es, en] }));
}

/** The closest countries to an unknown name or code («Frnacia» → Francia (FR); «ZZ» → ZA, ZM, ZW), for suggestions. */
export function closestCountries(text: string, limit = 3): Named[] {
  return closestNamed(text, named(regionTable().names), limit);
}

/** The closest languages to an unknown name or code, for suggestions. */
export function closestLanguages(text: string, limit = 3): Named[] {
  return closestNamed(text, named(languageTable().names), limit);
}
