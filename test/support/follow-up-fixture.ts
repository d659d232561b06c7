import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { type Job, type Queue, QueueEvents } from 'bullmq';

import { JobName, QueueName } from '@cascade/queue';

import { startTestMailServer, type TestMailServer } from './mail-server.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from './test-app.js';

export const PUBLIC_BASE_URL = 'https://cascade.example.org';
const LINK = /https:\/\/cascade\.example\.org\/follow-up\/([A-Za-z0-9_-]{43})(?=\s)/;

/**
 * The follow-up tests' setting: the API and a worker sending through a real SMTP server, the
 * follow-up queue's events, and helpers to run the daily job at a moved clock and read what it
 * wrote. Call it inside a describe; `suite.app`, `suite.mail`, `suite.worker` are set in beforeAll.
 */
export function useFollowUpFixture() {
  let mail: TestMailServer;
  let app: TestApp;
  let worker: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;

  /** Runs the daily job through the queue and the worker, as its schedule does, at `now`. */
  const runAt = async (now: Date) => {
    const job: Job = await queue.add(JobName.SendFollowUpWaves, { now: now.toISOString() });
    return (await job.waitUntilFinished(events, 30_000)) as { linksOpened: number; written: number };
  };
  /** Waits until no message to the trainee is still on its way, then the mails they received. */
  const mailsTo = async (address: string, traineeId: string) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const [{ pending }] = await app.dataSource.query<{ pending: number }[]>(
        `SELECT count(*)::int AS pending FROM outbox_messages WHERE trainee_id = $1 AND status IN ('queued', 'sending')`,
        [traineeId],
      );
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return mail.received.filter((m) => m.to.includes(address));
  };
  const tokenIn = (text: string) => {
    const found = LINK.exec(text);
    if (!found) throw new Error(`no follow-up link in: ${text}`);
    return found[1];
  };
  const answersOf = async (eventId: string) =>
    app.dataSource.query<
      {
        months_after: number;
        answers: Record<string, unknown>;
        comment: string | null;
        channel: string;
        link_id: string | null;
        collected_by: string | null;
      }[]
    >(
      'SELECT months_after, answers, comment, channel, link_id, collected_by FROM follow_up_answers WHERE event_id = $1 ORDER BY answered_at',
      [eventId],
    );
  const medicalAnswer = {
    protocol_evaluations: '4',
    protocol_structure_used: 'yes',
    obstacles: 'no_time',
    further_training: 'yes',
    comment: 'Нужны бланки на таджикском языке',
  };
  const questionText = async (key: string, locale: string) =>
    (
      await app.dataSource.query<{ text: string }[]>(
        `SELECT texts->>$2 AS text FROM follow_up_questions WHERE key = $1 ORDER BY version DESC LIMIT 1`,
        [key, locale],
      )
    )[0].text;
  const escaped = (text: string) => text.replace(/'/g, '&#39;').replace(/"/g, '&quot;');

  const suite = {
    get app() {
      return app;
    },
    get mail() {
      return mail;
    },
    get worker() {
      return worker;
    },
    get queue() {
      return queue;
    },
    runAt,
    mailsTo,
    tokenIn,
    answersOf,
    medicalAnswer,
    questionText,
    escaped,
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
    queue = worker.get<Queue>(getQueueToken(QueueName.FollowUp), { strict: false });
    events = new QueueEvents(QueueName.FollowUp, queue.opts);
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await worker.close();
    await app.close();
    await mail.close();
  });
  return suite;
}
