import type { DataSource } from 'typeorm';

import type { Locale } from '@cascade/i18n';

/** The countries of the program today (DOMAIN.md); more are added by an admin, as data. */
const COUNTRIES: { code: string; names: Record<Locale, string> }[] = [
  { code: 'KG', names: { en: 'Kyrgyzstan', ru: 'Кыргызстан', ky: 'Кыргызстан', tg: 'Қирғизистон', uk: 'Киргизстан' } },
  { code: 'TJ', names: { en: 'Tajikistan', ru: 'Таджикистан', ky: 'Тажикстан', tg: 'Тоҷикистон', uk: 'Таджикистан' } },
  { code: 'UA', names: { en: 'Ukraine', ru: 'Украина', ky: 'Украина', tg: 'Украина', uk: 'Україна' } },
];

export interface SeedReport {
  countriesAdded: number;
}

/** Loads the demo data; a second run adds nothing, because every insert skips what exists. */
export async function seedDemoData(dataSource: DataSource): Promise<SeedReport> {
  return dataSource.transaction(async (manager) => {
    let countriesAdded = 0;
    for (const country of COUNTRIES) {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [country.code, JSON.stringify(country.names)],
      );
      countriesAdded += inserted.length;
    }
    return { countriesAdded };
  });
}
