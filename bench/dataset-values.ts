/** The benchmark's fixed values: countries and regions, vocabularies, indicators and the names people get. */

export const COUNTRIES: { code: string; en: string; ru: string; regions: [string, string, string][] }[] = [
  {
    code: 'KG',
    en: 'Kyrgyzstan',
    ru: 'Кыргызстан',
    regions: [
      ['KG-GB', 'Bishkek', 'Бишкек'],
      ['KG-GO', 'Osh (city)', 'г. Ош'],
      ['KG-B', 'Batken Region', 'Баткенская область'],
      ['KG-C', 'Chüy Region', 'Чуйская область'],
      ['KG-J', 'Jalal-Abad Region', 'Джалал-Абадская область'],
      ['KG-N', 'Naryn Region', 'Нарынская область'],
      ['KG-O', 'Osh Region', 'Ошская область'],
      ['KG-T', 'Talas Region', 'Таласская область'],
      ['KG-Y', 'Issyk-Kul Region', 'Иссык-Кульская область'],
    ],
  },
  {
    code: 'TJ',
    en: 'Tajikistan',
    ru: 'Таджикистан',
    regions: [
      ['TJ-DU', 'Dushanbe', 'Душанбе'],
      ['TJ-KT', 'Khatlon', 'Хатлонская область'],
      ['TJ-SU', 'Sughd', 'Согдийская область'],
      ['TJ-GB', 'Gorno-Badakhshan', 'Горно-Бадахшанская автономная область'],
      ['TJ-RA', 'Districts of Republican Subordination', 'Районы республиканского подчинения'],
    ],
  },
  {
    code: 'UA',
    en: 'Ukraine',
    ru: 'Украина',
    regions: [
      ['UA-30', 'Kyiv (city)', 'г. Киев'],
      ['UA-32', 'Kyiv Oblast', 'Киевская область'],
      ['UA-46', 'Lviv Oblast', 'Львовская область'],
      ['UA-63', 'Kharkiv Oblast', 'Харьковская область'],
      ['UA-51', 'Odesa Oblast', 'Одесская область'],
      ['UA-12', 'Dnipropetrovsk Oblast', 'Днепропетровская область'],
      ['UA-23', 'Zaporizhzhia Oblast', 'Запорожская область'],
      ['UA-48', 'Mykolaiv Oblast', 'Николаевская область'],
    ],
  },
  {
    code: 'KZ',
    en: 'Kazakhstan',
    ru: 'Казахстан',
    regions: [
      ['KZ-75', 'Almaty', 'Алматы'],
      ['KZ-71', 'Astana', 'Астана'],
      ['KZ-79', 'Shymkent', 'Шымкент'],
      ['KZ-35', 'Karaganda Region', 'Карагандинская область'],
    ],
  },
  {
    code: 'UZ',
    en: 'Uzbekistan',
    ru: 'Узбекистан',
    regions: [
      ['UZ-TK', 'Tashkent', 'Ташкент'],
      ['UZ-SA', 'Samarkand Region', 'Самаркандская область'],
      ['UZ-FA', 'Fergana Region', 'Ферганская область'],
      ['UZ-BU', 'Bukhara Region', 'Бухарская область'],
    ],
  },
];

export const BENCH_COUNTRIES = COUNTRIES.map((country) => country.code);

export const PROFESSIONS = [
  'forensic_expert',
  'psychiatrist',
  'psychologist',
  'general_physician',
  'prison_medical_staff',
  'defense_lawyer',
  'prosecutor',
  'judge',
  'investigator',
  'ombudsman_staff',
  'ngo_monitor',
];
export const ORGANIZATION_TYPES = [
  'forensic_bureau',
  'hospital',
  'penitentiary_health',
  'prosecutor_office',
  'court',
  'bar_association',
  'investigative_committee',
  'ombudsman',
  'ngo',
  'university',
];
export const INDICATORS = [
  'completed_individuals',
  'certified',
  'events_held',
  'sessions_delivered',
  'attendance_rate',
  'active_national_trainers',
  'mean_pre_score',
  'mean_post_score',
  'mean_knowledge_gain',
];
export const GIVEN = ['Айгуль', 'Бакыт', 'Гулнара', 'Данияр', 'Зарина', 'Нурлан', 'Олена', 'Тимур', 'Фарзона', 'Шахло'];
export const GIVEN_LATIN = [
  'Aigul',
  'Bakyt',
  'Gulnara',
  'Daniyar',
  'Zarina',
  'Nurlan',
  'Olena',
  'Timur',
  'Farzona',
  'Shakhlo',
];
export const FAMILY = ['Токтогулова', 'Осмонов', 'Каримова', 'Назаров', 'Коваленко', 'Шевчук', 'Ахметова', 'Рахимов'];
export const FAMILY_LATIN = [
  'Toktogulova',
  'Osmonov',
  'Karimova',
  'Nazarov',
  'Kovalenko',
  'Shevchuk',
  'Akhmetova',
  'Rakhimov',
];
