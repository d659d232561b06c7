import { memoized, transliterate } from '@cascade/common';

/**
 * The key a trainee's name is compared by, so that one person typed from different paper
 * sheets gets (nearly) one key: Тоқтоғулов Нурлан Асанович, ТОКТОГУЛОВ Нурлан and
 * Nurlan Toktogulov all become `nurlan toktogulov`.
 *
 * - Kyrgyz, Tajik, Kazakh and Ukrainian letters are folded to their Russian neighbours
 *   (ң→н, ө→о, ү→у, ғ→г, қ→к, ҳ→х, ҷ→ч, ӣ→и, ӯ→у, і/ї→и, є→е, ґ→г), ё to е, then the name is
 *   transliterated and reduced to a Latin skeleton in which the spellings of the usual
 *   schemes meet (kh/h/x, zh/j/dzh, y/i/j before a vowel, ie/ye/e, doubled letters).
 * - The patronymic (‑ович, ‑евна, ‑ич, … in any script) and the Kyrgyz / Uzbek "son of" /
 *   "daughter of" markers (uulu, kyzy, ugli, qizi) with the father's name before them are
 *   left out of the key and returned apart, so that their presence or absence does not
 *   matter but a different one can still count against a match.
 * - Case, hyphens, apostrophes, punctuation and word order do not matter: words are sorted.
 * - ч and ж (with дж) are one letter in the key: Tajik ҷ is typed as ч, дж, ch or j
 *   (Ҷамшед, Чамшед, Джамшед, Chamshed, Jamshed), and Kyrgyz ж as j or zh.
 *
 * The key is ASCII letters and spaces only: pg_trgm makes trigrams from it in any locale.
 */
/** The least pg_trgm word similarity of a searched name's key to a trainee's for the trainee to be found. */
export const NAME_SEARCH_SIMILARITY = 0.7;

export interface NameKey {
  /** Given names and surnames, sorted; null when the name has no letters. */
  key: string | null;
  /** The patronymic's skeleton, when the name has one. */
  patronymic: string | null;
}

/** Letters of the region's alphabets folded to the Russian letter a Russian keyboard types instead. */
const CYRILLIC_FOLDS: Readonly<Record<string, string>> = {
  ң: 'н',
  ө: 'о',
  ү: 'у',
  ғ: 'г',
  қ: 'к',
  ҳ: 'х',
  ҷ: 'дж', // as Russian spells it (Джалолиддин) and the Latin schemes (Jaloliddin)
  ӣ: 'и',
  ӯ: 'у',
  ә: 'а',
  ұ: 'у',
  һ: 'х',
  і: 'и',
  ї: 'и',
  є: 'е',
  ґ: 'г',
  ў: 'у',
  ё: 'е',
  э: 'е',
  й: 'и',
  ы: 'и',
  ъ: '',
  ь: '',
};

/** Latin letters with marks of other schemes (scholarly, Uzbek, Turkish), spelled as the plain schemes do. */
const LATIN_FOLDS: Readonly<Record<string, string>> = {
  š: 'sh',
  ş: 'sh',
  č: 'ch',
  ç: 'ch',
  ž: 'zh',
  ǧ: 'g',
  ğ: 'g',
  ı: 'i',
  ñ: 'n',
  ŋ: 'ng',
};

/**
 * Spellings of one sound in the schemes met on sign-in sheets, applied in this order to the
 * transliterated, lower-case name. The results are placeholders no scheme writes alone:
 * `w` for ш (and щ), `c` for ч, `j` for ж and дж, `x` for ц.
 */
