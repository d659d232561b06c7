/**
 * Cyrillic → Latin, for the `latinName` of people whose names are written in Cyrillic: Russian,
 * Kyrgyz, Tajik, Ukrainian (and Kazakh and Uzbek letters, for the next countries). One plain
 * table in the spelling these names usually take in Latin letters (Тоқтоғулов → Toktogulov,
 * Ҷалолиддин → Jaloliddin): a search and sorting aid, not a passport spelling, which a person
 * may give instead. Any other character is kept as it is.
 */
const LETTERS: Readonly<Record<string, string>> = {
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
  // Ukrainian
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  // Kazakh and Uzbek
  ә: 'a',
  ұ: 'u',
  һ: 'h',
  ў: 'o',
};

const VELARS = new Set(['г', 'ғ', 'к', 'қ']);

/** The Ukrainian apostrophe (Мар'яна, Григор’єв) only marks a sound and is dropped. */
const APOSTROPHES = new Set(["'", '’', 'ʼ']);

const isCyrillic = (char: string | undefined) => char !== undefined && /\p{Script=Cyrillic}/u.test(char);
const isUpper = (char: string | undefined) => char !== undefined && char !== char.toLowerCase();

export function transliterate(text: string): string {
  // NFC first: "й" typed as и + a combining breve is one letter.
  const chars = [...text.normalize('NFC')];
  let result = '';
  chars.forEach((char, index) => {
    const lower = char.toLowerCase();
    // ң is "ng", but before a g or k already there just "n": Чыңгыз → Chyngyz, not Chynggyz.
    const latin = lower === 'ң' && VELARS.has(chars[index + 1]?.toLowerCase() ?? '') ? 'n' : LETTERS[lower];
    if (latin === undefined) {
      if (APOSTROPHES.has(char) && isCyrillic(chars[index - 1]) && isCyrillic(chars[index + 1])) return;
      result += char;
      return;
    }
    if (!isUpper(char) || latin === '') {
      result += latin;
      return;
    }
    // A capital in a word of capitals (ЩУКИН → SHCHUKIN) stays all capitals; else Shchukin.
    const neighbour = isCyrillic(chars[index + 1]) ? chars[index + 1] : chars[index - 1];
    const wordIsUpper = isCyrillic(neighbour) && isUpper(neighbour);
    result += wordIsUpper ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
  });
  return result;
}
