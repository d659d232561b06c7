import { nameKeyOf, skeletonWords } from './name-key.js';

const key = (name: string) => nameKeyOf(name).key;

describe('nameKeyOf', () => {
  it.each([
    ['Тоқтоғулов Нурлан', 'Токтогулов Нурлан', 'Nurlan Toktogulov'],
    ['Жээнбеков Сооронбай', 'ЖЭЭНБЕКОВ СООРОНБАЙ', 'Zheenbekov Sooronbay'],
    ['Ҷалолиддин Раҳимов', 'Джалолиддин Рахимов', 'Jaloliddin Rakhimov'],
    ['Ҳасанов Ғайрат', 'Хасанов Гайрат', 'Hasanov G‘ayrat'],
    ['Алексей Цой', 'Alexey Tsoi', 'Aleksei Tsoy'],
    ['Қодиров Ӯрунбой', 'Кодиров Урунбой', 'Qodirov Urunboy'],
    ['Мөңкөбаева Үмүт', 'Монкобаева Умут', 'Monkobaeva Umut'],
    ['Григорій Шевченко', 'Григорий Шевченко', 'Hryhorii Shevchenko'],
    ['Євгенія Ковальчук', 'Евгения Ковальчук', 'Yevheniia Kovalchuk'],
    ['Семёнов Пётр', 'Семенов Петр', 'Semyonov Pyotr'],
    ['Мария Иванова', 'Мариа Иванова', 'Mariya Ivanova'],
    ['Абдул-Азиз Саидов', 'Абдулазиз Саидов', "Abdul'aziz Saidov"],
  ])('gives %s, %s and %s one key', (...names: string[]) => {
    const keys = new Set(names.map(key));
    expect(keys.size).toBe(1);
  });

  it('ignores word order and case', () => {
    expect(key('Токтогулов Нурлан')).toBe(key('нурлан ТОКТОГУЛОВ'));
  });

  it('leaves the patronymic out of the key and returns it apart', () => {
    expect(nameKeyOf('Токтогулов Нурлан Асанович')).toEqual({ key: 'nurlan toktogulov', patronymic: 'asanovij' });
    expect(nameKeyOf('Коваленко Ольга Сергеевна')).toEqual({ key: 'kovalenko olga', patronymic: 'sergevna' });
    expect(key('Бакыт Асан уулу Маматов')).toBe(key('Маматов Бакыт'));
    expect(nameKeyOf('Бакыт Асан уулу Маматов').patronymic).toBe('asan');
    expect(nameKeyOf('Мельник Ірина Василівна')).toEqual({ key: 'irina melnik', patronymic: 'vasilivna' });
  });

  it('keeps the father’s name when "uulu" or "kyzy" is the whole surname', () => {
    expect(nameKeyOf('Асан уулу Бакыт')).toEqual({ key: 'asan bakit', patronymic: 'asan' });
    // His son: the same words, told apart by the patronymic.
    expect(nameKeyOf('Бакыт уулу Асан')).toEqual({ key: 'asan bakit', patronymic: 'bakit' });
    expect(key('Айгүл Мамытбек кызы')).toBe(key('Aigul Mamytbek kyzy'));
  });

  it('does not take a first word that looks like a patronymic for one (a surname such as Петрович)', () => {
    expect(key('Петрович Иван Сергеевич')).toBe('ivan petrovij');
  });

  it('is null for a withdrawn (null) or letterless name', () => {
    expect(nameKeyOf(null)).toEqual({ key: null, patronymic: null });
    expect(nameKeyOf(' - 12 ')).toEqual({ key: null, patronymic: null });
  });

  it('keeps different names apart', () => {
    expect(key('Иванов Иван')).not.toBe(key('Иванов Пётр'));
    expect(key('Алиев Рустам')).not.toBe(key('Алиева Рустама'));
  });

  it('writes ASCII letters only', () => {
    expect(skeletonWords('Шевченко Щукин Цой Чолпон Жаныл')).toEqual(['wevcenko', 'wukin', 'xoi', 'colpon', 'janil']);
  });
});
