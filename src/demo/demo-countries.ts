/** The demo's three countries: where events are held, and the names their people are drawn from. */

export interface CountrySeed {
  code: 'KG' | 'TJ' | 'UA';
  language: 'ru' | 'ky' | 'tg' | 'uk';
  cities: { region: string; venue: string }[];
  female: string[];
  male: string[];
  /** Surname stems; Russian-style endings are added by sex unless `neutral`. */
  surnames: string[];
  neutral?: boolean;
  /** Who signs the country's certificates, in the country's language. */
  issuer: { organization: string; signatoryName: string; signatoryTitle: string };
}

export const COUNTRIES: CountrySeed[] = [
  {
    code: 'KG',
    language: 'ru',
    cities: [
      { region: 'KG-GB', venue: 'Бишкек, отель «Ак-Кеме», конференц-зал' },
      { region: 'KG-GO', venue: 'Ош, гостиница «Алай», зал заседаний' },
      { region: 'KG-J', venue: 'Жалал-Абад, областная больница, учебный класс' },
      { region: 'KG-Y', venue: 'Каракол, центр «Ысык-Көл», зал 2' },
    ],
    female: ['Айгүл', 'Гүлнара', 'Жылдыз', 'Мээрим', 'Чолпон', 'Асель', 'Нургүл', 'Бермет', 'Айнура', 'Өмүркан'],
    male: ['Нурлан', 'Бакыт', 'Азамат', 'Эрлан', 'Өмүрбек', 'Талант', 'Улан', 'Марат', 'Канат', 'Жеңиш'],
    surnames: ['Токтогул', 'Осмон', 'Жумабек', 'Мамат', 'Сыдык', 'Абдыкадыр', 'Исак', 'Өмүрзак', 'Турдубай', 'Шакир'],
    issuer: {
      organization: 'Коалиция против пыток в Кыргызстане',
      signatoryName: 'Гүлнара Жумабекова',
      signatoryTitle: 'Координатор программы обучения',
    },
  },
  {
    code: 'TJ',
    language: 'tg',
    cities: [
      { region: 'TJ-DU', venue: 'Душанбе, меҳмонхонаи «Ватан», толори конференсия' },
      { region: 'TJ-SU', venue: 'Хуҷанд, маркази вилоятии тиббӣ, синфи таълимӣ' },
      { region: 'TJ-KT', venue: 'Бохтар, беморхонаи вилоятӣ, толори маҷлисҳо' },
    ],
    female: ['Фарзона', 'Зарина', 'Шаҳло', 'Фирӯза', 'Меҳрубон', 'Ноҳид', 'Гулнора', 'Мадина', 'Нигина', 'Дилноза'],
    male: ['Ҷамшед', 'Рустам', 'Дилшод', 'Парвиз', 'Фаррух', 'Шӯҳрат', 'Баҳром', 'Комрон', 'Сӯҳроб', 'Ҳусейн'],
    surnames: ['Раҳим', 'Карим', 'Назар', 'Ҷӯра', 'Саид', 'Шариф', 'Қодир', 'Ғафур', 'Ҳасан', 'Ӯрун'],
    issuer: {
      organization: 'Эътилоф бар зидди шиканҷа дар Тоҷикистон',
      signatoryName: 'Фарзона Раҳимова',
      signatoryTitle: 'Ҳамоҳангсози барномаи таълимӣ',
    },
  },
  {
    code: 'UA',
    language: 'uk',
    cities: [
      { region: 'UA-30', venue: 'Київ, готель «Русь», конференц-зал' },
      { region: 'UA-46', venue: 'Львів, медичний університет, аудиторія 12' },
      { region: 'UA-63', venue: 'Харків, обласна прокуратура, навчальний клас' },
      { region: 'UA-51', venue: 'Одеса, готель «Лондонська», зал «Маяк»' },
    ],
    female: ['Олена', 'Ірина', 'Наталія', 'Оксана', 'Юлія', 'Тетяна', 'Світлана', 'Марія', 'Галина', 'Ольга'],
    male: ['Андрій', 'Олександр', 'Тарас', 'Дмитро', 'Богдан', 'Сергій', 'Юрій', 'Василь', 'Максим', 'Ігор'],
    surnames: [
      'Коваленко',
      'Шевченко',
      'Бондаренко',
      'Ткаченко',
      'Мельник',
      'Кравчук',
      'Олійник',
      'Поліщук',
      'Лисенко',
      'Гнатюк',
    ],
    neutral: true,
    issuer: {
      organization: 'Харківська правозахисна група',
      signatoryName: 'Олена Коваленко',
      signatoryTitle: 'Координаторка навчальної програми',
    },
  },
];
