import { transliterate } from './transliterate.js';

describe('transliterate', () => {
  it.each([
    // Kyrgyz and Tajik letters
    ['Тоқтоғулов', 'Toktogulov'],
    ['Токтогулов', 'Toktogulov'],
    ['Нурлан', 'Nurlan'],
    ['Ҷалолиддин', 'Jaloliddin'],
    ['Ҳакимов Ӯткир', 'Hakimov Utkir'],
    ['Раҳимӣ', 'Rahimi'],
    ['Үмөт Жээнбеков', 'Umot Zheenbekov'],
    ['Чыңгыз Кеңешов', 'Chyngyz Kengeshov'],
    // Ukrainian letters and the apostrophe
    ['Олена Коваленко', 'Olena Kovalenko'],
    ['Їжакевич Євгенія', 'Yizhakevich Yevgeniya'],
    ['Ґалаґан', 'Galagan'],
    ["Мар'яна Григор’єва", 'Maryana Grigoryeva'],
    // Russian
    ['Щукин Юрий Эдуардович', 'Shchukin Yuriy Eduardovich'],
    ['Алёна Цой', 'Alyona Tsoy'],
    ['Хасанов Шухрат', 'Khasanov Shukhrat'],
    ['Подъячев Ильич', 'Podyachev Ilich'],
    ['Мамытбеков Жыргалбек', 'Mamytbekov Zhyrgalbek'],
  ])('writes %s as %s', (cyrillic, latin) => {
    expect(transliterate(cyrillic)).toBe(latin);
  });

  it('keeps a word of capitals in capitals, and capitalises only the first letter of a name', () => {
    expect(transliterate('ЩУКИН Щукин Ш. ЮЛИЯ')).toBe('SHCHUKIN Shchukin Sh. YULIYA');
  });

  it('keeps what is not Cyrillic: Latin letters, digits, hyphens, spaces', () => {
    expect(transliterate('Абдуллаева-Smith 2-я')).toBe('Abdullaeva-Smith 2-ya');
    expect(transliterate('Toktogulov')).toBe('Toktogulov');
    expect(transliterate("O'Brien")).toBe("O'Brien");
    expect(transliterate('')).toBe('');
  });

  it('reads a letter typed with a combining mark as the letter', () => {
    expect(transliterate('Наи\u0306мушин')).toBe('Naymushin');
  });
});
