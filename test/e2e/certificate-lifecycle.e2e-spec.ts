import { getQueueToken } from '@nestjs/bullmq';
import { type Job, type Queue, QueueEvents } from 'bullmq';

import { type AuthUser, Role } from '@cascade/auth';
import { JobName, QueueName } from '@cascade/queue';

import { ExpiringCertificatesService } from '../../src/modules/certificates/index.js';
import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createCertificate } from '../factories/certificates.js';
import { assignTrainer, createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { type Headers, TITLES, useCertificatesFixture } from '../support/certificates-fixture.js';
import { HTML, Visitor } from '../support/web.js';

/** A country of its own (ISO's user-assigned range): the counts here are this file's alone. */
const HOME = 'QC';
const OUTBOX_HOME = 'QD';
const today = () => new Date().toISOString().slice(0, 10);

/** Certificates that expire and renew, their reminders kept in the outbox (no SMTP_URL), and the pages. */
describe('the certificate lifecycle and the outbox without a mail server', () => {
  const suite = useCertificatesFixture();
  let admin: Headers;
  let adminUser: TestUser;
  let homeOfficer: TestUser;
  let outboxOfficer: TestUser;

  const visitorOf = async (user: TestUser, locale: string) => {
    await suite.app.dataSource.query('UPDATE users SET locale = $2 WHERE id = $1', [user.id, locale]);
    const visitor = new Visitor(suite.app, locale);
    await visitor.signIn(user.email, user.password);
    return visitor;
  };
  const authUser = (user: TestUser, countries: string[]): AuthUser =>
    ({ id: user.id, role: user.role, countries, locale: 'en' }) as unknown as AuthUser;

  /** A completed event of `courseId` in HOME where the trainee attended every session and passed. */
  const completedEventFor = async (courseId: string, traineeId: string) => {
    const eventId = await createEvent(suite.app.dataSource, {
      courseId,
      countryCode: HOME,
      status: EventStatus.Completed,
    });
    await assignTrainer(suite.app.dataSource, eventId, suite.trainerId);
    const enrollmentId = await enroll(suite.app.dataSource, eventId, traineeId);
    for (let day = 12; day < 15; day++) {
      const sessionId = await createSession(suite.app.dataSource, eventId, { date: `2025-05-${day}` });
      await suite.app.dataSource.query(
        `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
         VALUES (gen_random_uuid(), $1, $2, 'present', gen_random_uuid(), now())`,
        [sessionId, traineeId],
      );
    }
    await suite.app.dataSource.query(
      'INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, 40, 90)',
      [eventId, traineeId],
    );
    expect((await suite.runCompletion(eventId, admin)).state).toBe('completed');
    return enrollmentId;
  };
  const postCourse = (payload: object) =>
    suite.app.request({ method: 'POST', url: '/courses', headers: suite.officer, payload });
  const course = (extra: object) => ({
    titles: TITLES,
    modules: [{ titles: { en: 'Documentation', ru: 'Документирование' }, hours: 4 }],
    certificateValidityMonths: 24,
    ...extra,
  });

  beforeAll(async () => {
    await suite.app.dataSource.query(
      `INSERT INTO countries (code, names)
       VALUES ($1, '{"en":"Lifecycle land","ky":"Өмүр өлкөсү","tg":"Кишвари мӯҳлат"}'),
              ($2, '{"en":"Outbox land","ky":"Кат өлкөсү","tg":"Кишвари паём"}')
       ON CONFLICT (code) DO NOTHING`,
      [HOME, OUTBOX_HOME],
    );
    adminUser = await createUser(suite.app.dataSource, { role: Role.Admin });
    admin = bearer((await signIn(suite.app, adminUser)).accessToken);
    homeOfficer = await createUser(suite.app.dataSource, { role: Role.ProgramOfficer, countries: [HOME] });
    outboxOfficer = await createUser(suite.app.dataSource, { role: Role.ProgramOfficer, countries: [OUTBOX_HOME] });
  });

  it('renews a certificate by a refresher course: a new expiry for the new code, "renewed" for the old one', async () => {
    const original = await postCourse(course({ certificateValidityMonths: 36 }));
    expect(original.statusCode).toBe(201);
    const originalId = original.json<{ id: string }>().id;
    const refresher = await postCourse(course({ refresherOfId: originalId }));
    expect(refresher.statusCode).toBe(201);
    expect(refresher.json()).toMatchObject({ refresherOfId: originalId, certificateValidityMonths: 24 });
    const refresherId = refresher.json<{ id: string }>().id;

    const coursePage = await (await visitorOf(homeOfficer, 'tg')).get(`/officer/courses/${refresherId}`);
    expect(coursePage.body).toContain('<dt>Сертификатҳои ин курсро тамдид мекунад</dt>');
    expect(coursePage.body).toContain(`<a href="/officer/courses/${originalId}">${TITLES.tg}</a>`);

    const traineeId = await createTrainee(suite.app.dataSource, { countryCode: HOME, fullName: 'Фарзона Ҷӯраева' });
    await suite.app.dataSource.query(`UPDATE trainees SET preferred_language = 'tg' WHERE id = $1`, [traineeId]);
    const first = await suite.certificateOf(await completedEventFor(originalId, traineeId));
    // Issued a year ago, valid three years.
    await suite.app.dataSource.query(
      `UPDATE certificates SET issued_at = '2025-05-20T12:00:00Z', expires_at = '2028-05-20T12:00:00Z' WHERE id = $1`,
      [first.id],
    );
    const second = await suite.certificateOf(await completedEventFor(refresherId, traineeId));
    expect(second.code).not.toBe(first.code);

    const old = await suite.verify(first.code);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ status: 'renewed', renewedOn: today(), expiresOn: '2028-05-20' });
    const renewal = await suite.verify(second.code);
    const expected = new Date(second.issued_at);
    expected.setUTCMonth(expected.getUTCMonth() + 24);
    expect(renewal.json()).toMatchObject({
      status: 'valid',
      renewedOn: null,
      expiresOn: expected.toISOString().slice(0, 10),
    });
    const page = await suite.verify(first.code, { ...HTML, 'accept-language': 'tg' });
    expect(page.body).toContain('<span class="badge renewed">Тамдид карда шуд</span>');
    expect(page.body).toContain('бо курси такмили ихтисос тамдид карда шуд');
    const newPage = await suite.verify(second.code, { ...HTML, 'accept-language': 'ky' });
    expect(newPage.body).toContain('<span class="badge valid">Жарактуу</span>');

    // Valid certificates at a date: the old one until it was renewed (today), the new one from today.
    const expiring = suite.app.api.get(ExpiringCertificatesService);
    const officer = authUser(homeOfficer, [HOME]);
    expect(await expiring.validAt(officer, HOME, '2025-05-19')).toBe(0);
    expect(await expiring.validAt(officer, HOME, '2026-01-01')).toBe(1);
    expect(await expiring.validAt(officer, HOME, today())).toBe(1);
    await expect(expiring.validAt(authUser(homeOfficer, ['KG']), HOME, today())).rejects.toMatchObject({
      status: 404,
    });

    // The register's status filter knows renewed certificates apart from valid ones.
    const registerPages = await visitorOf(homeOfficer, 'uk');
    const renewedOnes = await registerPages.get(`/officer/certificate-register?country=${HOME}&status=renewed`);
    expect(renewedOnes.body).toContain(first.code);
    expect(renewedOnes.body).not.toContain(second.code);
    expect(renewedOnes.body).toContain('<option value="renewed" selected>Подовжено</option>');
    const validOnes = await registerPages.get(`/officer/certificate-register?country=${HOME}&status=valid`);
    expect(validOnes.body).toContain(second.code);
    expect(validOnes.body).not.toContain(first.code);

    // The renewal revoked: the old certificate counts again.
    const revoked = await suite.app.request({
      method: 'POST',
      url: `/certificates/${second.id}/revoke`,
      headers: admin,
      payload: { reason: 'Issued to the wrong person' },
    });
    expect(revoked.statusCode).toBe(200);
    expect((await suite.verify(first.code)).json()).toMatchObject({ status: 'valid', renewedOn: null });
  });

  it('refuses a course as the refresher of itself or of no course, writing nothing', async () => {
    const created = await postCourse(course({}));
    const id = created.json<{ id: string }>().id;
    const itself = await suite.app.request({
      method: 'PATCH',
      url: `/courses/${id}`,
      headers: suite.officer,
      payload: { refresherOfId: id },
    });
    expect(itself.statusCode).toBe(400);
    expect(itself.json()).toMatchObject({
      errors: [
        {
          field: 'refresherOfId',
          message: 'must name another course that exists: a course cannot refresh itself.',
        },
      ],
    });
    const unknown = await postCourse(course({ refresherOfId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ errors: { field: string }[] }>().errors[0].field).toBe('refresherOfId');
    const [{ refresher }] = await suite.app.dataSource.query<{ refresher: string | null }[]>(
      'SELECT refresher_of_id AS refresher FROM courses WHERE id = $1',
      [id],
    );
    expect(refresher).toBeNull();
  });

  it('keeps reminders in the outbox without a mail server, shown to admins only, and lists expiring certificates to the country’s officers', async () => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    const holder = await createCertificate(suite.app.dataSource, {
      expiresAt,
      countryCode: OUTBOX_HOME,
      preferredLanguage: 'ky',
      fullName: 'Айпери Тоқтоғулова',
    });
    const queue = suite.worker.get<Queue>(getQueueToken(QueueName.Certificates), { strict: false });
    const events = new QueueEvents(QueueName.Certificates, queue.opts);
    try {
      const job: Job = await queue.add(JobName.RemindExpiringCertificates, {});
      await job.waitUntilFinished(events, 30_000);
    } finally {
      await events.close();
    }
    const key = `cert-expiry:${holder.certificateId}:60`;
    await suite.eventually(async () => {
      const [row] = await suite.app.dataSource.query<{ status: string }[]>(
        'SELECT status FROM outbox_messages WHERE dedupe_key = $1',
        [key],
      );
      return row?.status === 'kept';
    }, 'the reminder kept in the outbox');
    const [{ id, subject }] = await suite.app.dataSource.query<{ id: string; subject: string }[]>(
      'SELECT id, subject FROM outbox_messages WHERE dedupe_key = $1',
      [key],
    );
    expect(subject).toMatch(/^«Стамбул протоколу: соттук-медициналык эксперттер үчүн» сертификатыңыздын мөөнөтү /);

    const adminPages = await visitorOf(adminUser, 'ky');
    const list = await adminPages.get('/admin/messages');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Почта сервери орнотулган эмес');
    expect(list.body).toContain(`<a href="/admin/messages/${id}">`);
    expect(list.body).toContain('Чыгуучу билдирүүлөрдө сакталууда');
    expect(list.body).toContain('href="/admin/messages"');
    const failedOnly = await adminPages.get('/admin/messages?status=failed');
    expect(failedOnly.body).not.toContain(`/admin/messages/${id}`);
    const message = await adminPages.get(`/admin/messages/${id}`);
    expect(message.statusCode).toBe(200);
    expect(message.body).toContain('Саламатсызбы!');
    expect(message.body).toContain(`https://cascade.example.org/verify/${holder.code}`);
    expect((await adminPages.get('/admin/messages/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await adminPages.get('/admin/messages/not-an-id')).statusCode).toBe(400);

    const officerPages = await visitorOf(outboxOfficer, 'tg');
    expect((await officerPages.get('/admin/messages')).statusCode).toBe(403);
    expect((await officerPages.get(`/admin/messages/${id}`)).statusCode).toBe(403);
    const expiring = await officerPages.get(`/officer/expiring-certificates?country=${OUTBOX_HOME}`);
    expect(expiring.statusCode).toBe(200);
    expect(expiring.body).toContain('href="/officer/expiring-certificates"');
    expect(expiring.body).not.toContain('href="/admin/messages"');
    expect(expiring.body).toContain('Айпери Тоқтоғулова');
    expect(expiring.body).toContain('60 рӯз пеш: Дар паёмҳои содиршаванда нигоҳ дошта мешавад');
    expect(expiring.body).toContain('Сертификатҳои амалкунанда имрӯз: 1');
    const nearer = await officerPages.get(`/officer/expiring-certificates?country=${OUTBOX_HOME}&within=14`);
    expect(nearer.body).not.toContain('Айпери Тоқтоғулова');
    expect((await officerPages.get(`/officer/expiring-certificates?country=${OUTBOX_HOME}&within=7`)).statusCode).toBe(
      400,
    );

    const kgOfficer = await visitorOf(suite.officerUser, 'ru');
    expect((await kgOfficer.get(`/officer/expiring-certificates?country=${OUTBOX_HOME}`)).statusCode).toBe(404);
    const trainerUser = await createUser(suite.app.dataSource, { role: Role.Trainer, countries: [OUTBOX_HOME] });
    expect((await (await visitorOf(trainerUser, 'ky')).get('/officer/expiring-certificates')).statusCode).toBe(403);
  });
});
