import { LOCALE_RESOURCES, resolveLocale, SUPPORTED_LOCALES, translate } from './i18n.js';

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

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
const english = leaves(LOCALE_RESOURCES.en);

describe.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('the %s texts', (locale) => {
  const texts = leaves(LOCALE_RESOURCES[locale]);

  it('have every English key, and no other', () => {
    expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('leave no text empty', () => {
    const empty = [...texts].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('keep every interpolation of the English text', () => {
    const mismatched = [...english]
      .filter(
        ([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(texts.get(key) ?? '')),
      )
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
