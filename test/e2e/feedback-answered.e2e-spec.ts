import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { itReadingPdfs, pdfText } from '../support/certificates-fixture.js';
import { day, useFeedbackFixture } from '../support/feedback-fixture.js';
import { Visitor } from '../support/web.js';

/** Prints page 1 at 150 dpi, as a phone would see the paper, and reads every QR code on it with zbar. */
function scannedCodes(pdf: Buffer): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'cascade-sheet-'));
  try {
    writeFileSync(join(folder, 'sheet.pdf'), pdf);
    const page = join(folder, 'page');
    const printed = spawnSync('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(folder, 'sheet.pdf'),
      page,
    ]);
    if (printed.status !== 0) throw new Error(`pdftoppm failed: ${String(printed.stderr)}`);
    const scanned = spawnSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', `${page}.png`]);
    if (scanned.error) throw new Error(`zbarimg (zbar-tools) is required: ${scanned.error.message}`);
    return scanned.stdout.toString().trim().split('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** After the answers: the sign-in sheet's codes, consent withdrawal, the report's figures, closing. */
describe('feedback once answered', () => {
  const suite = useFeedbackFixture();
  const { tokens, signedIn, answer, fullAnswer, answersInDb, printSlips } = suite;
  let { app, country, officer, trainerUser, eventId, sessions, trainees } = suite;
  beforeAll(() => ({ app, country, officer, trainerUser, eventId, sessions, trainees } = suite));

  // Five of the seven enrollees answer: 5, 1, 4, 3 and 4 overall.
  beforeAll(async () => {
    await printSlips();
    for (const [i, overall] of [5, 1, 4, 3, 4].entries()) {
      const sent = await answer(trainees[i], fullAnswer(overall));
      if (sent.statusCode !== 303) throw new Error(`answer ${i}: ${sent.statusCode}`);
    }
  });

  itReadingPdfs(
    "prints each trainee's feedback code on the last session's sign-in sheet, readable from the page",
    async () => {
      const trainer = await signedIn(trainerUser);
      const last = await trainer.get(`/attendance-sheets/${eventId}?session=${sessions[1]}`);
      expect(last.statusCode).toBe(200);
      expect(pdfText(last.rawPayload)).toContain(translate('ru', 'web.sheet.feedback_hint'));
      // Seven codes, each an image and its alpha mask.
      expect(last.rawPayload.toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(14);
      const scanned = scannedCodes(last.rawPayload).map((url) => new URL(url).pathname);
      expect(scanned.sort()).toEqual([...tokens.values()].map((token) => `/feedback/${token}`).sort());
      const first = await trainer.get(`/attendance-sheets/${eventId}?session=${sessions[0]}`);
      expect(pdfText(first.rawPayload)).not.toContain(translate('ru', 'web.sheet.feedback_hint'));
      expect(first.rawPayload.toString('latin1')).not.toContain('/Subtype /Image');
    },
  );

  it("anonymises a trainee's answer when consent is withdrawn: it counts, points to nobody, and the link is gone", async () => {
    const asOfficer = bearer((await signIn(app, officer)).accessToken);
    const withdrawn = await app.request({
      method: 'POST',
      url: `/trainees/${trainees[2]}/withdraw-consent`,
      headers: asOfficer,
    });
    expect(withdrawn.statusCode).toBe(200);
    const rows = await answersInDb();
    expect(rows).toHaveLength(5);
    expect(rows.filter((row) => row.enrollment_id === null)).toHaveLength(1);
    expect((await new Visitor(app, 'en').get(`/feedback/${tokens.get(trainees[2])}`)).statusCode).toBe(404);
    const slips = await (await signedIn(officer)).get(`/officer/events/${eventId}/feedback/slips`);
    expect(slips.body.match(/<svg/g)).toHaveLength(6);
  });

  it('puts the feedback figures in the progress report: exact for officers, suppressed for donors, never a text', async () => {
    const year = day(-1).slice(0, 4);
    const asOfficer = bearer((await signIn(app, officer)).accessToken);
    const report = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=${year}-01-01&to=${year}-12-31&breakdown=quarter`,
      headers: asOfficer,
    });
    expect(report.statusCode).toBe(200);
    type Row = {
      indicator: string;
      total: boolean;
      actual: number | string | null;
      n: number | string | null;
      suppressed?: boolean;
    };
    const totals = (rows: Row[]) =>
      Object.fromEntries(rows.filter((r) => r.total).map((r) => [r.indicator, [r.actual, r.n]]));
    const exact = totals(report.json<{ rows: Row[] }>().rows);
    expect(exact.mean_feedback_rating).toEqual([3.4, 5]);
    expect(exact.feedback_response_rate).toEqual([71.4, 7]);
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    const donorReport = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=${year}-01-01&to=${year}-12-31`,
      headers: bearer((await signIn(app, donor)).accessToken),
    });
    expect(donorReport.statusCode).toBe(200);
    const shown = totals(donorReport.json<{ rows: Row[] }>().rows);
    // Five answers: the mean is withheld; the rate over seven enrolled is shown, its n rounded to 10.
    expect(shown.mean_feedback_rating).toEqual([null, '≤5']);
    expect(shown.feedback_response_rate).toEqual([71.4, 10]);
    expect(donorReport.body).not.toContain('Разбор заключений');
  });

  it('closes when the officer says, then refuses answers with a page in the trainee language, writing nothing', async () => {
    const office = await signedIn(officer);
    const early = await office.post(`/officer/events/${eventId}/feedback/closing`, { closesOn: day(-2) });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain(`must not be before the event&#39;s last day, ${day(-1)}.`);
    const set = await office.post(`/officer/events/${eventId}/feedback/closing`, { closesOn: day(-1) });
    expect(set.statusCode).toBe(303);
    const before = await answersInDb();
    const refused = await answer(trainees[0], fullAnswer(1));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('<html lang="tg">');
    expect(refused.body).toContain('Қабули фикрҳо баста шуд');
    expect(refused.body).toContain('Ҷавоби фиристодашуда нигоҳ дошта нашуд.');
    expect(await answersInDb()).toEqual(before);
    const page = await new Visitor(app, 'en').get(`/feedback/${tokens.get(trainees[0])}`);
    expect(page.body).not.toContain('<form method="post" action="/feedback/');
  });
});
