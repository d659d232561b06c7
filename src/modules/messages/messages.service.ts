import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { JobName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import type { OutgoingMessage } from './outbox-message.js';

/** What became of a request to write: the message (new or the one its key already made), or why none. */
export type QueuedMessage =
  { messageId: string; created: boolean } | { messageId: null; reason: 'no_consent' | 'no_address' };

/**
 * Writes messages to trainees: each is recorded in the outbox, then a `send-message` job delivers
 * it. The dedupe key is unique in the table, so asking twice (a retried job, two workers) records
 * one message and starts one delivery.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async queue(message: OutgoingMessage): Promise<QueuedMessage> {
    const [trainee] = await this.dataSource.query<{ email: string | null; withdrawn: boolean }[]>(
      `SELECT email, consent_withdrawn_at IS NOT NULL AS withdrawn FROM trainees WHERE id = $1`,
      [message.traineeId],
    );
    if (!trainee || trainee.withdrawn) return { messageId: null, reason: 'no_consent' };
    if (!trainee.email) return { messageId: null, reason: 'no_address' };
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO outbox_messages (dedupe_key, kind, trainee_id, recipient, locale, subject, body_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        message.dedupeKey,
        message.kind,
        message.traineeId,
        trainee.email,
        message.locale,
        message.subject,
        message.bodyText,
      ],
    );
    const created = inserted.length > 0;
    const [{ id, status }] = created
      ? [{ id: inserted[0].id, status: 'queued' }]
      : await this.dataSource.query<{ id: string; status: string }[]>(
          'SELECT id, status FROM outbox_messages WHERE dedupe_key = $1',
          [message.dedupeKey],
        );
    // The job's id is the message's: a delivery already queued (or kept) is not queued twice, and a
    // message whose first enqueue was lost (the queue down just then) gets its job on the next ask.
    if (status === 'queued') {
      await this.jobs.enqueue(JobName.SendMessage, { messageId: id }, { jobId: `message-${id}` });
    }
    return { messageId: id, created };
  }
}
