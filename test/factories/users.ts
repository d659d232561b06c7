import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { Role } from '@cascade/auth';

import { hashPassword } from '../../src/modules/users/password-policy.js';

export const TEST_PASSWORD = 'correct horse battery staple';

const hashes = new Map<string, Promise<string>>();
const hashOf = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password) as Promise<string>;
};

/** The program's three countries, as the demo data has them; safe to call from every test file. */
export async function ensureCountries(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `INSERT INTO countries (code, names) VALUES
       ('KG', '{"en":"Kyrgyzstan","ru":"Кыргызстан","ky":"Кыргызстан","tg":"Қирғизистон","uk":"Киргизстан"}'),
       ('TJ', '{"en":"Tajikistan","ru":"Таджикистан","ky":"Тажикстан","tg":"Тоҷикистон","uk":"Таджикистан"}'),
       ('UA', '{"en":"Ukraine","ru":"Украина","ky":"Украина","tg":"Украина","uk":"Україна"}')
     ON CONFLICT (code) DO NOTHING`,
  );
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** A user with a password, written straight to the database (not through the API, so not audited). */
export async function createUser(
  dataSource: DataSource,
  options: { role: Role; countries?: string[]; locale?: string | null; active?: boolean; password?: string },
): Promise<TestUser> {
  await ensureCountries(dataSource);
  const password = options.password ?? TEST_PASSWORD;
  const email = `${options.role.replace('_', '-')}-${randomUUID().slice(0, 8)}@test.cascade.test`;
  const countries = options.countries ?? (options.role === Role.Admin ? [] : ['KG']);
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO users (email, display_name, role, locale, active, password_hash, countries)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      email,
      `Test ${options.role}`,
      options.role,
      // English unless told: `locale: null` is an account whose holder chose no language yet.
      options.locale === undefined ? 'en' : options.locale,
      options.active ?? true,
      await hashOf(password),
      countries,
    ],
  );
  return { id, email, password, role: options.role };
}
