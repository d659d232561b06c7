import type { DataSource } from 'typeorm';

import { Role } from '@cascade/auth';
import type { Locale } from '@cascade/i18n';

import { hashPassword } from '../modules/users/password-policy.js';

/** The countries of the program today (DOMAIN.md); more are added by an admin, as data. */
const COUNTRIES: { code: string; names: Record<Locale, string> }[] = [
  { code: 'KG', names: { en: 'Kyrgyzstan', ru: 'Кыргызстан', ky: 'Кыргызстан', tg: 'Қирғизистон', uk: 'Киргизстан' } },
  { code: 'TJ', names: { en: 'Tajikistan', ru: 'Таджикистан', ky: 'Тажикстан', tg: 'Тоҷикистон', uk: 'Таджикистан' } },
  { code: 'UA', names: { en: 'Ukraine', ru: 'Украина', ky: 'Украина', tg: 'Украина', uk: 'Україна' } },
];

/** Shared by every demo account, and printed by `npm run demo`: demo data only, never production. */
export const DEMO_PASSWORD = 'istanbul-protocol-demo';

/** One account per kind of user, named as in the field (DOMAIN.md). */
export const DEMO_USERS: { email: string; displayName: string; role: Role; countries: string[]; locale: Locale }[] = [
  { email: 'admin@demo.cascade.test', displayName: 'Айнура Садыкова', role: Role.Admin, countries: [], locale: 'en' },
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
    locale: 'en',
  },
];

export interface SeedReport {
  countriesAdded: number;
  usersAdded: number;
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
    let usersAdded = 0;
    for (const user of DEMO_USERS) {
      const [created] = await manager.query<{ id: string }[]>(
        `INSERT INTO users (email, display_name, role, locale, password_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [user.email, user.displayName, user.role, user.locale, passwordHash],
      );
      if (!created) continue;
      usersAdded += 1;
      for (const country of user.countries) {
        await manager.query('INSERT INTO user_countries (user_id, country_code) VALUES ($1, $2)', [
          created.id,
          country,
        ]);
      }
    }
    return { countriesAdded, usersAdded };
  });
}
