import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Role } from '@cascade/auth';

import { createEvent, createTrainee } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { itReadingPdfs, pdfText, useCertificatesFixture } from '../support/certificates-fixture.js';
import { multipart } from '../support/multipart.js';
import { HTML, Visitor } from '../support/web.js';

// A 1×1 PNG: a signature scan as small as they come.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==',
  'base64',
);

/** The names in a ZIP, read by Python's zipfile (which checks every CRC). */
function zipNames(zip: Buffer): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'cascade-zip-'));
  try {
    writeFileSync(join(folder, 'a.zip'), zip);
    const script =
      'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;print("\\n".join(z.namelist()))';
    const result = spawnSync('python3', ['-c', script, join(folder, 'a.zip')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim().split('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The officer's certificate pages: outcomes, the ZIP, revoke, reissue, the register, the issuer, and the verify form. */
describe('web: certificates in the officer pages', () => {
  const suite = useCertificatesFixture();
  const { completedEvent, runCompletion, certificateOf, verify } = suite;
  let eventId: string;
  let trainees: Record<string, { traineeId: string; enrollmentId: string }>;
  let officer: Visitor;

  const signedIn = async (user: TestUser, language = 'en') => {
    const visitor = new Visitor(suite.app, language);
    await visitor.signIn(user.email, user.password);
    return visitor;
  };

  beforeAll(async () => {
    ({ eventId, trainees } = await completedEvent([
      { name: 'Айгүл Осмонова', attended: 5, postScore: 85 },
      { name: 'Оксана Ковальчук', attended: 4, postScore: 90, language: 'uk' },
      { name: 'Фарзона Ҷӯраева', attended: 5, postScore: 75, language: 'tg' },
      { name: 'Too Little Attendance', attended: 3, postScore: 95 },
      { name: 'Failing Post Score', attended: 5, postScore: 69 },
      { name: 'No Post Score', attended: 5 },
      { name: 'Withdrawn Trainee', attended: 5, postScore: 100, withdrawn: true },
    ]));
    await suite.app.dataSource.query(`UPDATE trainees SET sex = 'female' WHERE id = $1`, [
      trainees['Оксана Ковальчук'].traineeId,
    ]);
    await runCompletion(eventId);
    officer = await signedIn(suite.officerUser);
  });

  it('shows every enrollee’s outcome, and why the others did not complete', async () => {
    const page = await officer.get(`/officer/events/${eventId}/certificates`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('attend at least 80% of the sessions; post-test score 70 or more');
    expect(page.body.match(/badge valid">Completed/g)).toHaveLength(3);
    expect(page.body).toContain('attended 60% of the sessions, 80% needed');
    expect(page.body).toContain('post-test score 69, 70 needed');
    expect(page.body).toContain('no post-test score recorded');
    expect(page.body).toContain('withdrawn from the event');
    expect(page.body).toContain('3 of 5 sessions (60%)');
    expect(page.body).toContain('Download all certificates (ZIP, 3)');
    // The event page links here.
    expect((await officer.get(`/officer/events/${eventId}`)).body).toContain(`/officer/events/${eventId}/certificates`);
  });

  it('streams every certificate in one ZIP, audited without names', async () => {
    const res = await officer.get(`/officer/events/${eventId}/certificates/all.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const names = zipNames(res.rawPayload);
    expect(names).toHaveLength(3);
    expect(names).toContain(
      `Оксана Ковальчук ${(await certificateOf(trainees['Оксана Ковальчук'].enrollmentId)).code}.pdf`,
    );
    const [audit] = await suite.app.dataSource.query<{ actor_id: string; values: object }[]>(
      `SELECT actor_id, "values" FROM audit_log WHERE action = 'export' AND entity_type = 'certificate' AND entity_id = $1`,
      [eventId],
    );
    expect(audit).toEqual({ actor_id: suite.officerUser.id, values: { certificates: 3, format: 'zip' } });
  });

  it('revokes with a reason (refused without one, beside the field); the PDF still downloads, the check says revoked', async () => {
    const { id, code } = await certificateOf(trainees['Айгүл Осмонова'].enrollmentId);
    const refused = await officer.post(`/officer/certificates/${id}/revoke`, { reason: ' ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="revoke-reason"[^>]*aria-invalid="true"/);
    expect(refused.body).toContain('id="revoke-reason-error"');

    const done = await officer.post(`/officer/certificates/${id}/revoke`, { reason: 'Attendance sheet forged' });
    expect(done.statusCode).toBe(303);
    const page = await officer.get(done.headers.location as string);
    expect(page.body).toContain('Certificate revoked.');
    expect(page.body).toContain('Attendance sheet forged');
    expect((await officer.get(`/certificates/${id}/pdf`)).statusCode).toBe(200);
    expect((await verify(code, { 'accept-language': 'uk' })).json()).toMatchObject({
      status: 'revoked',
      statusLabel: 'Відкликано',
    });
    const again = await officer.post(`/officer/certificates/${id}/revoke`, { reason: 'Again' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This certificate is already revoked.');
    // A revoked certificate is not reissued.
    const reissue = await officer.post(`/officer/certificates/${id}/reissue`, {
      fullName: 'Айгүл Осмонова',
      language: 'ky',
    });
    expect(reissue.statusCode).toBe(409);
  });

  itReadingPdfs(
    'reissues with a corrected name in another language; the old code verifies as replaced, naming nobody',
    async () => {
      const enrollment = trainees['Фарзона Ҷӯраева'].enrollmentId;
      const before = await certificateOf(enrollment);
      const blank = await officer.post(`/officer/certificates/${before.id}/reissue`, { fullName: 'X', language: 'ru' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toMatch(/id="reissue-name"[^>]*aria-invalid="true"/);
      expect(blank.body).toContain('value="X"');

      const res = await officer.post(`/officer/certificates/${before.id}/reissue`, {
        fullName: 'Фарзона Ҷӯраева-Каримова',
        language: 'ru',
      });
      expect(res.statusCode).toBe(303);
      const after = await certificateOf(enrollment);
      expect(after.code).not.toBe(before.code);
      expect(after.locale).toBe('ru');
      expect(after.issued_at).toEqual(before.issued_at);
      const text = pdfText(after.pdf);
      expect(text).toContain('Фарзона Ҷӯраева-Каримова');
      expect(text).toContain('успешно прошла обучение по курсу');

      const old = await verify(before.code.toLowerCase().replace(/-/g, ' '), { 'accept-language': 'ky' });
      expect(old.json()).toMatchObject({ status: 'replaced', statusLabel: 'Алмаштырылган', traineeName: null });
      expect(JSON.stringify(old.json())).not.toContain(after.code);
      const oldPage = await verify(before.code, { ...HTML, 'accept-language': 'tg' });
      expect(oldPage.body).toContain('Иваз карда шуд');
      expect(oldPage.body).not.toContain('Фарзона');
      expect((await verify(after.code)).json()).toMatchObject({
        status: 'valid',
        traineeName: 'Фарзона Ҷӯраева-Каримова',
      });
    },
  );

  it('sets a trainee’s certificate language from the outcomes, only for the event’s own trainees', async () => {
    const { traineeId } = trainees['No Post Score'];
    const url = `/officer/events/${eventId}/certificates/language`;
    expect((await officer.post(url, { trainee: traineeId, language: 'ky' })).statusCode).toBe(303);
    const [row] = await suite.app.dataSource.query<{ preferred_language: string }[]>(
      'SELECT preferred_language FROM trainees WHERE id = $1',
      [traineeId],
    );
    expect(row.preferred_language).toBe('ky');
    const stranger = await createTrainee(suite.app.dataSource, { fullName: 'Someone Else' });
    expect((await officer.post(url, { trainee: stranger, language: 'ky' })).statusCode).toBe(404);
    expect((await officer.post(url, { trainee: traineeId, language: 'xx' })).statusCode).toBe(400);
  });

  it('decides completion again from the page; an event not completed says why', async () => {
    const res = await officer.post(`/officer/events/${eventId}/certificates/completion`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/officer/events/${eventId}/certificates?saved=completion`);
    const planned = await createEvent(suite.app.dataSource);
    const refused = await officer.post(`/officer/events/${planned}/certificates/completion`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Completion and certificates are decided only once the event is marked completed.');
  });

  it('lists a country’s certificates by course, year and status, and exports them as CSV and XLSX', async () => {
    const year = new Date().getUTCFullYear();
    const revoked = await officer.get(`/officer/certificate-register?country=KG&status=revoked&year=${year}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.body).toContain('Айгүл Осмонова');
    expect(revoked.body).not.toContain('Оксана Ковальчук');
    const csv = await officer.get(`/officer/certificate-register/export?format=csv&country=KG&status=revoked`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/^\uFEFF?Code,Holder,Course/);
    expect(csv.body).toContain('Айгүл Осмонова');
    const xlsx = await officer.get(`/officer/certificate-register/export?format=xlsx&country=KG`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await officer.get('/officer/certificate-register?country=KG&year=abc')).statusCode).toBe(400);
    expect((await officer.get('/officer/certificate-register/export?format=pdf&country=KG')).statusCode).toBe(400);
  });

  it('keeps the pages to the officer’s countries and away from trainers and donors', async () => {
    const tj = await signedIn(await createUser(suite.app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'] }));
    expect((await tj.get(`/officer/events/${eventId}/certificates`)).statusCode).toBe(404);
    expect((await tj.get(`/officer/events/${eventId}/certificates/all.zip`)).statusCode).toBe(404);
    expect((await tj.get('/officer/certificate-register?country=KG')).statusCode).toBe(404);
    expect((await tj.get('/officer/certificate-register/export?format=csv&country=KG')).statusCode).toBe(404);
    expect((await tj.get('/officer/certificate-issuers/KG')).statusCode).toBe(404);
    const { id } = await certificateOf(trainees['Оксана Ковальчук'].enrollmentId);
    expect((await tj.post(`/officer/certificates/${id}/revoke`, { reason: 'Not mine' })).statusCode).toBe(404);
    const trainer = await signedIn(await createUser(suite.app.dataSource, { role: Role.Trainer }));
    expect((await trainer.get(`/officer/events/${eventId}/certificates`)).statusCode).toBe(403);
    expect((await trainer.get(`/officer/certificates/${id}`)).statusCode).toBe(403);
    const donor = await signedIn(await createUser(suite.app.dataSource, { role: Role.Donor }));
    expect((await donor.get('/officer/certificate-register?country=KG')).statusCode).toBe(403);
  });

  itReadingPdfs(
    'sets the country’s issuer and signature; a reissue prints them; a wrong image is refused beside its field',
    async () => {
      const form = await officer.get('/officer/certificate-issuers/KG');
      expect(form.statusCode).toBe(200);
      const csrf = officer.jar.cookies.get('cascade_csrf') as string;
      const send = (content: Buffer, fields: Record<string, string>) => {
        const body = multipart('signature.png', content, { fields, type: 'image/png' });
        return suite.app.request({
          method: 'POST',
          url: `/officer/certificate-issuers/KG?_csrf=${encodeURIComponent(csrf)}`,
          headers: { ...HTML, 'content-type': body.contentType, ...officer.jar.header() },
          payload: body.payload,
        });
      };
      const fields = {
        organization: 'Кыргыз Республикасынын Акыйкатчысынын аппараты',
        signatoryName: 'Гүлнара Токтогулова',
        signatoryTitle: 'Программанын жетекчиси',
      };
      const wrong = await send(Buffer.from('not an image'), fields);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('The signature image must be a PNG or JPEG file of at most 200 KB.');
      expect(wrong.body).toMatch(/id="issuer-signature"[^>]*aria-invalid="true"/);
      expect(wrong.body).toContain(`value="${fields.signatoryName}"`);
      expect((await send(Buffer.alloc(0), { ...fields, organization: '' })).statusCode).toBe(400);

      expect((await send(PNG, fields)).statusCode).toBe(303);
      const image = await officer.get('/officer/certificate-issuers/KG/signature');
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.rawPayload).toEqual(PNG);

      const { id } = await certificateOf(trainees['Оксана Ковальчук'].enrollmentId);
      expect(
        (await officer.post(`/officer/certificates/${id}/reissue`, { fullName: 'Оксана Ковальчук', language: 'uk' }))
          .statusCode,
      ).toBe(303);
      const text = pdfText((await certificateOf(trainees['Оксана Ковальчук'].enrollmentId)).pdf);
      expect(text).toContain('Кыргыз Республикасынын Акыйкатчысынын аппараты');
      expect(text).toContain('Гүлнара Токтогулова');
      expect(text).toContain('успішно пройшла навчання за курсом');
    },
  );

  it('offers a form to type a code on /verify and on the not-found page, forgiving case and spaces', async () => {
    const { code } = await certificateOf(trainees['Оксана Ковальчук'].enrollmentId);
    const open = (url: string, headers: Record<string, string>) =>
      suite.app.request({ method: 'GET', url, headers, remoteAddress: '198.51.100.7' });
    const form = await open('/verify', { ...HTML, 'accept-language': 'ky' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<label for="verify-code">Сертификаттын коду</label>');
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    const sent = await open(`/verify?code=${encodeURIComponent(typed)}`, HTML);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/verify/${code}`);
    const missing = await verify('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ', { ...HTML, 'accept-language': 'tg' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<label for="verify-code">Рамзи сертификат</label>');
  });
});
