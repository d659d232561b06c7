import { isLatinScript, transliterate } from './transliterate.js';

describe('transliterate', () => {
  it.each([
    ['Тоқтоғулов', 'Toktogulov'],
    ['Токтогулов', 'Toktogulov'],
    ['Ҷалолиддин Раҳимов', 'Jaloliddin Rahimov'],
    ['Олена Коваленко', 'Olena Kovalenko'],
    ['Өмүрбек Жээнбеков', 'Omurbek Zheenbekov'],
    ['Айгүл Мамбетова', 'Aygul Mambetova'],
    ['Зарина Қодирова', 'Zarina Kodirova'],
    ['Ғайратҷон Ӯроқов', 'Gayratjon Urokov'],
    ['Шоҳида Ҳакимова', 'Shohida Hakimova'],
    ['Ҷамшед Раҳмонӣ', 'Jamshed Rahmoni'],
    ['Чыңгыз Айтматов', 'Chyngyz Aytmatov'],
    ['Щукин Юрий Ёсифович', 'Shchukin Yuriy Yosifovich'],
    ['Хасанов Цыбиков', 'Khasanov Tsybikov'],
    ['Подъячев Ильин', 'Podyachev Ilin'],
    ['Іван Ґудзь', 'Ivan Gudz'],
    ['Єва Їжакова', 'Yeva Yizhakova'],
  ])('%s → %s', (cyrillic, latin) => {
    expect(transliterate(cyrillic)).toBe(latin);
  });

  it('keeps the capitals of a name written in capitals', () => {
    expect(transliterate('ЖЭЭНБЕКОВ Өмүрбек')).toBe('ZHEENBEKOV Omurbek');
    expect(transliterate('Ж. Ш. Раҳимов')).toBe('Zh. Sh. Rahimov');
  });

  it('keeps what is not Cyrillic: Latin names, hyphens, apostrophes, digits', () => {
    expect(transliterate('Anna-Maria O’Neil')).toBe('Anna-Maria O’Neil');
    expect(transliterate('Мамытова-Осмонова')).toBe('Mamytova-Osmonova');
  });

  it('reads letters typed as a base letter and a combining mark (и + U+0306 is й)', () => {
    expect(transliterate('Маи\u0306ра')).toBe('Mayra');
    expect(transliterate('Раҳмони\u0304')).toBe('Rahmoni');
  });

  describe('the Ukrainian scheme (national standard of 2010)', () => {
    it.each([
      ['Олена Коваленко', 'Olena Kovalenko'],
      ['Григорій Сковорода', 'Hryhorii Skovoroda'],
      ['Юрій Яковенко', 'Yurii Yakovenko'],
      ['Марія Зґурська', 'Mariia Zgurska'],
      ['Згурський', 'Zghurskyi'],
      ['Євген Їжакевич', 'Yevhen Yizhakevych'],
      ['Йосип Андрійович', 'Yosyp Andriiovych'],
      ["В'ячеслав Мар’янович", 'Viacheslav Marianovych'],
      ['Щербина', 'Shcherbyna'],
    ])('%s → %s', (cyrillic, latin) => {
      expect(transliterate(cyrillic, 'ukrainian')).toBe(latin);
    });
  });
});

describe('isLatinScript', () => {
  it.each([
    ['Toktogulov', true],
    ['Jaloliddin Rahimov-Kodirov', true],
    ['Müller', true],
    ['Тоқтоғулов', false],
    ['ნინო', false],
  ])('%s → %s', (text, expected) => {
    expect(isLatinScript(text)).toBe(expected);
  });
});
