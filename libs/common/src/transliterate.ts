import { memoized } from './memo.js';

/**
 * Cyrillic → Latin transliteration of people's names, for the `latinName` of a trainee or a
 * trainer when none is given: readable, ASCII, the spelling most passports of the region come close to.
 *
 * Two schemes:
 * - `central_asian` (default): Russian, Kyrgyz (ң ө ү), Tajik (ғ ӣ қ ӯ ҳ ҷ) and Kazakh letters,
 *   plain Latin letters without diacritics: Тоқтоғулов → Toktogulov, Ҷалолиддин → Jaloliddin.
 *   Ukrainian letters (і ї є ґ) are understood too.
 * - `ukrainian`: the national standard (Cabinet of Ministers resolution 55 of 2010), used for
 *   Ukraine: г → h, и → y, є/ї/й/ю/я spelled differently at the start of a word, зг → zgh.
 *
 * Anything that is not Cyrillic (Latin letters, digits, spaces, hyphens) is kept as it is.
 */
export type TransliterationScheme = 'central_asian' | 'ukrainian';

const COMMON: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kyrgyz
  ң: 'ng',
  ө: 'o',
  ү: 'u',
  // Tajik
  ғ: 'g',
  ӣ: 'i',
  қ: 'k',
  ӯ: 'u',
  ҳ: 'h',
  ҷ: 'j',
  // Kazakh (a plausible next country)
  ә: 'a',
  ұ: 'u',
  һ: 'h',
  // Ukrainian and Belarusian letters met in a name recorded outside Ukraine
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
};

const UKRAINIAN: Readonly<Record<string, string>> = {
  ...COMMON,
  г: 'h',
  и: 'y',
  // Within a word; at its start they are spelled as in INITIAL_UKRAINIAN.
  є: 'ie',
  ї: 'i',
  й: 'i',
  ю: 'iu',
  я: 'ia',
};

const INITIAL_UKRAINIAN: Readonly<Record<string, string>> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };

/** Apostrophes belong to the word (В'ячеслав): they are dropped, and the next letter is not initial. */
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);

const VELARS = new Set(['г', 'ғ', 'к', 'қ']);

// Asked of every letter of every name: each letter's answer is worked out once.
const letter = memoized((char) => /\p{L}/u.test(char));
const cyrillic = memoized((char) => /\p{Script=Cyrillic}/u.test(char));
const upper = memoized((char) => char !== char.toLowerCase() && char === char.toUpperCase());
const isLetter = (char: string | undefined): boolean => char !== undefined && letter(char);
const isCyrillic = (char: string | undefined): boolean => char !== undefined && cyrillic(char);
const isUpper = (char: string | undefined): boolean => char !== undefined && upper(char);

export function transliterate(text: string, scheme: TransliterationScheme = 'central_asian'): string {
  // NFC: й and ӣ typed as и + a combining mark become one letter.
  const chars = [...text.normalize('NFC')];
  const table = scheme === 'ukrainian' ? UKRAINIAN : COMMON;
  let result = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    const lower = char.toLowerCase();
    const previous = chars[i - 1];
    // Мар'яна → Maryana: an apostrophe inside a Cyrillic word only marks how the next letter sounds.
    if (APOSTROPHES.has(char) && isCyrillic(previous) && isCyrillic(chars[i + 1])) continue;
    if (scheme === 'ukrainian' && lower === 'г' && previous?.toLowerCase() === 'з') {
      result += withCase('gh', char, chars, i);
      continue;
    }
    if (lower === 'ң' && VELARS.has(chars[i + 1]?.toLowerCase() ?? '')) {
      // Чыңгыз → Chyngyz: the g of ng is already the next letter's.
      result += withCase('n', char, chars, i);
      continue;
    }
    const initial = !isLetter(previous) && !(previous !== undefined && APOSTROPHES.has(previous));
    const latin = (scheme === 'ukrainian' && initial ? INITIAL_UKRAINIAN[lower] : undefined) ?? table[lower];
    result += latin === undefined ? char : withCase(latin, char, chars, i);
  }
  return result;
}

/**
 * The Latin letters in the case of the Cyrillic one: Ж → Zh in Жээнбеков, but ZH in ЖЭЭНБЕКОВ
 * (an upper-case neighbour means the word is written in capitals).
 */
function withCase(latin: string, char: string, chars: string[], i: number): string {
  if (!isUpper(char) || latin === '') return latin;
  const neighbour = isLetter(chars[i + 1]) ? chars[i + 1] : chars[i - 1];
  if (latin.length > 1 && isUpper(neighbour) && isLetter(neighbour)) return latin.toUpperCase();
  return latin[0].toUpperCase() + latin.slice(1);
}

/** True when the text has no letter outside the Latin script (a derived name is usable). */
export function isLatinScript(text: string): boolean {
  return !/[^\P{L}\p{Script=Latin}]/u.test(text);
}
