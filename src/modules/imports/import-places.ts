import { REGION_GENERIC_WORDS } from './import-synonyms.js';

/**
 * Regions and organisations as files name them: in any of the five languages, with ’ ' ʼ or none
 * («L’viv», «Львівська»), with the plain letters people type for the Kyrgyz and Tajik ones
 * («вилояти Сугд» for «вилояти Суғд»), with «обл.» or «вил.» or nothing.
 */

const APOSTROPHES = /['’ʼ‘`´ʻ′"«»“”„]/g;

/** Cyrillic to plain Latin, the Kyrgyz, Tajik and Ukrainian letters folded with their neighbours. */
const TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'e', ж: 'j', з: 'z',
  и: 'i', і: 'i', ї: 'i', ӣ: 'i', й: 'i', к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o',
  ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ү: 'u', ӯ: 'u', ф: 'f', х: 'h', ҳ: 'h', ц: 'c',
  ч: 'c', ҷ: 'j', ш: 's', щ: 's', ъ: '', ы: 'i', ь: '', э: 'e', ю: 'u', я: 'a',
}; // prettier-ignore

/** Latin spellings of one sound, in the order they are folded (longest first). */
const LATIN_FOLDS: readonly [RegExp, string | ((match: string) => string)][] = [
  [/shch|sch/g, 's'],
  [/dzh|dj|zh/g, 'j'],
  [/kh|x/g, 'h'],
  [/gh/g, 'g'],
  [/ch|ts/g, 'c'],
  [/sh/g, 's'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/y[aeiou]/g, (match) => match[1]],
  [/y/g, 'i'],
];

/** Adjective endings: «Ошская», «Львівська», «L’vivska» name the region «Ош», «Львів», «Lviv». */
const ADJECTIVE_ENDINGS = /(ская|ский|ской|ська|ський|ської|skaya|skaia|skiy|skyi|sky|ska)$/;

const GENERIC = new Set(REGION_GENERIC_WORDS);

/** Letters only, lower case, apostrophes and quotes dropped, words as typed. */
function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function latinSkeleton(word: string): string {
  let latin = [...word].map((char) => TO_LATIN[char] ?? char).join('');
  for (const [pattern, replacement] of LATIN_FOLDS) {
    latin = typeof replacement === 'string' ? latin.replace(pattern, replacement) : latin.replace(pattern, replacement);
  }
  return latin.replace(/(.)\1+/g, '$1');
}

/** The key a place name is compared by: «Львівська обл.» and «L’vivska» both give `lviv`. */
export function placeKey(text: string, { generic }: { generic: boolean } = { generic: false }): string {
  return words(text)
    .filter((word) => !generic || !GENERIC.has(word))
    .map((word) => latinSkeleton(generic ? word.replace(ADJECTIVE_ENDINGS, '') : word))
    .filter((word) => word !== '')
    .sort()
    .join(' ');
}

/** A country's regions by code, by each name as written, and by each name's key. */
export interface RegionIndex {
  byName: ReadonlyMap<string, string>;
  /** Keys two regions share (rare) are left out: a key must name one region. */
  byKey: ReadonlyMap<string, string | null>;
  /** A code of this country, for the message of a row naming no region of it. */
  example: string | null;
}

export function regionIndex(
  regions: readonly { code: string; names: Record<string, string> | null }[],
  exactName: (name: string) => string,
): RegionIndex {
  const byName = new Map<string, string>();
  const byKey = new Map<string, string | null>();
  for (const region of regions) {
    for (const name of Object.values(region.names ?? {})) {
      byName.set(exactName(name), region.code);
      const key = placeKey(name, { generic: true });
      if (key === '') continue;
      byKey.set(key, byKey.has(key) && byKey.get(key) !== region.code ? null : region.code);
    }
  }
  // Codes last: a code always means its own region, whatever a name says.
  for (const region of regions) byName.set(region.code.toUpperCase(), region.code);
  const codes = regions.map((region) => region.code).sort();
  return { byName, byKey, example: codes[0] ?? null };
}

export function findRegion(index: RegionIndex, text: string, exactName: (name: string) => string): string | null {
  return (
    index.byName.get(text.trim().toUpperCase()) ??
    index.byName.get(exactName(text)) ??
    index.byKey.get(placeKey(text, { generic: true })) ??
    null
  );
}

/** A country's organisations, by the key of their names, and their names for suggestions. */
export interface OrganizationIndex {
  byKey: ReadonlyMap<string, string | null>;
  names: readonly { name: string; key: string }[];
}

export function organizationIndex(organizations: readonly { id: string; name: string }[]): OrganizationIndex {
  const byKey = new Map<string, string | null>();
  const names = organizations.map((organization) => {
    const key = placeKey(organization.name);
    byKey.set(key, byKey.has(key) && byKey.get(key) !== organization.id ? null : organization.id);
    return { name: organization.name, key };
  });
  return { byKey, names };
}

/** How many names a row naming no organisation of the country is offered. */
const SUGGESTIONS = 3;

/** The organisation a cell names, or the closest names (by shared letter pairs) when none. */
export function findOrganization(
  index: OrganizationIndex,
  text: string,
): { id: string } | { id: null; closest: string[] } {
  const key = placeKey(text);
  const id = index.byKey.get(key);
  if (id) return { id };
  const pairs = letterPairs(key);
  const closest = index.names
    .map((entry) => ({ name: entry.name, score: dice(pairs, letterPairs(entry.key)) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, SUGGESTIONS)
    .map((entry) => entry.name);
  return { id: null, closest };
}

function letterPairs(key: string): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const word of key.split(' ')) {
    for (let i = 0; i + 1 < word.length; i++) {
      const pair = word.slice(i, i + 2);
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    }
  }
  return pairs;
}

/** Sørensen–Dice over letter pairs: 1 for the same pairs, 0 for none shared. */
function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [pair, count] of a) {
    shared += Math.min(count, b.get(pair) ?? 0);
    total += count;
  }
  for (const count of b.values()) total += count;
  return total === 0 ? 0 : (2 * shared) / total;
}
