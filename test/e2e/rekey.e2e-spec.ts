import { Role } from '@cascade/auth';

import { nameKeyOf } from '../../src/modules/trainees/duplicates/name-key.js';
import { type RekeyProgress, rekeyTrainees } from '../../src/modules/trainees/rekey.js';
import { createTrainee } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A country of its own (ISO's user-assigned range): the duplicates queue lists a whole country. */
const COUNTRY = 'QK';

interface PairPage {
  items: { trainees: { id: string }[] }[];
}

/**
 * `npm run rekey` after the name-key function changed: rows keyed by an older function (here,
 * the lower-cased name, written straight into the rows) are brought to today's `nameKeyOf`, and
 * duplicate detection, which compares the stored keys, finds the pair it missed before.
 */
describe('rekeying trainees', () => {
  let app: TestApp;
  let officer: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    await app.dataSource.query(
      `INSERT INTO countries (code, names) VALUES ($1, '{"en":"Rekey test land"}') ON CONFLICT (code) DO NOTHING`,
      [COUNTRY],
    );
    const user = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [COUNTRY] });
    officer = bearer((await signIn(app, user)).accessToken);
  });
  afterAll(() => app.close());

  const keysOf = (ids: string[]) =>
    app.dataSource.query<
      { id: string; full_name: string | null; name_key: string | null; patronymic_key: string | null }[]
    >('SELECT id, full_name, name_key, patronymic_key FROM trainees WHERE id = ANY($1) ORDER BY id', [ids]);
  const queueHas = async (a: string, b: string) => {
    const res = await app.request({ method: 'GET', url: `/duplicates?country=${COUNTRY}&limit=100`, headers: officer });
    expect(res.statusCode).toBe(200);
    return res
      .json<PairPage>()
      .items.some((item) => [a, b].every((id) => item.trainees.some((trainee) => trainee.id === id)));
  };

  it('rewrites keys an older function made, in batches, so the missed pair is found; a second run changes nothing', async () => {
    const cyrillic = await createTrainee(app.dataSource, {
      countryCode: COUNTRY,
      fullName: 'Тоқтоғулов Нурбек Асанович',
      birthYear: 1984,
    });
    const latin = await createTrainee(app.dataSource, {
      countryCode: COUNTRY,
      fullName: 'Toktogulov Nurbek',
      birthYear: 1984,
    });
    const current = await createTrainee(app.dataSource, { countryCode: COUNTRY, fullName: 'Осмонова Айгүл' });
    const anonymised = await createTrainee(app.dataSource, { countryCode: COUNTRY, fullName: 'Бекова Жылдыз' });
    // The older function: the name lower-cased, no patronymic apart. An anonymised trainee has no
    // name and must keep no key, whatever a broken run before left.
    await app.dataSource.query(
      `UPDATE trainees SET name_key = lower(full_name), patronymic_key = NULL WHERE id = ANY($1)`,
      [[cyrillic, latin]],
    );
    await app.dataSource.query(
      `UPDATE trainees SET full_name = NULL, consent_withdrawn_at = now(), name_key = 'bekova jildiz' WHERE id = $1`,
      [anonymised],
    );
    expect(await queueHas(cyrillic, latin)).toBe(false);

    const batches: RekeyProgress[] = [];
    const first = await rekeyTrainees(app.dataSource, { batchSize: 2, onBatch: (progress) => batches.push(progress) });

    const rows = await keysOf([cyrillic, latin, current, anonymised]);
    for (const row of rows) {
      const expected = row.id === anonymised ? { key: null, patronymic: null } : nameKeyOf(row.full_name);
      expect({ id: row.id, key: row.name_key, patronymic: row.patronymic_key }).toEqual({
        id: row.id,
        key: expected.key,
        patronymic: expected.patronymic,
      });
    }
    expect(rows.find((row) => row.id === cyrillic)?.patronymic_key).toBe(
      nameKeyOf('Тоқтоғулов Нурбек Асанович').patronymic,
    );
    expect(first.changed).toBeGreaterThanOrEqual(3);
    expect(batches.length).toBe(Math.ceil(first.scanned / 2));
    expect(batches.map((batch) => batch.scanned)).toEqual(batches.map((_, i) => Math.min((i + 1) * 2, first.scanned)));
    expect(await queueHas(cyrillic, latin)).toBe(true);

    const second = await rekeyTrainees(app.dataSource, { batchSize: 5000 });
    expect(second.changed).toBe(0);
    expect(second.scanned).toBeGreaterThanOrEqual(first.scanned);
  });
});
