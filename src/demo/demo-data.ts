import type { DataSource } from 'typeorm';

import { Role } from '@cascade/auth';
import type { Locale } from '@cascade/i18n';

import { OrganizationType } from '../modules/reference/vocabulary.js';
import { hashPassword } from '../modules/users/password-policy.js';
import { COUNTRIES as COUNTRY_SEEDS } from './demo-countries.js';
import { seedTrainingRecords, stableUuid, type TrainingSeedReport } from './training-records.js';

/** The countries of the program today (DOMAIN.md); more are added by an admin, as data. */
const COUNTRIES: { code: string; names: Record<Locale, string> }[] = [
  { code: 'KG', names: { en: 'Kyrgyzstan', ru: 'Кыргызстан', ky: 'Кыргызстан', tg: 'Қирғизистон', uk: 'Киргизстан' } },
  { code: 'TJ', names: { en: 'Tajikistan', ru: 'Таджикистан', ky: 'Тажикстан', tg: 'Тоҷикистон', uk: 'Таджикистан' } },
  { code: 'UA', names: { en: 'Ukraine', ru: 'Украина', ky: 'Украина', tg: 'Украина', uk: 'Україна' } },
];

/** Shared by every demo account, and printed by `npm run demo`: demo data only, never production. */
export const DEMO_PASSWORD = 'istanbul-protocol-demo';

/** One account per kind of user, named as in the field (DOMAIN.md). */
export const DEMO_USERS: {
  email: string;
  displayName: string;
  role: Role;
  countries: string[];
  locale: Locale | null;
}[] = [
  // The admin and the donor have chosen no language: their pages follow the browser's.
  { email: 'admin@demo.cascade.test', displayName: 'Айнура Садыкова', role: Role.Admin, countries: [], locale: null },
  {
    email: 'officer.kg@demo.cascade.test',
    displayName: 'Бакыт Жумабеков',
    role: Role.ProgramOfficer,
    countries: ['KG'],
    locale: 'ru',
  },
  {
    email: 'officer.tj-ua@demo.cascade.test',
    displayName: 'Зарина Назарова',
    role: Role.ProgramOfficer,
    countries: ['TJ', 'UA'],
    locale: 'ru',
  },
  {
    email: 'trainer.osh@demo.cascade.test',
    displayName: 'Нурлан Тоқтоғулов',
    role: Role.Trainer,
    countries: ['KG'],
    locale: 'ky',
  },
  {
    email: 'trainer.dushanbe@demo.cascade.test',
    displayName: 'Фарзона Каримова',
    role: Role.Trainer,
    countries: ['TJ'],
    locale: 'tg',
  },
  {
    email: 'trainer.kyiv@demo.cascade.test',
    displayName: 'Олена Коваленко',
    role: Role.Trainer,
    countries: ['UA'],
    locale: 'uk',
  },
  {
    email: 'donor@demo.cascade.test',
    displayName: 'Program donor',
    role: Role.Donor,
    countries: ['KG', 'TJ', 'UA'],
    locale: null,
  },
];

type Names = Record<Locale, string>;
const names = (en: string, ru: string, ky: string, tg: string, uk: string): Names => ({ en, ru, ky, tg, uk });

