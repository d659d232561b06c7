import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { donorPeriodsOf } from '../../src/modules/reports/donor-periods.js';
import { COUNT_INDICATORS } from '../../src/modules/reports/indicators.js';
import { donorCount } from '../../src/modules/reports/suppression.js';
import { TrainerLevel } from '../../src/modules/trainers/trainer.entity.js';
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

type Value = number | string | null;

interface Row {
  indicator: string;
  total: boolean;
  breakdownValue: string | null;
  actual: Value;
  n: Value;
}

interface Counts {
  trainers: Value;
  events: Value;
  trainees: Value;
  certified: Value;
}

interface Report {
  rows: Row[];
  cascade: { generations: (Counts & { generation: number })[]; total: Counts };
}

/** One number an answer gave: what it is about, and the value (exact for officers, as shown for donors). */
interface Figure {
  /** indicator (or cascade measure) and, for a mean or rate, `:n` for the number of people behind it */
  measure: string;
  /** period and breakdown of the answer */
  answer: string;
  /** the breakdown cell, generation, or 'total' */
  cell: string;
  from: string;
  to: string;
  value: Value;
}

const THRESHOLD = 5;
const YEAR = 2025;
const MEASURES = ['trainers', 'events', 'trainees', 'certified'] as const;

/**
 * Events of small groups ending on many dates of 2025 (quarter ends included), among a few large
 * ones, as the un-suppressing attack in issue 15 found them: [end date, people who completed].
 */
const EVENTS: [string, number][] = [
  ['2025-01-20', 24],
  ['2025-02-14', 4],
  ['2025-03-31', 2],
  ['2025-04-02', 21],
  ['2025-05-15', 3],
  ['2025-06-30', 1],
  ['2025-07-01', 17],
  ['2025-08-19', 5],
  ['2025-09-30', 2],
  ['2025-10-10', 19],
  ['2025-11-11', 3],
  ['2025-12-31', 4],
];

/** Counts of people or things: count indicators, the n of a mean or rate, the cascade's counts (not the means themselves). */
const isCount = (measure: string) =>
  measure.endsWith(':n') || measure.startsWith('cascade.') || (COUNT_INDICATORS as string[]).includes(measure);
const isSmall = (value: number) => value >= 1 && value <= THRESHOLD;
const contains = (outer: { from: string; to: string }, inner: { from: string; to: string }) =>
  outer.from <= inner.from && inner.to <= outer.to;

/**
 * The differencing attacker: every subtraction of two figures of the same measure that both are
 * exact numbers — across answers whose periods are nested, between a breakdown's cells and its
 * total, between generations and the cascade's total — and the total less the sum of all its
 * other parts. Returns the derivations that land on 1..threshold. A hidden mean would come out of
 * two answers whose n differ by so few; so the n are attacked like any count.
 */
function attack(all: Figure[]): string[] {
  const found: string[] = [];
  const figures = all.filter((figure) => isCount(figure.measure));
  const numbers = figures.filter((figure): figure is Figure & { value: number } => typeof figure.value === 'number');
  const byMeasure = new Map<string, (Figure & { value: number })[]>();
  for (const figure of numbers) byMeasure.set(figure.measure, [...(byMeasure.get(figure.measure) ?? []), figure]);
  for (const [measure, list] of byMeasure) {
    for (const a of list) {
      for (const b of list) {
        const nested = contains(a, b) || contains(b, a);
        const sameAnswer = a.answer === b.answer;
        if (!nested && !sameAnswer) continue;
        const difference = a.value - b.value;
        if (isSmall(difference)) {
          found.push(
            `${measure}: ${a.answer}/${a.cell} (${a.value}) − ${b.answer}/${b.cell} (${b.value}) = ${difference}`,
          );
        }
      }
    }
  }
  // A total less the sum of its other parts (one part hidden, the others exact).
  const answers = new Map<string, Figure[]>();
  for (const figure of figures) {
    const key = `${figure.answer}|${figure.measure}`;
    answers.set(key, [...(answers.get(key) ?? []), figure]);
  }
  for (const [key, list] of answers) {
    const total = list.find((figure) => figure.cell === 'total');
    const parts = list.filter((figure) => figure.cell !== 'total');
    if (typeof total?.value !== 'number' || parts.length < 2) continue;
    for (const left of parts) {
      const others = parts.filter((part) => part !== left);
      if (!others.every((part) => typeof part.value === 'number')) continue;
      const difference = total.value - others.reduce((sum, part) => sum + Number(part.value), 0);
      if (isSmall(difference)) found.push(`${key}: total − others = ${difference} (${left.cell})`);
    }
  }
  return found;
}

