import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';

import { Role } from '@cascade/auth';

import { nameKeyOf } from '../../src/modules/trainees/index.js';
import { createTrainee } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { awaitJob } from '../support/jobs.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

type Headers = Record<string, string>;

/** Countries of their own (ISO's user-assigned range): other files' trainees are not in them. */
const HOME = 'QH';
const ELSEWHERE = 'QJ';

interface PairPage {
  items: { score: number; trainees: { id: string }[] }[];
  total: number;
}
interface Scan {
  country: string;
  finishedAt: string | null;
  traineesTotal: number;
  traineesDone: number;
  pairs: number;
  queueAsOf: string | null;
}

describe('the registry-wide duplicate scan and the name search', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let officer: Headers;
  let otherOfficer: Headers;
  let trainer: Headers;

  const as = async (role: Role, countries: string[]): Promise<Headers> => {
    const user = await createUser(app.dataSource, { role, countries });
    return bearer((await signIn(app, user)).accessToken);
  };
  const trainee = (fullName: string, birthYear: number | null = null, countryCode = HOME) =>
    createTrainee(app.dataSource, { countryCode, fullName, birthYear, latinName: null });
  const get = (url: string, headers: Headers) => app.request({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload: object) =>
    app.request({ method: 'POST', url, headers, payload });
  const pairIn = (page: PairPage, a: string, b: string) =>
    page.items.some((item) => [a, b].every((id) => item.trainees.some((t) => t.id === id)));

  beforeAll(async () => {
    const config = testConfig();
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    await app.dataSource.query(
      `INSERT INTO countries (code, names) VALUES ($1, '{"en":"Scan test land"}'), ($2, '{"en":"Other scan land"}')
       ON CONFLICT (code) DO NOTHING`,
      [HOME, ELSEWHERE],
    );
    officer = await as(Role.ProgramOfficer, [HOME]);
    otherOfficer = await as(Role.ProgramOfficer, [ELSEWHERE]);
    trainer = await as(Role.Trainer, [HOME]);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  it('fills the queue with every pair of a country, with progress, leaving out pairs judged distinct', async () => {
    const jamshed = await trainee('Қодиров Ҷамшед', 1988);
    const chamshed = await trainee('Kodirov Chamshed', 1988);
    const aiperi = await trainee('Өмүрзакова Айпери');
    const aiperTypo = await trainee('Омурзакова Айпер');
    const nurbek = await trainee('Нурбек Өмүрзаков', 1990);
    const omurbek = await trainee('Өмүрбек Өмүрзаков', 1990);
    const saltanat = await trainee('Салтанат Жумабаева', 1980);
    const saltanatLatin = await trainee('Zhumabaeva Saltanat', 1980);
    expect(
      (await post('/duplicates/distinct', officer, { traineeId: saltanat, otherTraineeId: saltanatLatin })).statusCode,
    ).toBe(204);

    const started = await post('/duplicates/scans', officer, { country: HOME });
    expect(started.statusCode).toBe(202);
    const { statusUrl } = started.json<{ statusUrl: string }>();
    const job = await awaitJob<{ state: string; progress: { traineesDone: number; traineesTotal: number } }>(
      app,
      statusUrl,
      officer,
      60,
    );
    expect(job.state).toBe('completed');
    expect(job.progress.traineesDone).toBe(job.progress.traineesTotal);

    const scans = (await get('/duplicates/scans', officer)).json<Scan[]>();
    expect(scans).toEqual([expect.objectContaining({ country: HOME, traineesTotal: 8, traineesDone: 8, pairs: 2 })]);
    expect(scans[0].finishedAt).not.toBeNull();
    const stored: { trainee_id: string; other_trainee_id: string }[] = await app.dataSource.query(
      `SELECT trainee_id, other_trainee_id FROM duplicate_queue_pairs WHERE country_code = $1`,
      [HOME],
    );
    expect(stored.map((pair) => [pair.trainee_id, pair.other_trainee_id].sort())).toEqual(
      expect.arrayContaining([[jamshed, chamshed].sort(), [aiperi, aiperTypo].sort()]),
    );
    const page = (await get(`/duplicates?country=${HOME}&limit=100`, officer)).json<PairPage>();
    expect(page.total).toBe(2);
    expect(pairIn(page, jamshed, chamshed)).toBe(true);
    expect(pairIn(page, aiperi, aiperTypo)).toBe(true);
    expect(pairIn(page, nurbek, omurbek)).toBe(false);
    expect(pairIn(page, saltanat, saltanatLatin)).toBe(false);

    // A trainee registered after the scan is paired live, and a pair judged distinct leaves the queue.
    const later = await trainee('Qodirov Jamshed', 1988);
    const after = (await get(`/duplicates?country=${HOME}&limit=100`, officer)).json<PairPage>();
    expect(pairIn(after, jamshed, later)).toBe(true);
    expect(
      (await post('/duplicates/distinct', officer, { traineeId: aiperi, otherTraineeId: aiperTypo })).statusCode,
    ).toBe(204);
    expect(
      pairIn((await get(`/duplicates?country=${HOME}&limit=100`, officer)).json<PairPage>(), aiperi, aiperTypo),
    ).toBe(false);
  });

  it('is started and watched by the country’s officers only', async () => {
    const elsewhere = await post('/duplicates/scans', otherOfficer, { country: HOME });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json<{ errors: { field: string; code: string }[] }>().errors).toEqual([
      expect.objectContaining({ field: 'country', code: 'country_out_of_scope' }),
    ]);
    expect((await post('/duplicates/scans', trainer, { country: HOME })).statusCode).toBe(403);
    expect((await get('/duplicates/scans', trainer)).statusCode).toBe(403);
    expect((await post('/duplicates/scans', officer, { country: 'kg' })).statusCode).toBe(400);
    expect((await get('/duplicates/scans', otherOfficer)).json<Scan[]>().map((scan) => scan.country)).not.toContain(
      HOME,
    );
  });

  it('finds a trainee by name in any word order, script or Latin scheme, with a typo, likeliest first', async () => {
    const jyldyz = await trainee('Жылдыз Сыдыкова', 1991);
    const other = await trainee('Жылдыз Асанова', 1985);
    await trainee('Бакыт Бейшеналиев', 1970, ELSEWHERE);
    for (const search of [
      'Жылдыз Сыдыкова',
      'Сыдыкова Жылдыз',
      'Zhyldyz Sydykova',
      'Sydykova Jyldyz',
      'Сыдыкова Жылдз',
    ]) {
      const res = await get(`/trainees?country=${HOME}&search=${encodeURIComponent(search)}`, officer);
      expect(res.statusCode).toBe(200);
      const ids = res.json<{ items: { id: string }[] }>().items.map((item) => item.id);
      expect({ search, first: ids[0] }).toEqual({ search, first: jyldyz });
    }
    const byGivenName = (await get(`/trainees?country=${HOME}&search=Jyldyz`, officer)).json<{
      items: { id: string }[];
    }>();
    expect(byGivenName.items.map((item) => item.id)).toEqual(expect.arrayContaining([jyldyz, other]));
    // Out of scope stays out: the other country's Бейшеналиев is not found by this officer.
    const scoped = (await get(`/trainees?search=${encodeURIComponent('Бакыт Бейшеналиев')}`, officer)).json<{
      total: number;
    }>();
    expect(scoped.total).toBe(0);
  });

  it('finds by every searched word, typed with a typo or begun, and forgets a withdrawn name’s words', async () => {
    // Unique letters, not digits: the search compares names' letters (their name keys).
    const surname = `Тынымсейитова${[...randomUUID().replace(/-/g, '').slice(0, 6)].map((digit) => 'бвгдзклмнпрстфхш'[parseInt(digit, 16)]).join('')}`;
    const surnameWord = nameKeyOf(surname).key;
    const kanykei = await trainee(`${surname} Каныкей`, 1990);
    const withMiddle = await trainee(`${surname} Бакыт Каныкей`, 1991);
    const sister = await trainee(`${surname} Айгерим`, 1993);
    const search = async (text: string) =>
      (await get(`/trainees?country=${HOME}&search=${encodeURIComponent(text)}`, officer)).json<{
        items: { id: string }[];
        total: number;
      }>();

    // Both words borne: the name with a third word between them too; not the sister's.
    const both = await search(`Каныкей ${surname}`);
    expect(both.items.map((item) => item.id).sort()).toEqual([kanykei, withMiddle].sort());
    expect(both.total).toBe(2);
    // A letter lost in a word, and a word's start.
    const typo = await search(`${surname} Канкей`);
    expect(typo.items.map((item) => item.id).sort()).toEqual([kanykei, withMiddle].sort());
    expect((await search(`${surname} Айгер`)).items.map((item) => item.id)).toEqual([sister]);
    // The surname alone finds the family.
    expect((await search(surname)).total).toBe(3);

    // The word list keeps the words of names the registry holds, and no longer once consent is withdrawn.
    const words = async () =>
      (
        await app.dataSource.query<{ word: string }[]>(`SELECT word FROM trainee_name_words WHERE word = $1`, [
          surnameWord,
        ])
      ).map((row) => row.word);
    expect(await words()).toHaveLength(1);
    for (const id of [kanykei, withMiddle, sister]) {
      expect((await post(`/trainees/${id}/withdraw-consent`, officer, {})).statusCode).toBe(200);
    }
    expect(await words()).toEqual([]);
    expect((await search(surname)).total).toBe(0);
  });
});
