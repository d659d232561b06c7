import { randomInt } from 'node:crypto';

import type { DataSource } from 'typeorm';

/** A country's name in the five languages of the pages. */
export interface CountryNames {
  en: string;
  ru: string;
  ky: string;
  tg: string;
  uk: string;
}

/**
 * A country of one test file's own, so its counts and reports meet only that file's rows: the code
 * is the prefix and a random letter (tried again until no other country has it), the English name
 * ends with the code (`Reportland WQ`).
 */
export async function createCountry(dataSource: DataSource, prefix: string, names: CountryNames): Promise<string> {
  for (;;) {
    const code = `${prefix}${String.fromCharCode(65 + randomInt(26))}`;
    const inserted = await dataSource.query<unknown[]>(
      `INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [code, JSON.stringify({ ...names, en: `${names.en} ${code}` })],
    );
    if (inserted.length === 1) return code;
  }
}
