import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import type { INestApplicationContext } from '@nestjs/common';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

import { Role } from '@cascade/auth';

import { JobsService } from '../../src/infrastructure/jobs/jobs.service.js';
import { CertificatePdfRenderer } from '../../src/modules/certificates/certificate-pdf.js';
import { CompletionService } from '../../src/modules/certificates/completion.service.js';
import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

const PUBLIC_BASE_URL = 'https://cascade.example.org/';

// Course titles with every Kyrgyz and Tajik letter a built-in PDF font would lose.
const TITLES = {
  en: 'Istanbul Protocol for forensic experts',
  ru: 'Стамбульский протокол для судебно-медицинских экспертов',
  ky: 'Стамбул протоколу: соттук-медициналык эксперттер үчүн (ң ө ү)',
  tg: 'Протоколи Истанбул барои коршиносони тиббӣ-судӣ (ғ ӣ қ ӯ ҳ ҷ)',
};

/** poppler-utils reads the PDFs back; without it the PDF checks are skipped, except in CI. */
const poppler = !spawnSync('pdftotext', ['-v']).error && !spawnSync('pdftoppm', ['-v']).error;
const inCi = !!process.env.CI && process.env.CI !== 'false';
if (!poppler && !inCi) {
  console.warn('pdftotext/pdftoppm (poppler-utils) are not installed: skipping the checks that read certificate PDFs.');
}
const itReadingPdfs = poppler || inCi ? it : it.skip;

function pdfText(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf });
  if (result.error) throw new Error(`pdftotext (poppler-utils) is required in CI: ${result.error.message}`);
  return result.stdout.toString('utf8').replace(/\s+/g, ' ');
}

