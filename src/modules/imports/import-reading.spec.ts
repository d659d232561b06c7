import { hasLostLetters, looksLikeFormula, phoneInE164, titleCaseIfCapitals } from './import-cells.js';
import { normalizeLabel } from './import-columns.js';
import { findOrganization, findRegion, organizationIndex, placeKey, regionIndex } from './import-places.js';

const names = (en: string, ru: string, ky: string, tg: string, uk: string) => ({ en, ru, ky, tg, uk });

describe('place names', () => {
  const ua = regionIndex(
    [
      {
        code: 'UA-46',
        names: names('Lviv Oblast', 'Львовская область', 'Львов облусу', 'вилояти Лвов', 'Львівська область'),
      },
      { code: 'UA-30', names: names('Kyiv (city)', 'г. Киев', 'Киев шаары', 'шаҳри Киев', 'м. Київ') },
      {
        code: 'UA-32',
        names: names('Kyiv Oblast', 'Киевская область', 'Киев облусу', 'вилояти Киев', 'Київська область'),
      },
    ],
    normalizeLabel,
  );
  const tj = regionIndex(
    [
      {
        code: 'TJ-SU',
        names: names('Sughd Region', 'Согдийская область', 'Соғд облусу', 'вилояти Суғд', 'Согдійська область'),
      },
    ],
    normalizeLabel,
  );

  it.each([
    ['Львівська обл.', 'UA-46'],
    ['L’vivska', 'UA-46'],
    ["L'viv oblast", 'UA-46'],
    ['Lʼvivs’ka oblast', 'UA-46'],
    ['ua-46', 'UA-46'],
    ['м. Київ', 'UA-30'],
    ['Київська обл', 'UA-32'],
    ['Ошская область', null],
  ])('reads the Ukrainian region %s as %s', (text, code) => {
    expect(findRegion(ua, text, normalizeLabel)).toBe(code);
  });

  it.each(['вилояти Сугд', 'вил. Суғд', 'Sughd', 'Сугд вилояти', 'Соғд облусу'])('reads %s as Sughd', (text) => {
    expect(findRegion(tj, text, normalizeLabel)).toBe('TJ-SU');
  });

  it('gives the country’s own code as the example', () => {
    expect(ua.example).toBe('UA-30');
    expect(placeKey('Львівська обл.', { generic: true })).toBe(placeKey('L’vivska', { generic: true }));
  });

  it('finds organisations by name, quotes and case aside, and proposes the closest otherwise', () => {
    const index = organizationIndex([
      { id: '1', name: 'ОО «Право и достоинство»' },
      { id: '2', name: 'Генеральная прокуратура Кыргызской Республики' },
      { id: '3', name: 'Ошский городской суд' },
    ]);
    expect(findOrganization(index, 'оо "право и достоинство"')).toEqual({ id: '1' });
    expect(findOrganization(index, 'Прокуратура Кыргызстана')).toEqual({
      id: null,
      closest: expect.arrayContaining(['Генеральная прокуратура Кыргызской Республики']),
    });
  });
});

describe('cells', () => {
  it.each([
    ['ИВАНОВА-ПЕТРОВА АННА', 'Иванова-Петрова Анна'],
    ["О'НЕЙЛ", "О'Нейл"],
    ["П'ЯТАЧЕНКО", "П'ятаченко"],
    ['O’NEILL MARY', 'O’Neill Mary'],
    ['ӨМҮРБЕКОВА ҮМҮТ', 'Өмүрбекова Үмүт'],
    ['McDonald ИВАН', 'McDonald ИВАН'],
  ])('writes %s as %s', (name, expected) => {
    expect(titleCaseIfCapitals(name)).toBe(expected);
  });

  it('sees lost letters and formulas', () => {
    expect(hasLostLetters('Айг?л')).toBe(true);
    expect(hasLostLetters('Айг\uFFFDл')).toBe(true);
    expect(hasLostLetters('Айгүл')).toBe(false);
    expect(['=1+1', '+7', '-x', '@SUM(A1)', ' =cmd'].map(looksLikeFormula)).toEqual([true, true, true, true, true]);
    expect(looksLikeFormula('Иванов')).toBe(false);
  });

  it('writes phones in E.164 with the import’s country as default', () => {
    expect(phoneInE164('0555 123 456', 'KG')).toBe('+996555123456');
    expect(phoneInE164('067 123 45 67', 'UA')).toBe('+380671234567');
    expect(phoneInE164('+992 93 123 4567', 'KG')).toBe('+992931234567');
    expect(phoneInE164('12345', 'KG')).toBeNull();
  });
});
