import { type Locale, LOCALE_RESOURCES, resolveLocale, SUPPORTED_LOCALES, translate } from './i18n.js';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result.set(path, value);
    else for (const [k, v] of leaves(value, path)) result.set(k, v);
  }
  return result;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const english = leaves(LOCALE_RESOURCES.en);
/** Plural texts are those English writes with an `_other` form (`enrol_this_one` alone is no plural). */
const pluralTexts = new Set([...english.keys()].filter((key) => key.endsWith('_other')).map((key) => key.slice(0, -6)));
/** A text's key without its plural form: `validation.maxLength_few` → `validation.maxLength`. */
const baseKey = (key: string) => {
  const base = key.replace(PLURAL, '');
  return pluralTexts.has(base) ? base : key;
};
const placeholders = (text: string) => [...new Set([...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]))].sort();
const textsOf = (locale: Locale) => leaves(LOCALE_RESOURCES[locale]);

/** Each plural text's forms, by the text's key. */
function pluralForms(texts: Map<string, string>): Map<string, string[]> {
  const forms = new Map<string, string[]>([...pluralTexts].map((key) => [key, []]));
  for (const key of texts.keys()) {
    const base = baseKey(key);
    if (base !== key) forms.get(base)?.push(key.slice(base.length + 1));
  }
  for (const list of forms.values()) list.sort();
  return forms;
}

describe.each(SUPPORTED_LOCALES)('the %s plural texts', (locale) => {
  const categories = [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();

  it('have exactly the forms the language’s plural rules name, each with its count', () => {
    const texts = textsOf(locale);
    const wrong = [...pluralForms(texts)].filter(([, forms]) => JSON.stringify(forms) !== JSON.stringify(categories));
    expect(wrong).toEqual([]);
    const countless = [...texts].filter(([key, text]) => baseKey(key) !== key && !placeholders(text).includes('count'));
    expect(countless).toEqual([]);
  });
});

describe.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('the %s texts', (locale) => {
  const texts = textsOf(locale);

  it('have every English key, and no other', () => {
    const keys = (map: Map<string, string>) => [...new Set([...map.keys()].map(baseKey))].sort();
    expect(keys(texts)).toEqual(keys(english));
  });

  it('leave no text empty', () => {
    const empty = [...texts].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('keep every interpolation of the English text', () => {
    const englishOf = (key: string) => english.get(key) ?? english.get(`${baseKey(key)}_other`) ?? '';
    const mismatched = [...texts]
      .filter(([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(englishOf(key))))
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('are translations, not copies of the English', () => {
    const copied = [...english].filter(([key, text]) => texts.get(key) === text).map(([key]) => key);
    expect(copied).toEqual([]);
  });
});

describe('translate', () => {
  it('fills in parameters', () => {
    expect(translate('ru', 'errors.job_not_found', { queue: 'system', id: '7' })).toBe(
      'В очереди system нет задачи 7.',
    );
  });
});

describe('a list of allowed values', () => {
  it('names each by its label in the language, joined by its "or"', () => {
    const values = 'judge, prosecutor, defense_lawyer';
    expect(translate('ru', 'validation.isEnum', { values })).toBe(
      'выберите одно из значений: Судья, Прокурор или Адвокат.',
    );
    expect(translate('tg', 'validation.isIn', { values: 'female, male' })).toMatch(
      /^яке аз инҳоро интихоб кунед: .+ ё .+\.$/,
    );
  });

  it('keeps codes that no list of the texts holds (sort fields), still joined by "or"', () => {
    expect(translate('en', 'validation.isIn', { values: 'startDate, -startDate' })).toBe(
      'choose one of: startDate or -startDate.',
    );
  });
});

describe('resolveLocale', () => {
  it.each([
    [undefined, null, 'en'],
    ['ru-RU,ru;q=0.9', null, 'ru'],
    ['ky-KG', null, 'ky'],
    ['tg-TJ;q=0.3,uk;q=0.6', null, 'uk'],
    ['de,fr;q=0.5', null, 'en'],
    ['*', null, 'en'],
    ['ru;q=0,tg', null, 'tg'],
    ['ru', 'ky', 'ky'],
    ['ru', 'xx', 'ru'],
  ])('Accept-Language %p with preference %p gives %p', (header, preferred, expected) => {
    expect(resolveLocale(header, preferred)).toBe(expected);
  });
});
