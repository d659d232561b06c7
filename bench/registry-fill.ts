import type pg from 'pg';

import { transliterate } from '@cascade/common';

import { nameKeyOf } from '../src/modules/trainees/duplicates/name-key.js';
import { IMPORT_COUNTRY, nameSeededTrainees, REGISTRY_SIZE } from './import-load.js';
import { drawPerson, seededRandom } from './people.js';

/** Rows a statement inserts. */
const BATCH = 5_000;

/**
 * `BENCH_ONLY=duplicates`: the registry of IMPORT_COUNTRY brought to REGISTRY_SIZE people as the
 * import benchmark's registry file brings it (the same people, drawn from the same seed), but
 * inserted in SQL with their name keys, in seconds rather than the import's minutes: the duplicate
 * check, the search and the scan are measured on it without the import figures. The people are
 * recorded by `actorId`, as the import's are, so the import benchmark removes them before its own.
 */
export async function fillRegistry(client: pg.Client, actorId: string, say: (line: string) => void): Promise<void> {
  await nameSeededTrainees(client);
  const count = async () =>
    Number(
      (
        await client.query<{ count: string }>(
          `SELECT count(*) FROM trainees WHERE country_code = $1 AND name_key IS NOT NULL`,
          [IMPORT_COUNTRY],
        )
      ).rows[0].count,
    );
  const missing = REGISTRY_SIZE - (await count());
  if (missing <= 0) return;
  const started = performance.now();
  const random = seededRandom(2026);
  const people = Array.from({ length: missing }, (_, i) => drawPerson(IMPORT_COUNTRY, random, i));
  for (let from = 0; from < people.length; from += BATCH) {
    const batch = people.slice(from, from + BATCH);
    const keys = batch.map((person) => nameKeyOf(person.fullName));
    await client.query(
      `INSERT INTO trainees (full_name, latin_name, sex, profession, country_code, birth_year, phone,
                             consent_given_at, consent_recorded_by_id, name_key, patronymic_key)
       SELECT k.full_name, k.latin_name, k.sex::sex, 'forensic_expert', $1, k.birth_year, k.phone, now(), $2,
              k.name_key, k.patronymic_key
         FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
              AS k(full_name, latin_name, sex, birth_year, phone, name_key, patronymic_key)`,
      [
        IMPORT_COUNTRY,
        actorId,
        batch.map((person) => person.fullName),
        batch.map((person) => transliterate(person.fullName).slice(0, 200)),
        batch.map((person) => person.sex),
        batch.map((person) => person.birthYear),
        batch.map((person) => person.phone),
        keys.map((key) => key.key),
        keys.map((key) => key.patronymic),
      ],
    );
  }
  await client.query(`ANALYZE trainees`);
  say(
    `  ${missing.toLocaleString('en')} people inserted into ${IMPORT_COUNTRY}'s registry in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