/** Regions of the three countries, ISO 3166-2 (DOMAIN.md). */
const REGIONS: { code: string; country: string; names: Names }[] = [
  { code: 'KG-GB', country: 'KG', names: names('Bishkek', 'Бишкек', 'Бишкек', 'Бишкек', 'Бішкек') },
  { code: 'KG-GO', country: 'KG', names: names('Osh (city)', 'г. Ош', 'Ош шаары', 'шаҳри Ӯш', 'м. Ош') },
  {
    code: 'KG-B',
    country: 'KG',
    names: names('Batken Region', 'Баткенская область', 'Баткен облусу', 'вилояти Боткент', 'Баткенська область'),
  },
  {
    code: 'KG-C',
    country: 'KG',
    names: names('Chüy Region', 'Чуйская область', 'Чүй облусу', 'вилояти Чуй', 'Чуйська область'),
  },
  {
    code: 'KG-J',
    country: 'KG',
    names: names(
      'Jalal-Abad Region',
      'Джалал-Абадская область',
      'Жалал-Абад облусу',
      'вилояти Ҷалолобод',
      'Джалал-Абадська область',
    ),
  },
  {
    code: 'KG-N',
    country: 'KG',
    names: names('Naryn Region', 'Нарынская область', 'Нарын облусу', 'вилояти Норин', 'Наринська область'),
  },
  {
    code: 'KG-O',
    country: 'KG',
    names: names('Osh Region', 'Ошская область', 'Ош облусу', 'вилояти Ӯш', 'Ошська область'),
  },
  {
    code: 'KG-T',
    country: 'KG',
    names: names('Talas Region', 'Таласская область', 'Талас облусу', 'вилояти Талас', 'Таласька область'),
  },
  {
    code: 'KG-Y',
    country: 'KG',
    names: names(
      'Issyk-Kul Region',
      'Иссык-Кульская область',
      'Ысык-Көл облусу',
      'вилояти Иссиқкӯл',
      'Іссик-Кульська область',
    ),
  },
  { code: 'TJ-DU', country: 'TJ', names: names('Dushanbe', 'Душанбе', 'Душанбе', 'Душанбе', 'Душанбе') },
  {
    code: 'TJ-KT',
    country: 'TJ',
    names: names('Khatlon Region', 'Хатлонская область', 'Хатлон облусу', 'вилояти Хатлон', 'Хатлонська область'),
  },
  {
    code: 'TJ-SU',
    country: 'TJ',
    names: names('Sughd Region', 'Согдийская область', 'Соғд облусу', 'вилояти Суғд', 'Согдійська область'),
  },
  {
    code: 'TJ-GB',
    country: 'TJ',
    names: names(
      'Gorno-Badakhshan',
      'Горно-Бадахшанская автономная область',
      'Тоолуу Бадахшан автономиялуу облусу',
      'Вилояти Мухтори Кӯҳистони Бадахшон',
      'Гірсько-Бадахшанська автономна область',
    ),
  },
  {
    code: 'TJ-RA',
    country: 'TJ',
    names: names(
      'Districts of Republican Subordination',
      'Районы республиканского подчинения',
      'Республикалык баш ийүүдөгү райондор',
      'Ноҳияҳои тобеи ҷумҳурӣ',
      'Райони республіканського підпорядкування',
    ),
  },
  { code: 'UA-30', country: 'UA', names: names('Kyiv (city)', 'г. Киев', 'Киев шаары', 'шаҳри Киев', 'м. Київ') },
  {
    code: 'UA-32',
    country: 'UA',
    names: names('Kyiv Oblast', 'Киевская область', 'Киев облусу', 'вилояти Киев', 'Київська область'),
  },
  {
    code: 'UA-46',
    country: 'UA',
    names: names('Lviv Oblast', 'Львовская область', 'Львов облусу', 'вилояти Лвов', 'Львівська область'),
  },
  {
    code: 'UA-63',
    country: 'UA',
    names: names('Kharkiv Oblast', 'Харьковская область', 'Харьков облусу', 'вилояти Харков', 'Харківська область'),
  },
  {
    code: 'UA-51',
    country: 'UA',
    names: names('Odesa Oblast', 'Одесская область', 'Одесса облусу', 'вилояти Одесса', 'Одеська область'),
  },
  {
    code: 'UA-12',
    country: 'UA',
    names: names(
      'Dnipropetrovsk Oblast',
      'Днепропетровская область',
      'Днепропетровск облусу',
      'вилояти Днепропетровск',
      'Дніпропетровська область',
    ),
  },
  {
    code: 'UA-23',
    country: 'UA',
    names: names(
      'Zaporizhzhia Oblast',
      'Запорожская область',
      'Запорожье облусу',
      'вилояти Запорожже',
      'Запорізька область',
    ),
  },
  {
    code: 'UA-48',
    country: 'UA',
    names: names(
      'Mykolaiv Oblast',
      'Николаевская область',
      'Николаев облусу',
      'вилояти Николаев',
      'Миколаївська область',
    ),
  },
];

