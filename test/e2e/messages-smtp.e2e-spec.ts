import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { type Job, type Queue, QueueEvents } from 'bullmq';

import { JobName, QueueName } from '@cascade/queue';

import { MessageDelivery, MessageKind, MessagesService } from '../../src/modules/messages/index.js';
import { createCertificate } from '../factories/certificates.js';
import { createTrainee } from '../factories/training.js';
import { startTestMailServer, type TestMailServer } from '../support/mail-server.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

const DAY = 86_400_000;
const PUBLIC_BASE_URL = 'https://cascade.example.org';

interface OutboxRow {
  status: string;
  attempts: number;
  last_error: string | null;
  recipient: string | null;
  locale: string;
}

describe('e-mail through a real SMTP server', () => {
  let mail: TestMailServer;
  let app: TestApp;
  let worker: INestApplicationContext;
  let certificatesQueue: Queue;
  let events: QueueEvents;

  const outboxRow = async (dedupeKey: string) =>
    (
      await app.dataSource.query<OutboxRow[]>(
        'SELECT status, attempts, last_error, recipient, locale FROM outbox_messages WHERE dedupe_key = $1',
        [dedupeKey],
      )
    )[0];
  /** Waits until the message's delivery has settled (sent, failed, kept or withheld). */
  const settled = async (dedupeKey: string) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const row = await outboxRow(dedupeKey);
      if (row && !['queued', 'sending'].includes(row.status)) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the message ${dedupeKey} was not delivered in 30 s`);
  };
  /** Runs the reminders job through the queue and the worker, as the daily schedule does, at `now`. */
  const remindAt = async (now: Date) => {
    const job: Job = await certificatesQueue.add(JobName.RemindExpiringCertificates, { now: now.toISOString() });
    return (await job.waitUntilFinished(events, 30_000)) as { written: number; alreadyWritten: number };
  };
  const emailOf = async (traineeId: string) =>
    (await app.dataSource.query<{ email: string }[]>('SELECT email FROM trainees WHERE id = $1', [traineeId]))[0].email;
  /** A message row written straight to the outbox, with no job to deliver it: the test delivers it by hand. */
  const outboxMessage = async (recipient: string, traineeId: string | null = null) => {
    const [{ id }] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO outbox_messages (dedupe_key, kind, trainee_id, recipient, locale, subject, body_text)
       VALUES (gen_random_uuid()::text, 'certificate_expiry', $1, $2, 'ky', 'Эскертме', 'Саламатсызбы!') RETURNING id`,
      [traineeId, recipient],
    );
    return id;
  };

  beforeAll(async () => {
    mail = await startTestMailServer();
    const config = testConfig({
      SMTP_URL: mail.url,
      MAIL_FROM: 'Cascade <noreply@cascade.example.org>',
      PUBLIC_BASE_URL,
    });
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    certificatesQueue = worker.get<Queue>(getQueueToken(QueueName.Certificates), { strict: false });
    events = new QueueEvents(QueueName.Certificates, certificatesQueue.opts);
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await worker.close();
    await app.close();
    await mail.close();
  });

  it('keeps a daily schedule for the reminders, one however many workers start', async () => {
    const schedulers = await certificatesQueue.getJobSchedulers();
    expect(schedulers.filter((s) => s.name === String(JobName.RemindExpiringCertificates))).toEqual([
      expect.objectContaining({ pattern: '0 6 * * *' }),
    ]);
  });

  it('reminds a trainee 60 and 14 days before expiry, once each, in their language, with the clock moved', async () => {
    const expiresAt = new Date('2031-03-20T10:00:00Z');
    const holder = await createCertificate(app.dataSource, { expiresAt, preferredLanguage: 'tg', eventLanguage: 'ru' });
    const address = await emailOf(holder.traineeId);

    // 61 days before: too early for anything.
    await remindAt(new Date(expiresAt.getTime() - 61 * DAY));
    expect(mail.received.filter((m) => m.to.includes(address))).toEqual([]);

    const sixtyDaysBefore = await remindAt(new Date(expiresAt.getTime() - 59 * DAY));
    expect(sixtyDaysBefore.written).toBeGreaterThanOrEqual(1);
    const [first] = await mail.receivedBy(address);
    expect(first.from).toBe('noreply@cascade.example.org');
    expect(first.subject).toBe(
      'Мӯҳлати сертификати шумо оид ба «Протоколи Истанбул барои коршиносони тиббӣ-судӣ» 20 марти 2031 ба охир мерасад',
    );
    expect(first.text).toContain('Салом!');
    expect(first.text).toContain(`(№ ${holder.code}) то 20 марти 2031 эътибор дорад`);
    expect(first.text).toContain(`${PUBLIC_BASE_URL}/verify/${holder.code}`);
    expect(await settled(`cert-expiry:${holder.certificateId}:60`)).toMatchObject({
      status: 'sent',
      locale: 'tg',
      attempts: 1,
    });

    // The next days' runs write nothing more until 14 days before; then the second reminder, once.
    await remindAt(new Date(expiresAt.getTime() - 58 * DAY));
    await remindAt(new Date(expiresAt.getTime() - 13 * DAY));
    await remindAt(new Date(expiresAt.getTime() - 12 * DAY));
    const both = await mail.receivedBy(address, 2);
    expect(both[1].subject).toMatch(/^Ду ҳафта монд: /);
    expect(await settled(`cert-expiry:${holder.certificateId}:14`)).toMatchObject({ status: 'sent' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mail.received.filter((m) => m.to.includes(address))).toHaveLength(2);
  });

  it('writes no reminder to a trainee who withdrew consent, nor about a revoked or renewed certificate', async () => {
    const expiresAt = new Date('2031-06-01T00:00:00Z');
    const withdrawn = await createCertificate(app.dataSource, { expiresAt });
    await app.dataSource.query(
      'UPDATE trainees SET consent_withdrawn_at = now(), full_name = NULL, email = NULL WHERE id = $1',
      [withdrawn.traineeId],
    );
    const revoked = await createCertificate(app.dataSource, { expiresAt });
    await app.dataSource.query(`UPDATE certificates SET revoked_at = now(), revoked_reason = 'x' WHERE id = $1`, [
      revoked.certificateId,
    ]);
    const renewed = await createCertificate(app.dataSource, { expiresAt });
    await app.dataSource.query(`UPDATE certificates SET renewed_at = now() WHERE id = $1`, [renewed.certificateId]);
    await remindAt(new Date(expiresAt.getTime() - 30 * DAY));
    const keys = await app.dataSource.query<{ dedupe_key: string }[]>(
      `SELECT dedupe_key FROM outbox_messages WHERE dedupe_key LIKE ANY($1)`,
      [[withdrawn, revoked, renewed].map(({ certificateId }) => `cert-expiry:${certificateId}:%`)],
    );
    expect(keys).toEqual([]);
    expect(
      await app.api.get(MessagesService).queue({
        dedupeKey: `test:${withdrawn.traineeId}`,
        kind: MessageKind.CertificateExpiry,
        traineeId: withdrawn.traineeId,
        locale: 'ru',
        subject: 'Тема',
        bodyText: 'Текст',
      }),
    ).toEqual({ messageId: null, reason: 'no_consent' });
  });

  it('sends one message per dedupe key when it is asked for twice at once and delivered twice at once', async () => {
    const traineeId = await createTrainee(app.dataSource, { fullName: 'Тоқтоғулова Айпери' });
    const address = `twice-${traineeId}@example.org`;
    await app.dataSource.query('UPDATE trainees SET email = $2 WHERE id = $1', [traineeId, address]);
    const message = {
      dedupeKey: `test-twice:${traineeId}`,
      kind: MessageKind.CertificateExpiry,
      traineeId,
      locale: 'ky' as const,
      subject: 'Сертификатыңыздын мөөнөтү бүтөт',
      bodyText: 'Саламатсызбы!',
    };
    const messages = app.api.get(MessagesService);
    const [a, b] = await Promise.all([messages.queue(message), messages.queue(message)]);
    expect(a.messageId).toBe(b.messageId);
    expect([a, b].filter((queued) => 'created' in queued && queued.created)).toHaveLength(1);
    // Two more deliveries race the job's own: the claim lets one through.
    const delivery = app.api.get(MessageDelivery);
    await Promise.allSettled([delivery.deliver(a.messageId as string), delivery.deliver(a.messageId as string)]);
    await settled(message.dedupeKey);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const got = mail.received.filter((m) => m.to.includes(address));
    expect(got).toHaveLength(1);
    expect(got[0].subject).toBe('Сертификатыңыздын мөөнөтү бүтөт');
  });

  it('delivers a recorded message whose job was lost when it is asked for again, still once', async () => {
    const traineeId = await createTrainee(app.dataSource);
    const address = `lost-job-${traineeId}@example.org`;
    await app.dataSource.query('UPDATE trainees SET email = $2 WHERE id = $1', [traineeId, address]);
    // Recorded, but its job never reached the queue (the queue was down at that moment).
    await app.dataSource.query(
      `INSERT INTO outbox_messages (dedupe_key, kind, trainee_id, recipient, locale, subject, body_text)
       VALUES ($1, 'certificate_expiry', $2, $3, 'ru', 'Напоминание', 'Здравствуйте!')`,
      [`test-lost:${traineeId}`, traineeId, address],
    );
    const again = await app.api.get(MessagesService).queue({
      dedupeKey: `test-lost:${traineeId}`,
      kind: MessageKind.CertificateExpiry,
      traineeId,
      locale: 'ru',
      subject: 'Напоминание',
      bodyText: 'Здравствуйте!',
    });
    expect(again).toMatchObject({ created: false });
    expect(await settled(`test-lost:${traineeId}`)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await mail.receivedBy(address)).toHaveLength(1);
  });

  it('records a refused message (550) as failed with the server’s answer, and does not try again', async () => {
    const traineeId = await createTrainee(app.dataSource);
    const address = `refused-${traineeId}@example.org`;
    await app.dataSource.query('UPDATE trainees SET email = $2 WHERE id = $1', [traineeId, address]);
    await app.api.get(MessagesService).queue({
      dedupeKey: `test-refused:${traineeId}`,
      kind: MessageKind.CertificateExpiry,
      traineeId,
      locale: 'uk',
      subject: 'Нагадування',
      bodyText: 'Вітаємо!',
    });
    const row = await settled(`test-refused:${traineeId}`);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/^550 .*mailbox unavailable/);
    const messagesQueue = worker.get<Queue>(getQueueToken(QueueName.Messages), { strict: false });
    const [{ id }] = await app.dataSource.query<{ id: string }[]>(
      'SELECT id FROM outbox_messages WHERE dedupe_key = $1',
      [`test-refused:${traineeId}`],
    );
    const job = await messagesQueue.getJob(`message-${id}`);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
  });

  it('tries a message again after a passing refusal (451) and sends it once', async () => {
    const address = `busy-${Date.now()}@example.org`;
    const id = await outboxMessage(address);
    const delivery = app.api.get(MessageDelivery);
    await expect(delivery.deliver(id)).rejects.toMatchObject({ responseCode: 451 });
    expect(
      (await app.dataSource.query<OutboxRow[]>('SELECT * FROM outbox_messages WHERE id = $1', [id]))[0],
    ).toMatchObject({
      status: 'queued',
      last_error: expect.stringMatching(/^451 /),
    });
    expect(await delivery.deliver(id)).toBe('sent');
    expect(await delivery.deliver(id)).toBe('sent');
    expect(await mail.receivedBy(address)).toHaveLength(1);
  });

  it('never sends twice a message whose sending was interrupted, nor one whose trainee withdrew consent', async () => {
    const delivery = app.api.get(MessageDelivery);
    const interrupted = await outboxMessage(`interrupted-${Date.now()}@example.org`);
    await app.dataSource.query(
      `UPDATE outbox_messages SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 minutes' WHERE id = $1`,
      [interrupted],
    );
    expect(await delivery.deliver(interrupted)).toBe('failed');

    const traineeId = await createTrainee(app.dataSource);
    const address = `withdrawing-${traineeId}@example.org`;
    const queued = await outboxMessage(address, traineeId);
    await app.dataSource.query('UPDATE trainees SET consent_withdrawn_at = now(), email = NULL WHERE id = $1', [
      traineeId,
    ]);
    expect(
      (await app.dataSource.query<OutboxRow[]>('SELECT * FROM outbox_messages WHERE id = $1', [queued]))[0],
    ).toMatchObject({
      status: 'withheld',
      recipient: null,
    });
    expect(await delivery.deliver(queued)).toBe('withheld');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mail.received.filter((m) => m.to[0].startsWith('interrupted') || m.to.includes(address))).toEqual([]);
  });
});
