import { Role } from '@cascade/auth';

import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { useProgressReportFixture } from '../support/progress-report-fixture.js';

/** The indicators an officer reads, and the refusals (the program: test/support/progress-report-fixture.ts). */
describe('progress reports and targets', () => {
  const suite = useProgressReportFixture();
  const { progress, rowsOf, table, YEAR_2025 } = suite;
  let { app, country, admin, officer, ruOfficer, kgOfficer } = suite;
  beforeAll(() => ({ app, country, admin, officer, ruOfficer, kgOfficer } = suite));

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
      // No feedback was given at these events: no mean, a rate of 0 over the 21 still enrolled.
      mean_feedback_rating: { total: [null, 0] },
      feedback_response_rate: { total: [0, 21] },
      // At the end of 2025: the four 2025 certificates of E1, F1's of E2 and F2's of E3 (2024).
      valid_certificates: { total: [6, null] },
      // T1, T3, T4 and T5 (passed in 2024); T6 passed only in 2026.
      certified_trainers: { total: [4, null] },
      // No follow-up wave was answered (nor asked) at these events.
      practice_share: { total: [null, 0] },
      practice_cases: { total: [0, null] },
      practice_response_rate: { total: [null, 0] },
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
      // Feedback is anonymous: never broken down by the trainee's sex.
      mean_feedback_rating: { total: [null, 0] },
      feedback_response_rate: { total: [0, 21] },
      valid_certificates: { total: [6, null], female: [5, null], male: [1, null], not_recorded: [0, null] },
      // By the trainer's sex: T1 is a woman, T3, T4, T5 men.
      certified_trainers: { total: [4, null], female: [1, null], male: [3, null], not_recorded: [0, null] },
      // No follow-up wave was answered (nor asked) at these events.
      practice_share: { total: [null, 0] },
      practice_cases: { total: [0, null] },
      practice_response_rate: { total: [null, 0] },
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
});
