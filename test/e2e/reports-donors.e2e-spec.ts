import { type Row, useProgressReportFixture } from '../support/progress-report-fixture.js';

/** What a donor sees of the reports (the program: test/support/progress-report-fixture.ts). */
describe('progress reports and targets', () => {
  const suite = useProgressReportFixture();
  const { names, progress, rowsOf, table, YEAR_2025 } = suite;
  let { donor } = suite;
  beforeAll(() => ({ donor } = suite));

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
});
