/**
 * The name key as AddDuplicateDetection1795452106064 computed it: a copy of that day's
 * `nameKeyOf` (src/modules/duplicates/name-key.ts) and of the transliteration it reads
 * (libs/common/src/transliterate.ts), frozen here so that replaying the migrations on a new
 * server gives the keys the running servers got. Used by that migration only; when the app's
 * function changes, `npm run rekey` brings stored keys up to date (see the README).
 */
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

/** Apostrophes belong to the word (В'ячеслав): they are dropped, and the next letter is not initial. */
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);

const VELARS = new Set(['г', 'ғ', 'к', 'қ']);

const isLetter = (char: string | undefined): boolean => char !== undefined && /\p{L}/u.test(char);
const isCyrillic = (char: string | undefined): boolean => char !== undefined && /\p{Script=Cyrillic}/u.test(char);
const isUpper = (char: string | undefined): boolean =>
  char !== undefined && char !== char.toLowerCase() && char === char.toUpperCase();

function transliterate(text: string): string {
  // NFC: й and ӣ typed as и + a combining mark become one letter.
  const chars = [...text.normalize('NFC')];
  let result = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    const lower = char.toLowerCase();
    const previous = chars[i - 1];
    // Мар'яна → Maryana: an apostrophe inside a Cyrillic word only marks how the next letter sounds.
    if (APOSTROPHES.has(char) && isCyrillic(previous) && isCyrillic(chars[i + 1])) continue;
    if (lower === 'ң' && VELARS.has(chars[i + 1]?.toLowerCase() ?? '')) {
      // Чыңгыз → Chyngyz: the g of ng is already the next letter's.
      result += withCase('n', char, chars, i);
      continue;
    }
    const latin = COMMON[lower];
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

interface NameKey {
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
  [/ou/g, 'u'],
  [/(.)\1+/g, '$1'], // Ахмаддулло = Ахмадулло, Zheenbekov = Жээнбеков
];

/** Patronymic endings as skeletons: -ович/-ovich → ovic, -овна → ovna, -івна → ivna, -ична → icna, Асануулу → ulu. */
const PATRONYMIC_ENDINGS = /(ovic|evic|ovna|evna|ivna|icna|ic|.{3}ulu|.{3}kizi|.{3}ogli|.{3}oglu)$/;
/** Words meaning "son of" / "daughter of" (uulu, kyzy, o'g'li, qizi): the word before is the father's name. */
const FILIAL_MARKERS = new Set(['ulu', 'kizi', 'kiz', 'ugli', 'ogli', 'oglu']);

/** The letters of a name as a Latin skeleton, one entry per word. */
function skeletonWords(name: string): string[] {
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
    .map((word) => LATIN_SKELETON.reduce((text, [pattern, to]) => text.replace(pattern, to), word))
    .filter((word) => word.length > 0);
}

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
    key: kept.sort().join(' ').slice(0, 200),
    patronymic: patronymic.length > 0 ? patronymic.join(' ') : null,
  };
}
