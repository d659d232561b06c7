import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { TrainerLevel, TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
import { createCountry } from '../factories/countries.js';
import {
  assignTrainer,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Row {
  indicator: string;
  indicatorLabel: string;
  breakdownApplies: boolean;
  total: boolean;
  breakdownValue: string | null;
  breakdownLabel: string | null;
  actual: number | string | null;
  n: number | string | null;
  target: number | null;
  percentAchieved: number | null;
  suppressed: boolean;
}

/**
 * A small program in a country of its own (a random code no other test uses), so every number
 * below can be worked out by hand from what is written here:
 *
 * - E1, region A, ends 2025-03-12 (Q1), 2 sessions: F1–F6, M1–M3, N1–N3 completed (12); W1 withdrew.
 * - E2, region B, ends 2025-08-06 (Q3), 1 session: F7–F10, N4–N7 and F1 again completed (9).
 * - E3 ended 2024-12-03 (outside the period); E4 is only planned: neither counts.
 * F = female, M = male, N = sex not recorded. F1–F6 forensic experts of a forensic bureau,
 * F7–F10 judges, M prosecutors, N psychologists (no organisation).
 */
describe('progress reports and targets', () => {
  let app: TestApp;
  let country: string;
  let admin: Record<string, string>;
  let officer: Record<string, string>;
  let officerId: string;
  let ruOfficer: Record<string, string>;
  let donor: Record<string, string>;
  let kgOfficer: Record<string, string>;
  const names: string[] = [];

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);

  beforeAll(async () => {
    app = await startTestApp();
    country = await createCountry(app.dataSource, 'Q', {
      en: 'Testland',
      ru: 'Тестландия',
      ky: 'Тестленд',
      tg: 'Тестланд',
      uk: 'Тестляндія',
    });
    const token = async (role: Role, countries: string[], locale = 'en') => {
      const user = await createUser(app.dataSource, { role, countries, locale });
      return { id: user.id, headers: bearer((await signIn(app, user)).accessToken) };
    };
    admin = (await token(Role.Admin, [])).headers;
    const signedOfficer = await token(Role.ProgramOfficer, [country]);
    officer = signedOfficer.headers;
    officerId = signedOfficer.id;
    ruOfficer = (await token(Role.ProgramOfficer, [country], 'ru')).headers;
    donor = (await token(Role.Donor, [country])).headers;
    kgOfficer = (await token(Role.ProgramOfficer, ['KG'])).headers;

    await sql(`INSERT INTO regions (code, country_code, names) VALUES ($1, $3, $4), ($2, $3, $5)`, [
      `${country}-A`,
      `${country}-B`,
      country,
      JSON.stringify({ en: 'Alpha', ru: 'Альфа', ky: 'Альфа', tg: 'Алфа', uk: 'Альфа' }),
      JSON.stringify({ en: 'Beta', ru: 'Бета', ky: 'Бета', tg: 'Бета', uk: 'Бета' }),
    ]);
    const [{ id: bureau }] = await sql<{ id: string }[]>(
      `INSERT INTO organizations (name, type, country_code) VALUES ('Бюро СМЭ', 'forensic_bureau', $1) RETURNING id`,
      [country],
    );

    const trainee = async (label: string, sex: string, profession: string) => {
      const fullName = `Тестова ${label} ${randomUUID().slice(0, 6)}`;
      names.push(fullName);
      return createTrainee(app.dataSource, { countryCode: country, fullName, sex, profession });
    };
    const F: string[] = [];
    for (let i = 1; i <= 10; i++) F.push(await trainee(`F${i}`, 'female', i <= 6 ? 'forensic_expert' : 'judge'));
    const M: string[] = [];
    for (let i = 1; i <= 3; i++) M.push(await trainee(`M${i}`, 'male', 'prosecutor'));
    const N: string[] = [];
    for (let i = 1; i <= 7; i++) N.push(await trainee(`N${i}`, 'not_recorded', 'psychologist'));
    const W1 = await trainee('W1', 'female', 'judge');
    await sql(`UPDATE trainees SET organization_id = $1 WHERE id = ANY($2)`, [bureau, F.slice(0, 6)]);

    const event = async (startDate: string, endDate: string, region: string | null, status = EventStatus.Completed) => {
      const id = await createEvent(app.dataSource, { countryCode: country, startDate, endDate, status });
      if (region) await sql(`UPDATE training_events SET region_code = $1 WHERE id = $2`, [`${country}-${region}`, id]);
      return id;
    };
    const E1 = await event('2025-03-10', '2025-03-12', 'A');
    const E2 = await event('2025-08-04', '2025-08-06', 'B');
    const E3 = await event('2024-12-01', '2024-12-03', 'A');
    const E4 = await event('2025-10-01', '2025-10-03', 'A', EventStatus.Planned);

    const S1 = await createSession(app.dataSource, E1, { date: '2025-03-10' });
    const S2 = await createSession(app.dataSource, E1, { date: '2025-03-11' });
    const S3 = await createSession(app.dataSource, E2, { date: '2025-08-04' });
    await createSession(app.dataSource, E3, { date: '2024-12-01' });
    await createSession(app.dataSource, E4, { date: '2025-10-01' });

    const completed = async (eventId: string, traineeId: string) => {
      const id = await enroll(app.dataSource, eventId, traineeId);
      await sql(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);
      return id;
    };
    const e1: Record<string, string> = {};
    for (const [label, id] of [
      ...F.slice(0, 6).map((id, i) => [`F${i + 1}`, id]),
      ...M.map((id, i) => [`M${i + 1}`, id]),
      ...N.slice(0, 3).map((id, i) => [`N${i + 1}`, id]),
    ]) {
      e1[label] = await completed(E1, id);
    }
    const withdrawn = await enroll(app.dataSource, E1, W1);
    await sql(`UPDATE enrollments SET status = 'withdrawn' WHERE id = $1`, [withdrawn]);
    const e2: Record<string, string> = {};
    for (const [label, id] of [
      ...F.slice(6).map((id, i) => [`F${i + 7}`, id]),
      ...N.slice(3).map((id, i) => [`N${i + 4}`, id]),
      ['F1', F[0]],
    ]) {
      e2[label] = await completed(E2, id);
    }
    const e3F2 = await completed(E3, F[1]);
    await enroll(app.dataSource, E4, F[2]);

    // Certified in 2025: F1 (twice), F2, F3, M1 → 4 people. N4's was revoked; F4's and the E3 one fall outside.
    const certificate = async (enrollmentId: string, issuedAt: string, revoked = false) =>
      sql(
        `INSERT INTO certificates (code, enrollment_id, issued_at, revoked_at, locale, pdf)
         VALUES ($1, $2, $3, $4, 'ru', '\\x00')`,
        [randomUUID().replace(/-/g, '').slice(0, 26), enrollmentId, issuedAt, revoked ? issuedAt : null],
      );
    await certificate(e1.F1, '2025-03-20T08:00:00Z');
    await certificate(e1.F2, '2025-03-20T08:00:00Z');
    await certificate(e1.F3, '2025-03-20T08:00:00Z');
    await certificate(e1.M1, '2025-03-20T08:00:00Z');
    await certificate(e2.F1, '2025-08-10T08:00:00Z');
    await certificate(e2.N4, '2025-08-10T08:00:00Z', true);
    await certificate(e1.F4, '2026-01-05T08:00:00Z');
    await certificate(e3F2, '2024-12-10T08:00:00Z');

    // Attendance: 8 marks, 5 present or late → 62.5 %, over 6 people.
    const mark = (sessionId: string, traineeId: string, status: string) =>
      sql(
        `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
         VALUES ($1, $2, $3, $4, $5, now())`,
        [randomUUID(), sessionId, traineeId, status, officerId],
      );
    await mark(S1, F[0], 'present');
    await mark(S1, F[1], 'late');
    await mark(S1, M[0], 'absent');
    await mark(S1, N[0], 'excused');
    await mark(S2, F[0], 'present');
    await mark(S2, M[0], 'present');
    await mark(S3, F[6], 'present');
    await mark(S3, N[3], 'absent');

    // Scores: pre 40, 50, 60, 30 → 45; post 80, 70, 90, 60 → 75; gain 40, 20, 30 → 30.
    const score = (eventId: string, traineeId: string, pre: number | null, post: number | null) =>
      sql(`INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, $3, $4)`, [
        eventId,
        traineeId,
        pre,
        post,
      ]);
    await score(E1, F[0], 40, 80);
    await score(E1, F[1], 50, 70);
    await score(E1, M[0], 60, null);
    await score(E1, N[0], null, 90);
    await score(E2, F[6], 30, 60);

    // Trainers: T1 (national, active, female) teaches E1 and E2, T3 (national, active, male) E2 → 2.
    const trainer = (sex: string, level: TrainerLevel, status: TrainerStatus) =>
      createTrainer(app.dataSource, { countryCode: country, level, status }).then(async (id) => {
        await sql(`UPDATE trainers SET sex = $1 WHERE id = $2`, [sex, id]);
        return id;
      });
    const T1 = await trainer('female', TrainerLevel.National, TrainerStatus.Active);
    const T2 = await trainer('female', TrainerLevel.Master, TrainerStatus.Active);
    const T3 = await trainer('male', TrainerLevel.National, TrainerStatus.Active);
    const T4 = await trainer('male', TrainerLevel.National, TrainerStatus.Inactive);
    const T5 = await trainer('male', TrainerLevel.National, TrainerStatus.Active);
    await assignTrainer(app.dataSource, E1, T1);
    await assignTrainer(app.dataSource, E1, T2, 'co_trainer');
    await assignTrainer(app.dataSource, E2, T3);
    await assignTrainer(app.dataSource, E2, T1, 'co_trainer');
    await assignTrainer(app.dataSource, E2, T4, 'co_trainer');
    await assignTrainer(app.dataSource, E3, T5);

    // Targets for 2025: 25 completed (10 women among them, then 8), 4 events.
    const put = await app.request({
      method: 'PUT',
      url: '/reports/targets',
      headers: officer,
      payload: {
        targets: [
          { country, year: 2025, indicator: 'completed_individuals', targetValue: 25 },
          {
            country,
            year: 2025,
            indicator: 'completed_individuals',
            breakdownDimension: 'sex',
            breakdownValue: 'female',
            targetValue: 8,
          },
          { country, year: 2025, indicator: 'events_held', targetValue: 4 },
          { country, year: 2024, indicator: 'events_held', targetValue: 3 },
        ],
      },
    });
    expect(put.statusCode).toBe(200);
  });
  afterAll(() => app.close());

  const progress = (headers: Record<string, string>, query: string) =>
    app.request({ method: 'GET', url: `/reports/progress?country=${country}&${query}`, headers });
  const rowsOf = async (headers: Record<string, string>, query: string): Promise<Row[]> => {
    const res = await progress(headers, query);
    expect(res.statusCode).toBe(200);
    return res.json<{ rows: Row[] }>().rows;
  };
  /** indicator → breakdown value ('total' for the unbroken row) → [actual, n]. */
  const table = (rows: Row[]) => {
    const result: Record<string, Record<string, [number | string | null, number | string | null]>> = {};
    for (const row of rows) {
      result[row.indicator] ??= {};
      result[row.indicator][row.total ? 'total' : (row.breakdownValue as string)] = [row.actual, row.n];
    }
    return result;
  };
  const YEAR_2025 = 'from=2025-01-01&to=2025-12-31';

  it('computes every indicator over the period, exactly for an officer, with targets summed over whole years', async () => {
    const rows = await rowsOf(officer, YEAR_2025);
    expect(rows.every((row) => row.total && row.breakdownApplies && !row.suppressed)).toBe(true);
    expect(table(rows)).toEqual({
      completed_individuals: { total: [20, null] },
      certified: { total: [4, null] },
      events_held: { total: [2, null] },
      sessions_delivered: { total: [3, null] },
      attendance_rate: { total: [62.5, 6] },
      active_national_trainers: { total: [2, null] },
      mean_pre_score: { total: [45, 4] },
      mean_post_score: { total: [75, 4] },
      mean_knowledge_gain: { total: [30, 3] },
    });
    const completed = rows.find((row) => row.indicator === 'completed_individuals');
    expect(completed).toMatchObject({
      indicatorLabel: 'Individuals who completed in-service training',
      target: 25,
      percentAchieved: 80,
    });
    expect(rows.find((row) => row.indicator === 'events_held')).toMatchObject({ target: 4, percentAchieved: 50 });
    expect(rows.find((row) => row.indicator === 'certified')).toMatchObject({ target: null, percentAchieved: null });

    // Two whole years: the 2024 event and its certificate count; 2024's events target (3) and 2025's (4) add up.
    const twoYears = table(await rowsOf(officer, 'from=2024-01-01&to=2025-12-31'));
    expect(twoYears.completed_individuals.total).toEqual([20, null]);
    expect(twoYears.events_held.total).toEqual([3, null]);
    expect(twoYears.certified.total).toEqual([4, null]);
    const twoYearRows = await rowsOf(officer, 'from=2024-01-01&to=2025-12-31');
    expect(twoYearRows.find((row) => row.indicator === 'events_held')).toMatchObject({ target: 7 });
    // …but completed_individuals has no 2024 target, so no target for the two years.
    expect(twoYearRows.find((row) => row.indicator === 'completed_individuals')?.target).toBeNull();

    // Half a year is not whole years: no target.
    const half = await rowsOf(officer, 'from=2025-01-01&to=2025-06-30');
    expect(table(half).completed_individuals.total).toEqual([12, null]);
    expect(half.every((row) => row.target === null && row.percentAchieved === null)).toBe(true);
  });

  it('breaks indicators down by sex, leaving the event indicators unbroken', async () => {
    const rows = await rowsOf(officer, `${YEAR_2025}&breakdown=sex`);
    expect(table(rows)).toEqual({
      completed_individuals: { total: [20, null], female: [10, null], male: [3, null], not_recorded: [7, null] },
      certified: { total: [4, null], female: [3, null], male: [1, null], not_recorded: [0, null] },
      events_held: { total: [2, null] },
      sessions_delivered: { total: [3, null] },
      attendance_rate: { total: [62.5, 6], female: [100, 3], male: [50, 1], not_recorded: [0, 2] },
      active_national_trainers: { total: [2, null], female: [1, null], male: [1, null], not_recorded: [0, null] },
      mean_pre_score: { total: [45, 4], female: [40, 3], male: [60, 1], not_recorded: [null, 0] },
      mean_post_score: { total: [75, 4], female: [70, 3], male: [null, 0], not_recorded: [90, 1] },
      mean_knowledge_gain: { total: [30, 3], female: [30, 3], male: [null, 0], not_recorded: [null, 0] },
    });
    expect(rows.find((row) => row.indicator === 'events_held')).toMatchObject({ breakdownApplies: false });
    expect(rows.find((row) => row.indicator === 'certified' && row.total)).toMatchObject({ breakdownApplies: true });
    const female = rows.find((row) => row.indicator === 'completed_individuals' && row.breakdownValue === 'female');
    expect(female).toMatchObject({ breakdownLabel: 'Female', target: 8, percentAchieved: 125 });
  });

  it('breaks indicators down by quarter and year, showing empty quarters as 0', async () => {
    const quarters = table(await rowsOf(officer, `${YEAR_2025}&breakdown=quarter`));
    expect(quarters.completed_individuals).toEqual({
      total: [20, null],
      '2025-Q1': [12, null],
      '2025-Q2': [0, null],
      '2025-Q3': [9, null],
      '2025-Q4': [0, null],
    });
    expect(quarters.certified).toMatchObject({ '2025-Q1': [4, null], '2025-Q3': [1, null] });
    expect(quarters.events_held).toMatchObject({ '2025-Q1': [1, null], '2025-Q2': [0, null], '2025-Q3': [1, null] });
    expect(quarters.sessions_delivered).toMatchObject({ '2025-Q1': [2, null], '2025-Q3': [1, null] });
    expect(quarters.attendance_rate).toEqual({
      total: [62.5, 6],
      '2025-Q1': [66.7, 4],
      '2025-Q2': [null, 0],
      '2025-Q3': [50, 2],
      '2025-Q4': [null, 0],
    });
    expect(quarters.active_national_trainers).toMatchObject({ '2025-Q1': [1, null], '2025-Q3': [2, null] });

    const years = await rowsOf(officer, 'from=2024-01-01&to=2025-12-31&breakdown=year');
    expect(table(years).completed_individuals).toEqual({ total: [20, null], '2024': [1, null], '2025': [20, null] });
    const events2024 = years.find((row) => row.indicator === 'events_held' && row.breakdownValue === '2024');
    expect(events2024).toMatchObject({ actual: 1, target: 3, percentAchieved: 33.3 });
  });

  it('breaks trainee indicators down by profession, organisation type and region', async () => {
    const professions = await rowsOf(officer, `${YEAR_2025}&breakdown=profession`);
    const byProfession = table(professions);
    expect(byProfession.completed_individuals).toMatchObject({
      total: [20, null],
      forensic_expert: [6, null],
      judge: [4, null],
      prosecutor: [3, null],
      psychologist: [7, null],
      psychiatrist: [0, null],
    });
    expect(Object.keys(byProfession.completed_individuals)).toHaveLength(12);
    expect(byProfession.active_national_trainers).toEqual({ total: [2, null] });
    expect(professions.find((row) => row.indicator === 'active_national_trainers')).toMatchObject({
      breakdownApplies: false,
    });

    const organizations = await rowsOf(officer, `${YEAR_2025}&breakdown=organization_type`);
    expect(table(organizations).completed_individuals).toMatchObject({
      forensic_bureau: [6, null],
      court: [0, null],
      not_recorded: [14, null],
    });
    expect(
      organizations.find((row) => row.indicator === 'certified' && row.breakdownValue === 'not_recorded'),
    ).toMatchObject({ actual: 1, breakdownLabel: 'Not recorded' });

    const regions = await rowsOf(officer, `${YEAR_2025}&breakdown=region`);
    const byRegion = table(regions);
    expect(byRegion.completed_individuals).toEqual({
      total: [20, null],
      [`${country}-A`]: [12, null],
      [`${country}-B`]: [9, null],
    });
    expect(byRegion.events_held).toEqual({
      total: [2, null],
      [`${country}-A`]: [1, null],
      [`${country}-B`]: [1, null],
    });
    expect(byRegion.active_national_trainers).toMatchObject({
      [`${country}-A`]: [1, null],
      [`${country}-B`]: [2, null],
    });
    expect(regions.find((row) => row.breakdownValue === `${country}-B`)?.breakdownLabel).toBe('Beta');
  });

  describe('for donors', () => {
    it('hides small counts as ≤5, keeps zeros, and rounds the others to a multiple of 10', async () => {
      const res = await progress(donor, `${YEAR_2025}&breakdown=sex`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ suppressionThreshold: 5, roundingBase: 10 });
      const rows = res.json<{ rows: Row[] }>().rows;
      const shown = table(rows);
      // Men (3) are hidden; the 7 not recorded read 10, so 20 − 10 − 10 gives nothing away.
      expect(shown.completed_individuals).toEqual({
        total: [20, null],
        female: [10, null],
        male: ['≤5', null],
        not_recorded: [10, null],
      });
      // All small: hidden as they are, the zero stays 0.
      expect(shown.certified).toEqual({
        total: ['≤5', null],
        female: ['≤5', null],
        male: ['≤5', null],
        not_recorded: [0, null],
      });
      expect(shown.events_held).toEqual({ total: ['≤5', null] });
      // Rates and means over five people or fewer are withheld; the n of the others is rounded too.
      expect(shown.attendance_rate).toEqual({
        total: [62.5, 10],
        female: [null, '≤5'],
        male: [null, '≤5'],
        not_recorded: [null, '≤5'],
      });
      expect(shown.mean_knowledge_gain).toEqual({
        total: [null, '≤5'],
        female: [null, '≤5'],
        male: [null, 0],
        not_recorded: [null, 0],
      });
      const women = rows.find((row) => row.indicator === 'completed_individuals' && row.breakdownValue === 'female');
      expect(women).toMatchObject({ target: 8, percentAchieved: 125, suppressed: false });
      const total = rows.find((row) => row.indicator === 'completed_individuals' && row.total);
      expect(total).toMatchObject({ suppressed: false, percentAchieved: 80 });
      const events = rows.find((row) => row.indicator === 'events_held');
      expect(events).toMatchObject({ suppressed: true, target: 4, percentAchieved: null });
    });

    it('shows quarters without anybody as 0, and large ones rounded', async () => {
      const shown = table(await rowsOf(donor, `${YEAR_2025}&breakdown=quarter`));
      expect(shown.completed_individuals).toEqual({
        total: [20, null],
        '2025-Q1': [10, null],
        '2025-Q2': [0, null],
        '2025-Q3': [10, null],
        '2025-Q4': [0, null],
      });
    });

    it('never answer with a name', async () => {
      for (const breakdown of ['none', 'year', 'quarter', 'sex']) {
        const body = (await progress(donor, `${YEAR_2025}&breakdown=${breakdown}`)).body;
        for (const name of names) expect(body).not.toContain(name);
        expect(body).not.toMatch(/Тестова|Mamatova|Osmonova/);
      }
    });

    it('refuse the breakdowns that could single people out', async () => {
      for (const breakdown of ['profession', 'region', 'organization_type']) {
        const res = await progress(donor, `${YEAR_2025}&breakdown=${breakdown}`);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'breakdown_not_for_donors' });
      }
    });
  });

  it("answers 400 on country outside the caller's countries, as the other modules do; trainers get 403", async () => {
    const res = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&${YEAR_2025}`,
      headers: kgOfficer,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'country', code: 'country_out_of_scope', message: 'is not one of your countries.' },
    ]);
    const otherDonor = bearer(
      (await signIn(app, await createUser(app.dataSource, { role: Role.Donor, countries: ['TJ'] }))).accessToken,
    );
    const donorOutside = await progress(otherDonor, YEAR_2025);
    expect(donorOutside.statusCode).toBe(400);
    expect(donorOutside.json().errors[0]).toMatchObject({ field: 'country', code: 'country_out_of_scope' });
    const trainer = bearer(
      (await signIn(app, await createUser(app.dataSource, { role: Role.Trainer, countries: [country] }))).accessToken,
    );
    expect((await progress(trainer, YEAR_2025)).statusCode).toBe(403);
  });

  it('refuses bad inputs field by field, in the caller’s language', async () => {
    const unknown = await app.request({
      method: 'GET',
      url: `/reports/progress?country=ZZ&${YEAR_2025}`,
      headers: admin,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'country', code: 'unknown_country', message: 'names countries that do not exist: ZZ.' },
    ]);
    const reversed = await progress(ruOfficer, 'from=2025-12-31&to=2025-01-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([
      { field: 'to', code: 'period_reversed', message: expect.stringMatching(/^[^a-z]*[а-я]/) },
    ]);
    const long = await progress(officer, 'from=2015-01-01&to=2025-01-01');
    expect(long.json().errors).toEqual([
      { field: 'to', code: 'period_too_long', message: 'must be at most 10 years after the start of the period.' },
    ]);
    expect((await progress(officer, 'from=2016-01-01&to=2025-12-31')).statusCode).toBe(200);
    const breakdown = await progress(ruOfficer, `${YEAR_2025}&breakdown=gender`);
    expect(breakdown.statusCode).toBe(400);
    expect(breakdown.json().errors[0]).toMatchObject({ field: 'breakdown', code: 'isEnum' });
    const missing = await app.request({ method: 'GET', url: `/reports/progress?country=${country}`, headers: officer });
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
  });

  describe('targets', () => {
    it('are set, replaced and removed by officers of the country, each change audited', async () => {
      const payload = (targetValue: number) => ({
        targets: [
          {
            country,
            year: 2026,
            indicator: 'completed_individuals',
            breakdownDimension: 'profession',
            breakdownValue: 'judge',
            targetValue,
          },
        ],
      });
      const created = await app.request({
        method: 'PUT',
        url: '/reports/targets',
        headers: officer,
        payload: payload(5),
      });
      expect(created.statusCode).toBe(200);
      const [target] = created.json();
      expect(target).toMatchObject({
        country,
        year: 2026,
        indicator: 'completed_individuals',
        indicatorLabel: 'Individuals who completed in-service training',
        breakdownDimension: 'profession',
        breakdownValue: 'judge',
        targetValue: 5,
      });
      const replaced = await app.request({
        method: 'PUT',
        url: '/reports/targets',
        headers: officer,
        payload: payload(7.5),
      });
      expect(replaced.json()[0]).toMatchObject({ id: target.id, targetValue: 7.5 });

      const listed = await app.request({
        method: 'GET',
        url: `/reports/targets?country=${country}&year=2026`,
        headers: donor,
      });
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual([replaced.json()[0]]);

      const removed = await app.request({ method: 'DELETE', url: `/reports/targets/${target.id}`, headers: officer });
      expect(removed.statusCode).toBe(204);
      const audit = await sql<{ action: string; values: Record<string, unknown> | null }[]>(
        `SELECT action, "values" FROM audit_log WHERE entity_type = 'country_target' AND entity_id = $1 ORDER BY id`,
        [target.id],
      );
      expect(audit.map((row) => row.action)).toEqual(['create', 'update', 'delete']);
      expect(audit[0].values).toMatchObject({ countryCode: country, year: 2026, breakdownValue: 'judge' });
    });

    it('keep one total per country, year and indicator', async () => {
      const put = (targetValue: number) =>
        app.request({
          method: 'PUT',
          url: '/reports/targets',
          headers: admin,
          payload: { targets: [{ country, year: 2027, indicator: 'certified', targetValue }] },
        });
      const first = (await put(10)).json()[0];
      const second = (await put(12)).json()[0];
      expect(second.id).toBe(first.id);
      const rows = await sql(`SELECT 1 FROM country_targets WHERE country_code = $1 AND year = 2027`, [country]);
      expect(rows).toHaveLength(1);
      await expect(
        sql(
          `INSERT INTO country_targets (country_code, year, indicator, target_value) VALUES ($1, 2027, 'certified', 1)`,
          [country],
        ),
      ).rejects.toThrow(/country_targets_key/);
    });

    it('are refused outside the caller’s countries, for values outside the dimension, and to donors', async () => {
      const target = { country, year: 2026, indicator: 'certified', targetValue: 3 };
      const outside = await app.request({
        method: 'PUT',
        url: '/reports/targets',
        headers: kgOfficer,
        payload: { targets: [target] },
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().errors[0]).toMatchObject({ field: 'targets.0.country', code: 'country_out_of_scope' });
      const badValue = await app.request({
        method: 'PUT',
        url: '/reports/targets',
        headers: officer,
        payload: { targets: [{ ...target, breakdownDimension: 'sex', breakdownValue: 'judge' }] },
      });
      expect(badValue.json().errors[0]).toMatchObject({
        field: 'targets.0.breakdownValue',
        code: 'breakdown_value_invalid',
      });
      const negative = await app.request({
        method: 'PUT',
        url: '/reports/targets',
        headers: officer,
        payload: { targets: [{ ...target, targetValue: -1 }] },
      });
      expect(negative.json().errors[0]).toMatchObject({ field: 'targets.0.targetValue', code: 'min' });
      const byDonor = await app.request({
        method: 'PUT',
        url: '/reports/targets',
        headers: donor,
        payload: { targets: [target] },
      });
      expect(byDonor.statusCode).toBe(403);
      const kgList = await app.request({ method: 'GET', url: '/reports/targets', headers: kgOfficer });
      expect(kgList.json().every((t: { country: string }) => t.country === 'KG')).toBe(true);
      const [own] = await sql<{ id: string }[]>(`SELECT id FROM country_targets WHERE country_code = $1 LIMIT 1`, [
        country,
      ]);
      const hidden = await app.request({ method: 'DELETE', url: `/reports/targets/${own.id}`, headers: kgOfficer });
      expect(hidden.statusCode).toBe(404);
    });
  });
});
