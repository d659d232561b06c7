import { useProgressReportFixture } from '../support/progress-report-fixture.js';

/** Targets (the program: test/support/progress-report-fixture.ts). */
describe('progress reports and targets', () => {
  const suite = useProgressReportFixture();
  const { sql } = suite;
  let { app, country, admin, officer, donor, kgOfficer } = suite;
  beforeAll(() => ({ app, country, admin, officer, donor, kgOfficer } = suite));

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
        payload: payload(7),
      });
      expect(replaced.json()[0]).toMatchObject({ id: target.id, targetValue: 7 });

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

    it('take a count only whole and a rate or mean score only as a percentage, 0 to 100', async () => {
      const put = (indicator: string, targetValue: number) =>
        app.request({
          method: 'PUT',
          url: '/reports/targets',
          headers: officer,
          payload: { targets: [{ country, year: 2031, indicator, targetValue }] },
        });
      const overFull = await put('attendance_rate', 120);
      expect(overFull.statusCode).toBe(400);
      expect(overFull.json().errors).toEqual([
        {
          field: 'targets.0.targetValue',
          code: 'target_not_percentage',
          message: 'must be a percentage from 0 to 100.',
        },
      ]);
      const halfPerson = await put('completed_individuals', 85.5);
      expect(halfPerson.statusCode).toBe(400);
      expect(halfPerson.json().errors[0]).toMatchObject({ field: 'targets.0.targetValue', code: 'target_not_whole' });
      expect(await sql(`SELECT 1 FROM country_targets WHERE country_code = $1 AND year = 2031`, [country])).toEqual([]);

      expect((await put('attendance_rate', 100)).statusCode).toBe(200);
      expect((await put('mean_post_score', 72.5)).json()[0]).toMatchObject({ targetValue: 72.5 });
      expect((await put('completed_individuals', 85)).json()[0]).toMatchObject({ targetValue: 85 });
    });
  });
});