const LATIN_SKELETON: readonly [RegExp, string][] = [
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/x/g, 'ks'], // Aleksey = Alexey, Maksim = Maxim (in Uzbek Latin x is х: Xasanov, rarer here)
  [/ck|c(?!h)/g, 'k'], // Viktor = Victor; ch stays ч
  [/shch|sch/g, 'w'],
  [/sh/g, 'w'],
  [/tch|ch/g, 'c'],
  [/dzh|dj|zh/g, 'j'],
  [/ts|tz/g, 'x'],
  [/kh|gh/g, 'h'],
  [/h/g, 'g'], // Ukrainian г is h, Russian г is g: Hryhorii = Григорий
  [/y/g, 'i'],
  [/ie|ye|ei/g, 'e'],
  [/io|yo/g, 'e'], // ё was folded to е: Semyonov = Семёнов = Semenov
  [/iu/g, 'u'], // ю after a consonant: Бюбюсара = Бүбүсара
  [/ng/g, 'n'], // Kyrgyz ң is written ng in Latin: Engsebaev = Эңсебаев = Энсебаев
  [/ou/g, 'u'],
  [/(.)\1+/g, '$1'], // Ахмаддулло = Ахмадулло, Zheenbekov = Жээнбеков
];

/** Patronymic endings as skeletons: -ович/-ovich → ovic, -овна → ovna, -івна → ivna, -ична → icna, Асануулу → ulu. */
const PATRONYMIC_ENDINGS = /(ovic|evic|ovna|evna|ivna|icna|ic|.{3}ulu|.{3}kizi|.{3}ogli|.{3}oglu)$/;
/** Words meaning "son of" / "daughter of" (uulu, kyzy, o'g'li, qizi): the word before is the father's name. */
const FILIAL_MARKERS = new Set(['ulu', 'kizi', 'kiz', 'ugli', 'ogli', 'oglu']);

/** The letters of a name as a Latin skeleton, one entry per word. */
export function skeletonWords(name: string): string[] {
  const folded = [...name.normalize('NFC').toLowerCase()]
    .map((char) => CYRILLIC_FOLDS[char] ?? LATIN_FOLDS[char] ?? char)
    .join('');
  // Marks of other Latin schemes (ū, ī, ö, é) are dropped once the letters above are spelled out.
  const latin = transliterate(folded)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // Apostrophes and hyphens join the parts of a word: Абдул-Азиз = Абдулазиз, O'ktam = Oktam.
    .replace(/['‘’ʼ`ʻ-]/g, '');
  return latin
    .split(/[^a-z]+/)
    .filter((word) => word.length > 0)
    .map(wordSkeleton)
    .filter((word) => word.length > 0);
}

/** A Latin word's skeleton; names share their words, so each word is worked out once. */
const wordSkeleton = memoized((word) =>
  LATIN_SKELETON.reduce((text, [pattern, to]) => text.replace(pattern, to), word),
);

/** ч (c) and ж / дж / ҷ (j) as one, once the patronymic endings (-ович → ovic) have been recognised. */
const foldAffricates = (word: string): string => word.replace(/c/g, 'j');

/**
 * The name key of a trainee's name (see {@link NameKey}). A name of one word after the
 * patronymic is removed keeps its patronymic words instead: the key must never be so short
 * that every Nurlan matches every other.
 */
export function nameKeyOf(fullName: string | null | undefined): NameKey {
  if (!fullName) return { key: null, patronymic: null };
  const words = skeletonWords(fullName);
  const kept: string[] = [];
  const patronymic: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const next = words[i + 1];
    if (FILIAL_MARKERS.has(word)) continue;
    if (next !== undefined && FILIAL_MARKERS.has(next) && kept.length + (words.length - i - 2) >= 1) {
      patronymic.push(word);
      continue;
    }
    // A patronymic follows a given name: never the first word, which may be a surname
    // that merely looks like one (Petrovich).
    if (i > 0 && words.length >= 3 && PATRONYMIC_ENDINGS.test(word)) {
      patronymic.push(word);
      continue;
    }
    kept.push(word);
  }
  if (kept.length === 0) return { key: null, patronymic: null };
  // "Asan uulu Bakyt": the father's name is the surname too; it stays the patronymic as well,
  // so that his son "Bakyt uulu Asan" is still told apart.
  if (kept.length === 1 && patronymic.length > 0) kept.push(...patronymic);
  return {
    key: kept.map(foldAffricates).sort().join(' ').slice(0, 200),
    patronymic: patronymic.length > 0 ? patronymic.map(foldAffricates).join(' ') : null,
  };
}