describe('donor disclosure control: the differencing attacker', () => {
  let app: TestApp;
  let country: string;
  let donor: Record<string, string>;
  let officer: Record<string, string>;
  let completedByQuarter: number[];

  beforeAll(async () => {
    app = await startTestApp();
    const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);
    for (;;) {
      const code = `D${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
      const names = JSON.stringify({ en: `Land ${code}`, ru: 'Страна', ky: 'Өлкө', tg: 'Кишвар', uk: 'Країна' });
      const inserted = await sql<unknown[]>(
        'INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code',
        [code, names],
      );
      if (inserted.length === 1) {
        country = code;
        break;
      }
    }
    const donorUser = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    donor = bearer((await signIn(app, donorUser)).accessToken);
    const officerUser = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    officer = bearer((await signIn(app, officerUser)).accessToken);
    const marker = officerUser.id;

    // A cascade of three generations: two masters, three they trained, one trained by those.
    const trainer = (level: TrainerLevel) => createTrainer(app.dataSource, { countryCode: country, level });
    const masters = [await trainer(TrainerLevel.Master), await trainer(TrainerLevel.Master)];
    const second = [
      await trainer(TrainerLevel.National),
      await trainer(TrainerLevel.National),
      await trainer(TrainerLevel.National),
    ];
    const third = [await trainer(TrainerLevel.National)];
    const links: [string, string][] = [
      [second[0], masters[0]],
      [second[1], masters[0]],
      [second[2], masters[1]],
      [third[0], second[0]],
    ];
    for (const [child, parent] of links) {
      await sql('INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2)', [child, parent]);
    }
    const leads = [...masters, ...second, ...third];

    // Certification (one required step) passed on a different day of 2025 by five of the six, the
    // sixth asked to repeat it: certified trainers at each period's end (and per generation) differ.
    const [{ id: step }] = await sql<{ id: string }[]>(
      `WITH program AS (INSERT INTO certification_programs (country_code) VALUES ($1) RETURNING country_code)
       INSERT INTO certification_requirements (country_code, code, titles, position)
       SELECT country_code, 'observed', '{"en":"Pass an observation"}', 1 FROM program RETURNING id`,
      [country],
    );
    const evaluations: [string, string, string][] = [
      [masters[0], 'passed', '2025-02-10'],
      [third[0], 'passed', '2025-03-15'],
      [masters[1], 'passed', '2025-05-05'],
      [second[0], 'passed', '2025-08-20'],
      [second[1], 'passed', '2025-11-03'],
      [second[2], 'repeat_requested', '2025-06-01'],
    ];
    for (const [trainerId, state, on] of evaluations) {
      const [{ id }] = await sql<{ id: string }[]>(
        `INSERT INTO trainer_requirements (trainer_id, requirement_id, state, state_on, updated_by_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [trainerId, step, state, on, marker],
      );
      await sql(
        `INSERT INTO trainer_requirement_changes (trainer_requirement_id, kind, state, effective_on, actor_id)
         VALUES ($1, 'state', $2, $3, $4)`,
        [id, state, on, marker],
      );
    }

    completedByQuarter = [0, 0, 0, 0];
    let person = 0;
    for (const [index, [endDate, size]] of EVENTS.entries()) {
      const event = await createEvent(app.dataSource, {
        countryCode: country,
        startDate: endDate,
        endDate,
        status: EventStatus.Completed,
      });
      await assignTrainer(app.dataSource, event, leads[index % leads.length]);
      const session = await createSession(app.dataSource, event, { date: endDate });
      for (let i = 0; i < size; i++, person++) {
        const sex = ['female', 'female', 'male', 'female', 'not_recorded'][person % 5];
        const trainee = await createTrainee(app.dataSource, { countryCode: country, sex });
        const enrollment = await enroll(app.dataSource, event, trainee);
        await sql(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [enrollment]);
        const pre = 30 + ((person * 7) % 40);
        await sql('INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, $3, $4)', [
          event,
          trainee,
          pre,
          pre + 10 + ((person * 3) % 25),
        ]);
        await sql(
          `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
           VALUES ($1, $2, $3, $4, $5, now())`,
          [randomUUID(), session, trainee, person % 6 === 0 ? 'absent' : 'present', marker],
        );
        if (person % 2 === 0) {
          // Every other one of them expires 100 days later: valid certificates at a period's end vary.
          await sql(
            `INSERT INTO certificates (code, enrollment_id, issued_at, expires_at, locale, pdf)
             VALUES ($1, $2, $3, CASE WHEN $4 THEN $3::timestamptz + interval '100 days' END, 'ru', '\\x00')`,
            [randomUUID().replace(/-/g, '').slice(0, 26), enrollment, `${endDate}T12:00:00Z`, person % 4 === 0],
          );
        }
        completedByQuarter[Math.floor((Number(endDate.slice(5, 7)) - 1) / 3)]++;
      }
    }
  });
  afterAll(() => app.close());

  const progress = (headers: Record<string, string>, from: string, to: string, breakdown: string) =>
    app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=${from}&to=${to}&breakdown=${breakdown}`,
      headers,
    });

  /** Every figure of every allowed period and breakdown, as `headers` gets them. */
  async function everything(headers: Record<string, string>): Promise<Figure[]> {
    const figures: Figure[] = [];
    for (const period of donorPeriodsOf(YEAR)) {
      for (const breakdown of ['none', 'year', 'quarter', 'sex']) {
        const res = await progress(headers, period.from, period.to, breakdown);
        expect(res.statusCode).toBe(200);
        const report = res.json<Report>();
        const answer = `${period.from}…${period.to}&${breakdown}`;
        const at = { answer, from: period.from, to: period.to };
        for (const row of report.rows) {
          const cell = row.total ? 'total' : String(row.breakdownValue);
          figures.push({ ...at, measure: row.indicator, cell, value: row.actual });
          if (row.n !== null) figures.push({ ...at, measure: `${row.indicator}:n`, cell, value: row.n });
        }
        for (const measure of MEASURES) {
          figures.push({ ...at, measure: `cascade.${measure}`, cell: 'total', value: report.cascade.total[measure] });
          for (const generation of report.cascade.generations) {
            figures.push({
              ...at,
              measure: `cascade.${measure}`,
              cell: `generation ${generation.generation}`,
              value: generation[measure],
            });
          }
        }
      }
    }
    return figures;
  }

  it('derives no count from 1 to the threshold from any two of a donor’s answers, where an officer’s give many away', async () => {
    const officerFigures = await everything(officer);
    const donorFigures = await everything(donor);
    expect(donorFigures).toHaveLength(officerFigures.length);

    // The same attack on the exact figures recovers small counts (so it is a real attack) ...
    const recovered = attack(officerFigures);
    expect(recovered.length).toBeGreaterThan(20);
    expect(recovered.some((line) => line.startsWith('completed_individuals:'))).toBe(true);
    expect(recovered.some((line) => line.startsWith('mean_post_score:n:'))).toBe(true);
    expect(recovered.some((line) => line.startsWith('cascade.trainees'))).toBe(true);
    // The figures read at a period's end are attacked like the others.
    expect(recovered.some((line) => line.startsWith('valid_certificates:'))).toBe(true);
    expect(recovered.some((line) => line.startsWith('certified_trainers:'))).toBe(true);
    expect(recovered.some((line) => line.startsWith('cascade.certified'))).toBe(true);
    // ... and on a donor's, nothing: not a count, not the n by which a hidden mean would come out.
    expect(attack(donorFigures)).toEqual([]);

    // The officer sees exact figures, small ones included; every donor figure is the officer's
    // as the rule shows it: 0, "≤5", or within 5 of it on a multiple of 10.
    expect(officerFigures.some((figure) => typeof figure.value === 'number' && isSmall(figure.value))).toBe(true);
    expect(officerFigures.every((figure) => typeof figure.value !== 'string')).toBe(true);
    for (const [index, shown] of donorFigures.entries()) {
      const exact = officerFigures[index];
      expect([shown.answer, shown.measure, shown.cell]).toEqual([exact.answer, exact.measure, exact.cell]);
      const meanOrRate =
        !shown.measure.includes(':') &&
        !shown.measure.startsWith('cascade.') &&
        !(COUNT_INDICATORS as string[]).includes(shown.measure);
      if (meanOrRate) {
        // Shown as it is, or withheld (over five people or fewer).
        expect(shown.value === null || shown.value === exact.value).toBe(true);
      } else {
        expect(shown.value).toBe(donorCount(Number(exact.value), THRESHOLD));
        if (typeof shown.value === 'number') {
          expect(shown.value % 10).toBe(0);
          expect(Math.abs(shown.value - Number(exact.value))).toBeLessThanOrEqual(THRESHOLD);
        }
      }
    }
  });

  it('gives the officer the exact counts of each quarter and of the year', async () => {
    const res = await progress(officer, `${YEAR}-01-01`, `${YEAR}-12-31`, 'quarter');
    const rows = res.json<Report>().rows.filter((row) => row.indicator === 'completed_individuals');
    expect(rows.map((row) => row.actual)).toEqual([
      completedByQuarter.reduce((sum, value) => sum + value, 0),
      ...completedByQuarter,
    ]);
    const events = res.json<Report>().rows.find((row) => row.indicator === 'events_held' && row.total);
    expect(events?.actual).toBe(EVENTS.length);
  });

  it('refuses a donor any other period with 400 saying which periods there are, in the report and its export', async () => {
    const free = await progress(donor, '2024-01-01', '2025-03-24', 'sex');
    expect(free.statusCode).toBe(400);
    expect(free.json().errors).toEqual([
      {
        field: 'from',
        code: 'period_not_for_donors',
        message:
          'is not a period donors can choose: choose a calendar year (1 January to 31 December), a quarter (1 January to 31 March, 1 April to 30 June, 1 July to 30 September or 1 October to 31 December), or 1 January to 30 June or to 30 September of one year.',
      },
    ]);
    for (const [from, to] of [
      ['2025-01-01', '2025-03-23'],
      ['2025-02-01', '2025-03-31'],
      ['2025-04-01', '2025-09-30'],
      ['2024-01-01', '2025-12-31'],
    ]) {
      expect((await progress(donor, from, to, 'none')).statusCode).toBe(400);
    }
    // Officers keep any period.
    expect((await progress(officer, '2024-01-01', '2025-03-24', 'sex')).statusCode).toBe(200);

    const exportOf = (from: string, to: string) =>
      app.request({
        method: 'POST',
        url: '/reports/progress/exports',
        headers: donor,
        payload: { country, from, to, breakdowns: ['none', 'sex'], format: 'xlsx' },
      });
    const refused = await exportOf('2025-01-01', '2025-03-23');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'from', code: 'period_not_for_donors' });
    expect((await exportOf('2025-01-01', '2025-09-30')).statusCode).toBe(202);
  });
});
