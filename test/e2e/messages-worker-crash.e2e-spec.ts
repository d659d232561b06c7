import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';

import type { AppConfig } from '@cascade/config';
import { QueueName } from '@cascade/queue';

import { MessageKind, MessagesService } from '../../src/modules/messages/index.js';
import { createTrainee } from '../factories/training.js';
import { startTestMailServer, type TestMailServer } from '../support/mail-server.js';
import { builtScript, exited, ROOT, until, waitForOutput } from '../support/processes.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

/** The built worker (`node dist/src/worker.js`), as production runs it, with the test's configuration. */
async function startWorker(config: AppConfig): Promise<ChildProcess> {
  const env = Object.fromEntries(
    Object.entries(config.env)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
  const child = spawn(process.execPath, [builtScript('src/worker.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  await waitForOutput(child, 'Cascade worker running');
  return child;
}

/**
 * A worker SIGKILLed while the mail server holds its message (the whole message taken, the "250 OK"
 * not yet given): the job is taken back by another worker, which must not send the message again.
 * Whether the server kept it cannot be known, so once the claim's lease lapses the message is
 * recorded failed — never sent twice.
 */
describe('a message whose worker is killed mid-send', () => {
  let mail: TestMailServer;
  let app: TestApp;
  let config: AppConfig;
  let child: ChildProcess | null = null;
  let rescuer: INestApplicationContext | null = null;

  beforeAll(async () => {
    mail = await startTestMailServer();
    config = testConfig({ SMTP_URL: mail.url, QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' });
    app = await startTestApp(config);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (child) await exited(child);
    await rescuer?.close();
    await app.close();
    await mail.close();
  });

  it('is never sent a second time by the worker that takes its job back', async () => {
    const traineeId = await createTrainee(app.dataSource, { fullName: 'Ҷамшед Қодиров' });
    const address = `hold-${traineeId}@example.org`;
    await app.dataSource.query('UPDATE trainees SET email = $2 WHERE id = $1', [traineeId, address]);
    const dedupeKey = `test-crash:${traineeId}`;
    const row = async () =>
      (
        await app.dataSource.query<{ status: string; attempts: number; last_error: string | null }[]>(
          'SELECT status, attempts, last_error FROM outbox_messages WHERE dedupe_key = $1',
          [dedupeKey],
        )
      )[0];

    child = await startWorker(config);
    await app.api.get(MessagesService).queue({
      dedupeKey,
      kind: MessageKind.CertificateExpiry,
      traineeId,
      locale: 'tg',
      subject: 'Ёдраскунӣ',
      bodyText: 'Салом!',
    });
    // The server has the whole message and keeps the worker waiting for its answer: kill it there.
    await mail.receivedBy(address);
    expect(await row()).toMatchObject({ status: 'sending', attempts: 1 });
    child.kill('SIGKILL');
    await exited(child);
    child = null;

    // Another worker takes the job back once its lock lapses; the claim is still held, so it waits.
    rescuer = await startTestWorker(config);
    const [{ id }] = await app.dataSource.query<{ id: string }[]>(
      'SELECT id FROM outbox_messages WHERE dedupe_key = $1',
      [dedupeKey],
    );
    const queue = rescuer.get<Queue>(getQueueToken(QueueName.Messages), { strict: false });
    const retried = await until('the job to be tried again by the other worker', async () => {
      const job = await queue.getJob(`message-${id}`);
      return job && job.attemptsMade >= 1 ? job : undefined;
    });
    expect(retried.failedReason).toMatch(/is being sent/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await row()).toMatchObject({ status: 'sending', attempts: 1 });

    // The claim's lease lapses (the clock moved on): the next try records it failed, sending nothing.
    await app.dataSource.query(
      `UPDATE outbox_messages SET claimed_at = claimed_at - interval '1 hour' WHERE dedupe_key = $1`,
      [dedupeKey],
    );
    await until(
      'the interrupted message to be recorded failed',
      async () => ((await row()).status === 'failed' ? true : undefined),
      60_000,
    );
    expect((await row()).last_error).toMatch(/^interrupted while sending/);
    expect(mail.received.filter((message) => message.to.includes(address))).toHaveLength(1);
  }, 120_000);
});
