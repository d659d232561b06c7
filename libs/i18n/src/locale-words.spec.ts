import { type Locale, LOCALE_RESOURCES, SUPPORTED_LOCALES, translate } from './i18n.js';

type Tree = { readonly [key: string]: string | Tree };

function texts(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[prefix + key, value]] : texts(value, `${prefix}${key}.`),
  );
}

/**
 * The only Latin words a Cyrillic text may hold: file formats, the QR code, JSON and the HTTP
 * headers named in messages only programs get, and the product's own name.
 */
const LATIN_ALLOWED = new Set([
  'csv',
  'xlsx',
  'xls',
  'pdf',
  'png',
  'jpeg',
  'zip',
  // the encoding Excel's "Save as" names: «CSV UTF-8»
  'utf',
  'excel',
  'qr',
  'json',
  'api',
  'iso',
  'nul',
  'authorization',
  'bearer',
  'idempotency-key',
  'cascade',
]);

/** Latin words outside interpolations, markup and example codes (KG-O, UA-46). */
function latinWords(text: string): string[] {
  const prose = text
    .replace(/{{\s*\w+\s*(?:,\s*\w+\s*)?}}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b[A-Z]{2}-[A-Z0-9]{1,3}\b/g, ' ');
  return (prose.match(/[A-Za-z]+(?:-[A-Za-z]+)*/g) ?? []).filter((word) => !LATIN_ALLOWED.has(word.toLowerCase()));
}

describe.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('the %s texts', (locale) => {
  it('hold no Latin word inside Cyrillic text', () => {
    const found = texts(LOCALE_RESOURCES[locale])
      .map(([key, text]) => [key, latinWords(text).join(' ')])
      .filter(([, words]) => words !== '');
    expect(found).toEqual([]);
  });
});

describe('the Latin word check', () => {
  it('finds "band" in a Tajik text and lets the file formats pass', () => {
    expect(latinWords('Аз {{capacity}} ҷой {{enrolled}} band аст')).toEqual(['band']);
    expect(latinWords('Файли XLSX ё CSV (масалан, TJ-SU) <b>{{name}}</b>')).toEqual([]);
    expect(latinWords('бояд true бошад, UUID')).toEqual(['true', 'UUID']);
  });
});

/** Counts read naturally in every language, through i18next's plural keys and Intl.PluralRules. */
describe('plural texts', () => {
  const NUMBERS = [0, 1, 2, 5, 11, 21, 22, 25, 101];
  const groups = (locale: Locale) =>
    NUMBERS.map((count) => translate(locale, 'web.imports.accept_duplicates', { count }).match(/\((.*)\)/)?.[1]);
  const characters = (locale: Locale) =>
    NUMBERS.map((count) => translate(locale, 'validation.maxLength', { count }).replace(/\.$/, ''));

  it.each<[Locale, string[]]>([
    [
      'en',
      ['0 groups', '1 group', '2 groups', '5 groups', '11 groups', '21 groups', '22 groups', '25 groups', '101 groups'],
    ],
    [
      'ru',
      ['0 групп', '1 группа', '2 группы', '5 групп', '11 групп', '21 группа', '22 группы', '25 групп', '101 группа'],
    ],
    ['uk', ['0 груп', '1 група', '2 групи', '5 груп', '11 груп', '21 група', '22 групи', '25 груп', '101 група']],
    ['ky', ['0 топ', '1 топ', '2 топ', '5 топ', '11 топ', '21 топ', '22 топ', '25 топ', '101 топ']],
    ['tg', ['0 гурӯҳ', '1 гурӯҳ', '2 гурӯҳ', '5 гурӯҳ', '11 гурӯҳ', '21 гурӯҳ', '22 гурӯҳ', '25 гурӯҳ', '101 гурӯҳ']],
  ])('count groups in %s', (locale, expected) => {
    expect(groups(locale)).toEqual(expected);
  });

  it.each<[Locale, string]>([
    ['en', 'must be at most # character long|characters'],
    ['ru', 'должно содержать не более # символов|символа'],
    ['uk', 'має містити не більше ніж # символів|символ|символи'],
    ['ky', '# белгиден ашпашы керек'],
    ['tg', 'бояд на зиёдтар аз # аломат дошта бошад'],
  ])('count characters in %s', (locale) => {
    const expected: Record<Locale, string[]> = {
      en: [
        '0 characters',
        '1 character',
        '2 characters',
        '5 characters',
        '11 characters',
        '21 characters',
        '22 characters',
        '25 characters',
        '101 characters',
      ],
      ru: [
        '0 символов',
        '1 символа',
        '2 символов',
        '5 символов',
        '11 символов',
        '21 символа',
        '22 символов',
        '25 символов',
        '101 символа',
      ],
      uk: [
        '0 символів',
        '1 символ',
        '2 символи',
        '5 символів',
        '11 символів',
        '21 символ',
        '22 символи',
        '25 символів',
        '101 символ',
      ],
      ky: NUMBERS.map((n) => `${n} белгиден`),
      tg: NUMBERS.map((n) => `${n} аломат`),
    };
    const found = characters(locale).map((text) => text.match(/\d+ \S+/)?.[0]);
    expect(found).toEqual(expected[locale]);
  });
});
