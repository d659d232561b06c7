import {
  type Headers,
  itReadingPdfs,
  type JobStatus,
  pdfText,
  qrOf,
  TITLES,
  useCertificatesFixture,
} from '../support/certificates-fixture.js';

/** The certificates of a completed event, their PDFs and their public check (the fixture: test/support/certificates-fixture.ts). */
describe('completion and certificates', () => {
  const suite = useCertificatesFixture();
  const { completedEvent, runCompletion, enrollmentStates, halfIssued, certificateOf, verify } = suite;
  let { app, officerUser, officer, tjOfficer, donor, trainer, otherTrainer } = suite;
  beforeAll(() => ({ app, officerUser, officer, tjOfficer, donor, trainer, otherTrainer } = suite));

  describe('a completed event with a mix of enrollees', () => {
    let eventId: string;
    let trainees: Record<string, { traineeId: string; enrollmentId: string }>;
    let job: JobStatus;

    beforeAll(async () => {
      ({ eventId, trainees } = await completedEvent([
        { name: 'Нурбек Өмүрзаков', attended: 5, postScore: 85, language: 'ky' },
        { name: 'Фарзона Ҷӯраева', attended: 4, postScore: 70, language: 'tg' },
        { name: 'Айгүл <i>Бекова</i> & "Ко"', attended: 4, postScore: 90 },
        { name: 'Too Little Attendance', attended: 3, postScore: 95 },
        { name: 'Failing Post Score', attended: 5, postScore: 69 },
        { name: 'No Post Score', attended: 5 },
        { name: 'Withdrawn Trainee', attended: 5, postScore: 100, withdrawn: true },
      ]));
      job = await runCompletion(eventId);
    });

    it('runs the job in the worker and certifies exactly those who attended enough and passed', async () => {
      expect(job.state).toBe('completed');
      expect(job.result).toEqual({
        eventId,
        enrollees: 7,
        issued: 3,
        reinstated: 0,
        revoked: 0,
        reopened: 0,
        unchanged: 4,
      });
      expect(job.progress).toEqual({ done: 7, total: 7 });
      expect(await enrollmentStates(eventId)).toEqual({
        'Нурбек Өмүрзаков': 'completed + certificate',
        'Фарзона Ҷӯраева': 'completed + certificate',
        'Айгүл <i>Бекова</i> & "Ко"': 'completed + certificate',
        'Too Little Attendance': 'enrolled',
        'Failing Post Score': 'enrolled',
        'No Post Score': 'enrolled',
        'Withdrawn Trainee': 'withdrawn',
      });
      expect(await halfIssued(eventId)).toEqual([]);
    });

    it('issues codes of 26 Crockford symbols, valid for the course’s 36 months, in the trainee’s language', async () => {
      const kyrgyz = await certificateOf(trainees['Нурбек Өмүрзаков'].enrollmentId);
      expect(kyrgyz.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{2}$/);
      expect(kyrgyz.locale).toBe('ky');
      const expected = new Date(kyrgyz.issued_at);
      expected.setUTCMonth(expected.getUTCMonth() + 36);
      expect(new Date(kyrgyz.expires_at as Date).toISOString().slice(0, 10)).toBe(expected.toISOString().slice(0, 10));
      expect((await certificateOf(trainees['Фарзона Ҷӯраева'].enrollmentId)).locale).toBe('tg');
      // No preference: the event's language.
      expect((await certificateOf(trainees['Айгүл <i>Бекова</i> & "Ко"'].enrollmentId)).locale).toBe('ru');
    });

    it('audits each issue as the officer who asked, under the job', async () => {
      const { id } = await certificateOf(trainees['Нурбек Өмүрзаков'].enrollmentId);
      const rows = await app.dataSource.query<{ actor_id: string; request_id: string; action: string }[]>(
        `SELECT actor_id, request_id, action FROM audit_log WHERE entity_type = 'certificate' AND entity_id = $1`,
        [id],
      );
      expect(rows).toEqual([
        { actor_id: officerUser.id, request_id: expect.stringMatching(/^job:certificates:/), action: 'create' },
      ]);
      const [enrollment] = await app.dataSource.query<{ changed_fields: string[] }[]>(
        `SELECT changed_fields FROM audit_log WHERE entity_type = 'enrollment' AND entity_id = $1`,
        [trainees['Нурбек Өмүрзаков'].enrollmentId],
      );
      expect(enrollment.changed_fields).toEqual(expect.arrayContaining(['status', 'completedAt']));
    });

    it('changes nothing when run again: no duplicate, no new audit row, the same PDFs', async () => {
      const before = await app.dataSource.query<{ id: string; code: string; pdf: Buffer }[]>(
        `SELECT c.id, c.code, c.pdf FROM certificates c JOIN enrollments en ON en.id = c.enrollment_id
          WHERE en.event_id = $1 ORDER BY c.id`,
        [eventId],
      );
      const audited = async () =>
        (
          await app.dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM audit_log
              WHERE entity_id = ANY($1::text[]) OR entity_id = ANY($2::text[])`,
            [before.map((c) => c.id), Object.values(trainees).map((t) => t.enrollmentId)],
          )
        )[0].n;
      const auditedBefore = await audited();

      const again = await runCompletion(eventId);
      expect(again.result).toMatchObject({ enrollees: 7, issued: 0, revoked: 0, reopened: 0, unchanged: 7 });
      const after = await app.dataSource.query<{ id: string; code: string; pdf: Buffer }[]>(
        `SELECT c.id, c.code, c.pdf FROM certificates c JOIN enrollments en ON en.id = c.enrollment_id
          WHERE en.event_id = $1 ORDER BY c.id`,
        [eventId],
      );
      expect(after).toEqual(before);
      expect(await audited()).toBe(auditedBefore);
    });

    it('lists the event’s certificates for its officer and its trainers', async () => {
      for (const headers of [officer, trainer]) {
        const res = await app.request({ method: 'GET', url: `/events/${eventId}/certificates`, headers });
        expect(res.statusCode).toBe(200);
        const list = res.json<{ traineeName: string; status: string; statusLabel: string; pdfUrl: string }[]>();
        expect(list.map((c) => c.traineeName).sort()).toEqual(
          ['Айгүл <i>Бекова</i> & "Ко"', 'Нурбек Өмүрзаков', 'Фарзона Ҷӯраева'].sort(),
        );
        expect(list[0]).toMatchObject({ status: 'valid', statusLabel: 'Valid' });
        expect(list[0].pdfUrl).toMatch(/^\/certificates\/[0-9a-f-]{36}\/pdf$/);
      }
    });

    it('serves the PDF exactly as stored, even after the trainee’s record changes', async () => {
      const stored = await certificateOf(trainees['Нурбек Өмүрзаков'].enrollmentId);
      const res = await app.request({ method: 'GET', url: `/certificates/${stored.id}/pdf`, headers: trainer });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="certificate-${stored.code}.pdf"`);
      expect(res.rawPayload.equals(stored.pdf)).toBe(true);

      await app.dataSource.query(
        `UPDATE courses SET titles = '{"en":"Renamed"}' WHERE id = (
        SELECT course_id FROM training_events WHERE id = $1)`,
        [eventId],
      );
      const later = await app.request({ method: 'GET', url: `/certificates/${stored.id}/pdf`, headers: officer });
      expect(later.rawPayload.equals(stored.pdf)).toBe(true);
      await app.dataSource.query(
        `UPDATE courses SET titles = $2 WHERE id = (
        SELECT course_id FROM training_events WHERE id = $1)`,
        [eventId, JSON.stringify(TITLES)],
      );
    });

    itReadingPdfs(
      'prints a Kyrgyz certificate in Kyrgyz, with every letter, and a QR code to its verify page',
      async () => {
        const { code, pdf } = await certificateOf(trainees['Нурбек Өмүрзаков'].enrollmentId);
        const text = pdfText(pdf);
        expect(text).toContain('Окууну аяктагандыгы тууралуу сертификат');
        expect(text).toContain('Нурбек Өмүрзаков');
        expect(text).toContain(TITLES.ky);
        expect(text).toContain('Osh, hotel conference hall, Кыргызстан');
        expect(text).toContain('12–15-май 2025-ж.');
        expect(text).toContain(code);
        expect(qrOf(pdf)).toBe(`https://cascade.example.org/verify/${code}`);
      },
    );

    itReadingPdfs(
      'prints a Tajik certificate in Tajik, with every letter, and a QR code to its verify page',
      async () => {
        const { code, pdf } = await certificateOf(trainees['Фарзона Ҷӯраева'].enrollmentId);
        const text = pdfText(pdf);
        expect(text).toContain('Сертификати хатми таълим');
        expect(text).toContain('Фарзона Ҷӯраева');
        expect(text).toContain(TITLES.tg);
        expect(text).toContain('Қирғизистон');
        expect(text).toContain(code);
        expect(qrOf(pdf)).toBe(`https://cascade.example.org/verify/${code}`);
      },
    );

    it('answers the public check of a code with only what the certificate says', async () => {
      const { code, issued_at, expires_at } = await certificateOf(trainees['Нурбек Өмүрзаков'].enrollmentId);
      const res = await verify(code);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'valid',
        statusLabel: 'Valid',
        traineeName: 'Нурбек Өмүрзаков',
        courseTitle: TITLES.en,
        eventStartDate: '2025-05-12',
        eventEndDate: '2025-05-15',
        issuedOn: new Date(issued_at).toISOString().slice(0, 10),
        expiresOn: new Date(expires_at as Date).toISOString().slice(0, 10),
        revokedOn: null,
        replacedOn: null,
        renewedOn: null,
      });

      const inKyrgyz = await verify(code.toLowerCase().replace(/-/g, ''), { 'accept-language': 'ky-KG,ru;q=0.8' });
      expect(inKyrgyz.json()).toMatchObject({ statusLabel: 'Жарактуу', courseTitle: TITLES.ky });
      expect(inKyrgyz.headers['content-language']).toBe('ky');
    });

    it('shows a browser a page in its language, with everything escaped', async () => {
      const { code } = await certificateOf(trainees['Айгүл <i>Бекова</i> & "Ко"'].enrollmentId);
      const res = await verify(code, {
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'accept-language': 'tg',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<html lang="tg">');
      expect(res.body).toContain('Санҷиши сертификат');
      expect(res.body).toContain('Эътибор дорад');
      expect(res.body).toContain(TITLES.tg);
      expect(res.body).toContain('Айгүл &lt;i&gt;Бекова&lt;/i&gt; &amp; &quot;Ко&quot;');
      expect(res.body).not.toContain('<i>');
    });

    it('answers an unknown code with 404, as JSON or as a page', async () => {
      const json = await verify('7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV');
      expect(json.statusCode).toBe(404);
      expect(json.json()).toMatchObject({ code: 'certificate_not_found' });

      const page = await verify(encodeURIComponent('<script>alert(1)</script>'), {
        accept: 'text/html',
        'accept-language': 'ru',
      });
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('Сертификат не найден');
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.body).not.toContain('<script>');
    });

    it('shows an expired certificate as expired', async () => {
      const { id, code } = await certificateOf(trainees['Фарзона Ҷӯраева'].enrollmentId);
      await app.dataSource.query(`UPDATE certificates SET expires_at = now() - interval '1 day' WHERE id = $1`, [id]);
      expect((await verify(code)).json()).toMatchObject({ status: 'expired', revokedOn: null });
    });

    it('hides the name of a holder who withdrew consent', async () => {
      const { traineeId, enrollmentId } = trainees['Айгүл <i>Бекова</i> & "Ко"'];
      await app.dataSource.query(
        'UPDATE trainees SET full_name = NULL, latin_name = NULL, consent_withdrawn_at = now() WHERE id = $1',
        [traineeId],
      );
      const { code } = await certificateOf(enrollmentId);
      expect((await verify(code)).json()).toMatchObject({ status: 'valid', traineeName: null });
      const page = await verify(code, { accept: 'text/html', 'accept-language': 'en' });
      expect(page.body).toContain('Not shown: the holder has withdrawn consent');
    });

    it('revokes a certificate with a reason, audited, and the check says so', async () => {
      const { id, code } = await certificateOf(trainees['Нурбек Өмүрзаков'].enrollmentId);
      const url = `/certificates/${id}/revoke`;
      expect((await app.request({ method: 'POST', url, headers: officer, payload: { reason: 'ab' } })).statusCode).toBe(
        400,
      );
      expect((await app.request({ method: 'POST', url, headers: officer, payload: {} })).statusCode).toBe(400);
      expect(
        (await app.request({ method: 'POST', url, headers: officer, payload: { reason: 'x'.repeat(501) } })).statusCode,
      ).toBe(400);
      expect(
        (await app.request({ method: 'POST', url, headers: trainer, payload: { reason: 'Forged' } })).statusCode,
      ).toBe(403);
      expect(
        (await app.request({ method: 'POST', url, headers: tjOfficer, payload: { reason: 'Forged' } })).statusCode,
      ).toBe(404);

      const res = await app.request({
        method: 'POST',
        url,
        headers: officer,
        payload: { reason: '  Attendance sheet found to be forged  ' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id, status: 'revoked', revokedReason: 'Attendance sheet found to be forged' });
      const today = new Date().toISOString().slice(0, 10);
      expect((await verify(code)).json()).toMatchObject({ status: 'revoked', revokedOn: today });
      const page = await verify(code, { accept: 'text/html', 'accept-language': 'uk' });
      expect(page.body).toContain('Відкликано');

      const [audit] = await app.dataSource.query<{ actor_id: string; changed_fields: string[]; values: object }[]>(
        `SELECT actor_id, changed_fields, "values" FROM audit_log
          WHERE entity_type = 'certificate' AND entity_id = $1 AND action = 'update'`,
        [id],
      );
      expect(audit.actor_id).toBe(officerUser.id);
      expect(audit.changed_fields).toEqual(expect.arrayContaining(['revokedAt', 'revokedReason', 'revokedById']));
      expect(audit.values).toMatchObject({ revokedReason: 'Attendance sheet found to be forged' });

      const twice = await app.request({ method: 'POST', url, headers: officer, payload: { reason: 'Again' } });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'certificate_already_revoked' });

      // The training was still completed; a new run leaves the revocation alone.
      const again = await runCompletion(eventId);
      expect(again.result).toMatchObject({ issued: 0, reinstated: 0, revoked: 0 });
      expect((await verify(code)).json()).toMatchObject({ status: 'revoked' });
    });

    it('keeps the certificates from other countries, donors and other events’ trainers', async () => {
      const { id } = await certificateOf(trainees['Фарзона Ҷӯраева'].enrollmentId);
      const cases: [string, Headers, number][] = [
        [`/events/${eventId}/certificates`, tjOfficer, 404],
        [`/events/${eventId}/certificates`, otherTrainer, 404],
        [`/events/${eventId}/certificates`, donor, 403],
        [`/certificates/${id}/pdf`, tjOfficer, 404],
        [`/certificates/${id}/pdf`, otherTrainer, 404],
        [`/certificates/${id}/pdf`, donor, 403],
        [`/certificates/00000000-0000-4000-8000-000000000000/pdf`, officer, 404],
      ];
      for (const [url, headers, status] of cases) {
        expect([url, (await app.request({ method: 'GET', url, headers })).statusCode]).toEqual([url, status]);
      }
      const starts: [Headers, number][] = [
        [tjOfficer, 404],
        [donor, 403],
        [trainer, 403],
      ];
      for (const [headers, status] of starts) {
        expect((await app.request({ method: 'POST', url: `/events/${eventId}/completion`, headers })).statusCode).toBe(
          status,
        );
      }
    });
  });
});
