import { randomBytes, randomUUID } from 'node:crypto';

import { UnrecoverableError } from 'bullmq';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { ExportsService } from '../../src/modules/reports/exports.service.js';
import { createUser } from '../factories/users.js';
import { parseCsv, useProgressExports } from '../support/progress-exports.js';

/** Who may download an export, its storage, and refusals (the fixture: test/support/progress-exports.ts). */
describe('progress report exports', () => {
  const fixture = useProgressExports();
  const { period, sql, storedBytes, exportFile } = fixture;
  let { app, worker, country, admin, ruOfficer, otherOfficer, donor } = fixture;
  beforeAll(() => ({ app, worker, country, admin, ruOfficer, otherOfficer, donor } = fixture));

  it('shows an export to its requester and admins only, and answers 410 once it has expired', async () => {
    const { exportId, downloadUrl } = await exportFile(ruOfficer, ['year'], 'csv');
    const other = await app.request({ method: 'GET', url: downloadUrl, headers: otherOfficer });
    expect(other.statusCode).toBe(404);
    const byDonor = await app.request({ method: 'GET', url: downloadUrl, headers: donor });
    expect(byDonor.statusCode).toBe(404);
    const byAdmin = await app.request({ method: 'GET', url: downloadUrl, headers: admin });
    expect(byAdmin.statusCode).toBe(200);
    const unknown = await app.request({ method: 'GET', url: `/reports/exports/${randomUUID()}`, headers: admin });
    expect(unknown.statusCode).toBe(404);

    await sql(`UPDATE report_exports SET expires_at = now() - interval '1 day' WHERE id = $1`, [exportId]);
    const gone = await app.request({ method: 'GET', url: downloadUrl, headers: ruOfficer });
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ code: 'export_expired' });
    expect(gone.json().message).toMatch(/[а-я]/);
    // Its file is deleted; the row stays to keep answering 410.
    const [row] = await sql<{ content: Buffer | null }[]>(`SELECT content FROM report_exports WHERE id = $1`, [
      exportId,
    ]);
    expect(row.content).toBeNull();
    expect((await app.request({ method: 'GET', url: downloadUrl, headers: ruOfficer })).statusCode).toBe(410);
  });

  it('streams a file larger than one read from the database whole, byte for byte', async () => {
    const { exportId, downloadUrl } = await exportFile(ruOfficer, ['none'], 'csv');
    // Past what one query reads (512 KiB), not a multiple of it: three slices, the last one short.
    const big = randomBytes(1024 * 1024 + 12_345);
    await sql(`UPDATE report_exports SET content = $2, size = $3 WHERE id = $1`, [exportId, big, big.length]);
    const file = await app.request({ method: 'GET', url: downloadUrl, headers: ruOfficer });
    expect(file.statusCode).toBe(200);
    expect(Number(file.headers['content-length'])).toBe(big.length);
    expect(file.rawPayload.equals(big)).toBe(true);
  });

  it('computes the report as the requester is when the job runs, not as they were when they asked', async () => {
    // An officer asked for a profession breakdown, then became a donor before the worker ran.
    const user = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    const exports = worker.get(ExportsService);
    const payload = {
      requestedBy: user.id,
      requestedAt: new Date().toISOString(),
      country,
      ...period,
      format: 'csv' as const,
      locale: 'en',
    };
    await expect(exports.run(`test-${randomUUID()}`, { ...payload, breakdowns: ['profession'] })).rejects.toThrow(
      UnrecoverableError,
    );

    const jobId = `test-${randomUUID()}`;
    const result = await exports.run(jobId, { ...payload, breakdowns: ['sex'] });
    const text = (await storedBytes(result.exportId)).toString('utf8');
    const men = parseCsv(text.slice(1)).find(
      (line) => line[1] === 'Male' && line[2] === translate('en', 'enums.indicator.completed_individuals'),
    );
    expect(men?.[3]).toBe('≤5');
    // Run again (a retry): the same export, not a second file.
    expect(await exports.run(jobId, { ...payload, breakdowns: ['sex'] })).toEqual(result);
    const rows = await sql<unknown[]>(`SELECT id FROM report_exports WHERE job_id = $1`, [jobId]);
    expect(rows).toHaveLength(1);
  });

  it('answers 400 per field for what is not valid', async () => {
    const empty = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const fields = (empty.json().errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['country', 'from', 'to', 'breakdowns', 'format']));

    const wrong = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country, ...period, breakdowns: ['sex', 'sex', 'shoe_size'], format: 'docx' },
    });
    expect(wrong.statusCode).toBe(400);
    const codes = wrong.json().errors as { field: string; code: string }[];
    expect(codes.map((error) => error.field)).toEqual(expect.arrayContaining(['breakdowns', 'format']));

    const tooMany = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country, ...period, breakdowns: [], format: 'csv' },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toEqual([
      { field: 'breakdowns', code: 'arrayMinSize', message: 'must list at least 1 entry.' },
    ]);

    const reversed = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country, from: '2025-12-31', to: '2025-01-01', breakdowns: ['none'], format: 'csv' },
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([expect.objectContaining({ field: 'to', code: 'period_reversed' })]);

    const outOfScope = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country: 'KG', ...period, breakdowns: ['none'], format: 'xlsx' },
    });
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().errors).toEqual([
      expect.objectContaining({ field: 'country', code: 'country_out_of_scope' }),
    ]);
  });
});