/** Organisations as they write their own names. */
const ORGANIZATIONS: { name: string; type: OrganizationType; country: string; region: string }[] = [
  {
    name: 'Республиканский центр судебно-медицинской экспертизы МЗ КР',
    type: OrganizationType.ForensicBureau,
    country: 'KG',
    region: 'KG-GB',
  },
  {
    name: 'Ошское областное бюро судебно-медицинской экспертизы',
    type: OrganizationType.ForensicBureau,
    country: 'KG',
    region: 'KG-O',
  },
  {
    name: 'Республиканский центр психического здоровья',
    type: OrganizationType.Hospital,
    country: 'KG',
    region: 'KG-GB',
  },
  {
    name: 'Медицинская служба ГСИН при Правительстве КР',
    type: OrganizationType.PenitentiaryHealth,
    country: 'KG',
    region: 'KG-C',
  },
  {
    name: 'Генеральная прокуратура Кыргызской Республики',
    type: OrganizationType.ProsecutorOffice,
    country: 'KG',
    region: 'KG-GB',
  },
  { name: 'Ошский городской суд', type: OrganizationType.Court, country: 'KG', region: 'KG-GO' },
  { name: 'Адвокатура Кыргызской Республики', type: OrganizationType.BarAssociation, country: 'KG', region: 'KG-GB' },
  {
    name: 'Национальный центр по предупреждению пыток',
    type: OrganizationType.Ombudsman,
    country: 'KG',
    region: 'KG-GB',
  },
  { name: 'ОО «Право и достоинство»', type: OrganizationType.Ngo, country: 'KG', region: 'KG-J' },
  {
    name: 'Кыргызская государственная медицинская академия',
    type: OrganizationType.University,
    country: 'KG',
    region: 'KG-GB',
  },
  {
    name: 'Республиканский центр судебно-медицинской экспертизы РТ',
    type: OrganizationType.ForensicBureau,
    country: 'TJ',
    region: 'TJ-DU',
  },
  {
    name: 'Согдийское областное бюро судебно-медицинской экспертизы',
    type: OrganizationType.ForensicBureau,
    country: 'TJ',
    region: 'TJ-SU',
  },
  {
    name: 'Генеральная прокуратура Республики Таджикистан',
    type: OrganizationType.ProsecutorOffice,
    country: 'TJ',
    region: 'TJ-DU',
  },
  {
    name: 'Союз адвокатов Республики Таджикистан',
    type: OrganizationType.BarAssociation,
    country: 'TJ',
    region: 'TJ-DU',
  },
  {
    name: 'Аппарат Уполномоченного по правам человека в РТ',
    type: OrganizationType.Ombudsman,
    country: 'TJ',
    region: 'TJ-DU',
  },
  {
    name: 'Таджикский государственный медицинский университет',
    type: OrganizationType.University,
    country: 'TJ',
    region: 'TJ-DU',
  },
  {
    name: 'Хатлонская областная клиническая больница',
    type: OrganizationType.Hospital,
    country: 'TJ',
    region: 'TJ-KT',
  },
  {
    name: 'Київське міське клінічне бюро судово-медичної експертизи',
    type: OrganizationType.ForensicBureau,
    country: 'UA',
    region: 'UA-30',
  },
  {
    name: 'Львівське обласне бюро судово-медичної експертизи',
    type: OrganizationType.ForensicBureau,
    country: 'UA',
    region: 'UA-46',
  },
  { name: 'Харківська обласна прокуратура', type: OrganizationType.ProsecutorOffice, country: 'UA', region: 'UA-63' },
  {
    name: 'Секретаріат Уповноваженого Верховної Ради України з прав людини',
    type: OrganizationType.Ombudsman,
    country: 'UA',
    region: 'UA-30',
  },
  { name: 'Одеська обласна психіатрична лікарня', type: OrganizationType.Hospital, country: 'UA', region: 'UA-51' },
];

export interface SeedReport {
  countriesAdded: number;
  regionsAdded: number;
  organizationsAdded: number;
  usersAdded: number;
  training: TrainingSeedReport;
}

/** Loads the demo data; a second run adds nothing, because every insert skips what exists. */
export async function seedDemoData(dataSource: DataSource): Promise<SeedReport> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    let countriesAdded = 0;
    for (const country of COUNTRIES) {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [country.code, JSON.stringify(country.names)],
      );
      countriesAdded += inserted.length;
    }
    // Before any certificate is drawn: demo certificates name who issues them.
    for (const { code, issuer } of COUNTRY_SEEDS) {
      await manager.query(
        `INSERT INTO certificate_issuers (country_code, organization, signatory_name, signatory_title)
         VALUES ($1, $2, $3, $4) ON CONFLICT (country_code) DO NOTHING`,
        [code, issuer.organization, issuer.signatoryName, issuer.signatoryTitle],
      );
    }
    let regionsAdded = 0;
    for (const region of REGIONS) {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO regions (code, country_code, names) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [region.code, region.country, JSON.stringify(region.names)],
      );
      regionsAdded += inserted.length;
    }
    let organizationsAdded = 0;
    for (const organization of ORGANIZATIONS) {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO organizations (id, name, type, country_code, region_code) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          stableUuid(organization.name),
          organization.name,
          organization.type,
          organization.country,
          organization.region,
        ],
      );
      organizationsAdded += inserted.length;
    }
    let usersAdded = 0;
    for (const user of DEMO_USERS) {
      const created = await manager.query<unknown[]>(
        `INSERT INTO users (email, display_name, role, locale, password_hash, countries) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [user.email, user.displayName, user.role, user.locale, passwordHash, user.countries],
      );
      usersAdded += created.length;
    }
    const training = await seedTrainingRecords(manager);
    return { countriesAdded, regionsAdded, organizationsAdded, usersAdded, training };
  });
}
