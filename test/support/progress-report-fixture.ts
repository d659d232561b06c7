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
import { bearer, signIn } from './auth.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface Row {
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
export function useProgressReportFixture() {
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

    // Trainers: T1 (national, active, certified, female) teaches E1 and E2, T3 (national, active,
    // certified, male) E2 → 2.
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
    // Certification (one required step): T1, T3, T4, T5 passed it in 2024; T6 (national, active)
    // co-teaches E1 but was asked to repeat it and passed only in 2026, after the period: not counted.
    const [{ id: step }] = await sql<{ id: string }[]>(
      `WITH program AS (INSERT INTO certification_programs (country_code) VALUES ($1) RETURNING country_code)
       INSERT INTO certification_requirements (country_code, code, titles, position)
       SELECT country_code, 'observed', '{"en":"Pass an observation"}', 1 FROM program RETURNING id`,
      [country],
    );
    const evaluate = async (trainerId: string, states: [string, string][]) => {
      const [{ id }] = await sql<{ id: string }[]>(
        `INSERT INTO trainer_requirements (trainer_id, requirement_id, state, state_on, updated_by_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [trainerId, step, ...states[states.length - 1], officerId],
      );
      for (const [state, on] of states) {
        await sql(
          `INSERT INTO trainer_requirement_changes (trainer_requirement_id, kind, state, effective_on, actor_id)
           VALUES ($1, 'state', $2, $3, $4)`,
          [id, state, on, officerId],
        );
      }
    };
    for (const certified of [T1, T3, T4, T5]) await evaluate(certified, [['passed', '2024-06-01']]);
    const T6 = await trainer('female', TrainerLevel.National, TrainerStatus.Active);
    await assignTrainer(app.dataSource, E1, T6, 'co_trainer');
    await evaluate(T6, [
      ['repeat_requested', '2024-12-01'],
      ['passed', '2026-02-01'],
    ]);

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

  return {
    get app() {
      return app;
    },
    get country() {
      return country;
    },
    get admin() {
      return admin;
    },
    get officer() {
      return officer;
    },
    get officerId() {
      return officerId;
    },
    get ruOfficer() {
      return ruOfficer;
    },
    get donor() {
      return donor;
    },
    get kgOfficer() {
      return kgOfficer;
    },
    names,
    sql,
    progress,
    rowsOf,
    table,
    YEAR_2025,
  };
}