/** Renders page 1 at 150 dpi, as a scanner would see the printout, and reads its QR code. */
function qrOf(pdf: Buffer): string | null {
  const folder = mkdtempSync(join(tmpdir(), 'cascade-certificate-'));
  try {
    writeFileSync(join(folder, 'certificate.pdf'), pdf);
    const result = spawnSync('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(folder, 'certificate.pdf'),
      join(folder, 'page'),
    ]);
    if (result.error || result.status !== 0) throw new Error(`pdftoppm failed: ${String(result.stderr)}`);
    const png = PNG.sync.read(readFileSync(join(folder, 'page.png')));
    // jsqr is CommonJS: under NodeNext its function is the module's `default` property.
    return jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

type Headers = Record<string, string>;

interface JobStatus {
  state: string;
  progress: unknown;
  result: Record<string, unknown>;
}

interface Enrollee {
  name: string;
  attended: number;
  postScore?: number | null;
  language?: string;
  withdrawn?: boolean;
}

describe('completion and certificates', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let officerUser: TestUser;
  let officer: Headers;
  let tjOfficer: Headers;
  let donor: Headers;
  let trainer: Headers;
  let otherTrainer: Headers;
  let trainerId: string;
  let visitor = 0;

  beforeAll(async () => {
    const config = testConfig({ PUBLIC_BASE_URL });
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    const as = async (user: TestUser) => bearer((await signIn(app, user)).accessToken);
    officerUser = await createUser(app.dataSource, { role: Role.ProgramOfficer });
    officer = await as(officerUser);
    tjOfficer = await as(await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'] }));
    donor = await as(await createUser(app.dataSource, { role: Role.Donor }));
    const trainerUser = await createUser(app.dataSource, { role: Role.Trainer });
    trainerId = await createTrainer(app.dataSource, { userId: trainerUser.id });
    trainer = await as(trainerUser);
    const otherUser = await createUser(app.dataSource, { role: Role.Trainer });
    await assignTrainer(
      app.dataSource,
      await createEvent(app.dataSource),
      await createTrainer(app.dataSource, { userId: otherUser.id }),
    );
    otherTrainer = await as(otherUser);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  /**
   * A completed event of a course needing 80 % attendance and a post score of 70, valid 36 months,
   * with 5 sessions taught by this file's trainer; each enrollee attends `attended` of them.
   */
  async function completedEvent(enrollees: Enrollee[], status = EventStatus.Completed) {
    const course = await createCourse(app.dataSource, { validityMonths: 36 });
    await app.dataSource.query('UPDATE courses SET titles = $2 WHERE id = $1', [course.id, JSON.stringify(TITLES)]);
    const eventId = await createEvent(app.dataSource, { courseId: course.id, status });
    await assignTrainer(app.dataSource, eventId, trainerId);
    const sessions: string[] = [];
    for (let day = 0; day < 5; day++) {
      sessions.push(await createSession(app.dataSource, eventId, { date: `2025-05-${12 + Math.floor(day / 2)}` }));
    }
    const trainees: Record<string, { traineeId: string; enrollmentId: string }> = {};
    for (const enrollee of enrollees) {
      const traineeId = await createTrainee(app.dataSource, { fullName: enrollee.name });
      await app.dataSource.query('UPDATE trainees SET preferred_language = $2 WHERE id = $1', [
        traineeId,
        enrollee.language ?? null,
      ]);
      const enrollmentId = await enroll(app.dataSource, eventId, traineeId);
      for (const [index, sessionId] of sessions.entries()) {
        const status =
          index < enrollee.attended ? (index === 0 ? 'late' : 'present') : index % 2 ? 'absent' : 'excused';
        await app.dataSource.query(
          `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
           VALUES (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), now())`,
          [sessionId, traineeId, status],
        );
      }
      if (enrollee.postScore !== undefined) {
        await app.dataSource.query(
          'INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, 40, $3)',
          [eventId, traineeId, enrollee.postScore],
        );
      }
      if (enrollee.withdrawn) {
        await app.dataSource.query(`UPDATE enrollments SET status = 'withdrawn' WHERE id = $1`, [enrollmentId]);
      }
      trainees[enrollee.name] = { traineeId, enrollmentId };
    }
    return { eventId, trainees };
  }

  async function waitForJob(statusUrl: string, headers: Headers): Promise<JobStatus> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const res = await app.request({ method: 'GET', url: statusUrl, headers });
      const body = res.json<JobStatus>();
      if (body.state === 'completed' || body.state === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${statusUrl} did not finish in 30 s`);
  }

  async function runCompletion(eventId: string, headers = officer) {
    const started = await app.request({ method: 'POST', url: `/events/${eventId}/completion`, headers });
    expect(started.statusCode).toBe(202);
    return waitForJob(started.json<{ statusUrl: string }>().statusUrl, headers);
  }

  /** Polls the database until `check` holds: for the runs a score correction starts on its own. */
  async function eventually(check: () => Promise<boolean>, what: string) {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} did not happen in 30 s`);
  }

  const enrollmentStates = async (eventId: string) =>
    Object.fromEntries(
      (
        await app.dataSource.query<{ full_name: string; status: string; certified: boolean }[]>(
          `SELECT t.full_name, en.status, c.id IS NOT NULL AND c.revoked_at IS NULL AS certified
             FROM enrollments en JOIN trainees t ON t.id = en.trainee_id
             LEFT JOIN certificates c ON c.enrollment_id = en.id
            WHERE en.event_id = $1`,
          [eventId],
        )
      ).map((row) => [row.full_name, `${row.status}${row.certified ? ' + certificate' : ''}`]),
    );

  /** Valid certificates without a completed enrollment, and completed enrollments without a certificate. */
  const halfIssued = (eventId: string) =>
    app.dataSource.query<{ id: string }[]>(
      `SELECT en.id FROM enrollments en LEFT JOIN certificates c ON c.enrollment_id = en.id
        WHERE en.event_id = $1
          AND ((c.id IS NOT NULL AND c.revoked_at IS NULL AND (en.status <> 'completed' OR en.completed_at IS NULL))
            OR (en.status = 'completed' AND c.id IS NULL))`,
      [eventId],
    );

  const certificateOf = async (enrollmentId: string) => {
    const [row] = await app.dataSource.query<
      { id: string; code: string; issued_at: Date; expires_at: Date | null; locale: string; pdf: Buffer }[]
    >('SELECT id, code, issued_at, expires_at, locale, pdf FROM certificates WHERE enrollment_id = $1', [enrollmentId]);
    return row;
  };

  /** Each visit from its own address, so this file's checks never meet the rate limit. */
  const verify = (code: string, headers: Headers = {}) =>
    app.request({ method: 'GET', url: `/verify/${code}`, headers, remoteAddress: `192.0.2.${++visitor}` });

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
        expect(list[0]).toMatchObject({ status: 'valid', statusLabel: 'valid' });
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
        statusLabel: 'valid',
        traineeName: 'Нурбек Өмүрзаков',
        courseTitle: TITLES.en,
        eventStartDate: '2025-05-12',
        eventEndDate: '2025-05-15',
        issuedOn: new Date(issued_at).toISOString().slice(0, 10),
        expiresOn: new Date(expires_at as Date).toISOString().slice(0, 10),
        revokedOn: null,
      });

      const inKyrgyz = await verify(code.toLowerCase().replace(/-/g, ''), { 'accept-language': 'ky-KG,ru;q=0.8' });
      expect(inKyrgyz.json()).toMatchObject({ statusLabel: 'жарактуу', courseTitle: TITLES.ky });
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
      expect(res.body).toContain('эътибор дорад');
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
      expect(page.body).toContain('відкликаний');

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

  it('refuses to decide completion before the event is completed', async () => {
    const { eventId } = await completedEvent([{ name: 'Early Bird', attended: 5, postScore: 90 }], EventStatus.Ongoing);
    const res = await app.request({ method: 'POST', url: `/events/${eventId}/completion`, headers: officer });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'event_not_completed',
      message: 'Completion and certificates are decided only once the event is marked completed.',
    });
    const missing = await app.request({
      method: 'POST',
      url: '/events/00000000-0000-4000-8000-000000000000/completion',
      headers: officer,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('decides again when a post score is corrected: issues, revokes and reinstates', async () => {
    const { eventId, trainees } = await completedEvent([
      { name: 'Corrected Down', attended: 5, postScore: 80 },
      { name: 'Corrected Up', attended: 5, postScore: 60 },
      { name: 'Untouched', attended: 5, postScore: 90 },
    ]);
    await runCompletion(eventId);
    expect(await enrollmentStates(eventId)).toEqual({
      'Corrected Down': 'completed + certificate',
      'Corrected Up': 'enrolled',
      Untouched: 'completed + certificate',
    });
    const down = await certificateOf(trainees['Corrected Down'].enrollmentId);

    const put = (scores: object[]) =>
      app.request({ method: 'PUT', url: `/events/${eventId}/assessments`, headers: officer, payload: { scores } });
    expect(
      (
        await put([
          { traineeId: trainees['Corrected Down'].traineeId, postScore: 50 },
          { traineeId: trainees['Corrected Up'].traineeId, postScore: 75 },
        ])
      ).statusCode,
    ).toBe(200);
    const settled = {
      'Corrected Down': 'enrolled',
      'Corrected Up': 'completed + certificate',
      Untouched: 'completed + certificate',
    };
    await eventually(async () => isDeepStrictEqual(await enrollmentStates(eventId), settled), 'the re-evaluation');
    expect(await enrollmentStates(eventId)).toEqual(settled);
    expect(await halfIssued(eventId)).toEqual([]);

    const [revoked] = await app.dataSource.query<{ revoked_reason: string; revoked_by_id: string }[]>(
      'SELECT revoked_reason, revoked_by_id FROM certificates WHERE id = $1',
      [down.id],
    );
    expect(revoked).toEqual({ revoked_reason: 'score corrected', revoked_by_id: officerUser.id });
    const [audit] = await app.dataSource.query<{ actor_id: string; values: object }[]>(
      `SELECT actor_id, "values" FROM audit_log WHERE entity_type = 'certificate' AND entity_id = $1 AND action = 'update'`,
      [down.id],
    );
    expect(audit).toMatchObject({ actor_id: officerUser.id, values: { revokedReason: 'score corrected' } });
    expect((await verify(down.code)).json()).toMatchObject({ status: 'revoked' });

    // Corrected back: the same certificate is valid again, not a second one.
    await put([{ traineeId: trainees['Corrected Down'].traineeId, postScore: 80 }]);
    await eventually(
      async () => (await enrollmentStates(eventId))['Corrected Down'] === 'completed + certificate',
      'the reinstatement',
    );
    const reinstated = await certificateOf(trainees['Corrected Down'].enrollmentId);
    expect(reinstated.code).toBe(down.code);
    expect((await verify(down.code)).json()).toMatchObject({ status: 'valid', revokedOn: null });

    // A pre-score change alone starts nothing; nor does writing the same post score again.
    const started = jest.spyOn(app.api.get(JobsService), 'enqueue');
    try {
      await put([{ traineeId: trainees.Untouched.traineeId, preScore: 10, postScore: 90 }]);
      expect(started).not.toHaveBeenCalled();
    } finally {
      started.mockRestore();
    }
  });

  it('leaves no half-issued certificate when a run fails midway, and a rerun finishes the rest', async () => {
    const { eventId, trainees } = await completedEvent([
      { name: 'First In Line', attended: 5, postScore: 90 },
      { name: 'Breaks The Renderer', attended: 5, postScore: 90 },
      { name: 'Last In Line', attended: 5, postScore: 90 },
    ]);
    const completion = worker.get(CompletionService);
    const renderer = worker.get(CertificatePdfRenderer);
    const render = renderer.render.bind(renderer);
    const spy = jest.spyOn(renderer, 'render').mockImplementation(async (content) => {
      if (content.traineeName === 'Breaks The Renderer') throw new Error('the renderer broke');
      return render(content);
    });
    const job = { eventId, requestedBy: officerUser.id, requestedAt: new Date().toISOString() };
    try {
      await expect(completion.completeEvent(job)).rejects.toThrow('the renderer broke');
    } finally {
      spy.mockRestore();
    }
    expect(await halfIssued(eventId)).toEqual([]);
    expect(await enrollmentStates(eventId)).toEqual({
      'First In Line': 'completed + certificate',
      'Breaks The Renderer': 'enrolled',
      'Last In Line': 'enrolled',
    });
    const first = await certificateOf(trainees['First In Line'].enrollmentId);

    const rerun = await completion.completeEvent(job);
    expect(rerun).toMatchObject({ issued: 2, unchanged: 1 });
    expect(await halfIssued(eventId)).toEqual([]);
    expect(Object.values(await enrollmentStates(eventId))).toEqual(Array(3).fill('completed + certificate'));
    expect((await certificateOf(trainees['First In Line'].enrollmentId)).code).toBe(first.code);
  });

  it('issues each certificate once when two runs meet', async () => {
    const { eventId } = await completedEvent([
      { name: 'Concurrent One', attended: 5, postScore: 90 },
      { name: 'Concurrent Two', attended: 5, postScore: 90 },
      { name: 'Concurrent Three', attended: 2, postScore: 90 },
    ]);
    const completion = worker.get(CompletionService);
    const job = { eventId, requestedBy: officerUser.id, requestedAt: new Date().toISOString() };
    const [a, b] = await Promise.all([completion.completeEvent(job), completion.completeEvent(job)]);
    expect(a.issued + b.issued).toBe(2);
    expect(a.unchanged + b.unchanged).toBe(4);
    const [{ n }] = await app.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM certificates c JOIN enrollments en ON en.id = c.enrollment_id WHERE en.event_id = $1`,
      [eventId],
    );
    expect(n).toBe(2);
    expect(await halfIssued(eventId)).toEqual([]);
  });

  it('limits the public check per IP address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await app.request({ method: 'GET', url: '/verify/unknown', remoteAddress: '198.51.100.7' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses[30]).toBe(429);
    const other = await app.request({ method: 'GET', url: '/verify/unknown', remoteAddress: '198.51.100.8' });
    expect(other.statusCode).toBe(404);
  });
});
