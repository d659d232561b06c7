import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';

import { mailRefusal, MailTransport } from './mail-transport.js';
import { MessageStatus } from './outbox-message.js';

/**
 * How long one delivery attempt holds a message. A message still `sending` after this was
 * interrupted (a worker killed mid-send): whether the server took it is unknown, so it is
 * recorded failed rather than sent a second time.
 */
export const DELIVERY_LEASE_SECONDS = 120;

/** Thrown while another attempt holds the message: the job tries again later. */
export class MessageBusyError extends Error {}

/**
 * Delivers one outbox message, at most once. An attempt first claims the message (queued →
 * sending, in one UPDATE, so of two workers one wins), talks to the mail server only then, and
 * records what the server answered.
 */
@Injectable()
export class MessageDelivery {
  private readonly logger = new Logger(MessageDelivery.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
  ) {}

  /** `lastTry`: the job has no tries left, so a passing fault fails the message too. */
  async deliver(messageId: string, lastTry = false): Promise<MessageStatus> {
    const claimed = await this.claim(messageId);
    if (!claimed) return this.unclaimed(messageId);
    if (!this.transport.configured) return this.finish(messageId, MessageStatus.Kept, null);
    try {
      await this.transport.send({
        to: claimed.recipient,
        subject: claimed.subject,
        text: claimed.bodyText,
        messageId: `<${messageId}@cascade.outbox>`,
      });
    } catch (error) {
      const refusal = mailRefusal(error);
      if (refusal.permanent || lastTry) {
        await this.finish(messageId, MessageStatus.Failed, refusal.reason);
        this.logger.warn({ messageId, permanent: refusal.permanent }, 'Message not delivered');
        if (refusal.permanent) throw new UnrecoverableError(`refused by the mail server: ${refusal.reason}`);
        throw error;
      }
      await this.release(messageId, refusal.reason);
      throw error;
    }
    return this.finish(messageId, MessageStatus.Sent, null);
  }

  private async claim(messageId: string) {
    const [rows] = await this.dataSource.query<[{ recipient: string; subject: string; bodyText: string }[], number]>(
      `UPDATE outbox_messages m
          SET status = 'sending', claimed_at = clock_timestamp(), attempts = attempts + 1, updated_at = clock_timestamp()
        WHERE id = $1 AND status = 'queued' AND recipient IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM trainees t WHERE t.id = m.trainee_id AND t.consent_withdrawn_at IS NOT NULL)
       RETURNING recipient, subject, body_text AS "bodyText"`,
      [messageId],
    );
    return rows[0] ?? null;
  }

  /** Another attempt holds the message, or it is done: say which, ending a lapsed hold as failed. */
  private async unclaimed(messageId: string): Promise<MessageStatus> {
    const [[interrupted]] = await this.dataSource.query<[{ status: MessageStatus }[], number]>(
      `UPDATE outbox_messages
          SET status = 'failed', last_error = 'interrupted while sending: not sent again, so as never to send it twice',
              updated_at = clock_timestamp()
        WHERE id = $1 AND status = 'sending' AND claimed_at < clock_timestamp() - make_interval(secs => $2)
       RETURNING status`,
      [messageId, DELIVERY_LEASE_SECONDS],
    );
    if (interrupted) return interrupted.status;
    const [row] = await this.dataSource.query<{ status: MessageStatus }[]>(
      'SELECT status FROM outbox_messages WHERE id = $1',
      [messageId],
    );
    if (!row) throw new UnrecoverableError(`message ${messageId} does not exist`);
    if (row.status === MessageStatus.Sending) throw new MessageBusyError(`message ${messageId} is being sent`);
    // A queued message that could not be claimed has lost its trainee's consent: nothing goes out.
    if (row.status === MessageStatus.Queued) return this.finish(messageId, MessageStatus.Withheld, null);
    return row.status;
  }

  private async finish(messageId: string, status: MessageStatus, error: string | null): Promise<MessageStatus> {
    await this.dataSource.query(
      `UPDATE outbox_messages
          SET status = $2::text::outbox_message_status, last_error = $3, claimed_at = NULL,
              updated_at = clock_timestamp(), sent_at = CASE WHEN $2::text = 'sent' THEN clock_timestamp() END,
              recipient = CASE WHEN $2::text = 'withheld' THEN NULL ELSE recipient END
        WHERE id = $1`,
      [messageId, status, error?.slice(0, 1000) ?? null],
    );
    return status;
  }

  /** A passing fault (4xx, no connection): back to the queue, the job tries again after its pause. */
  private async release(messageId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'queued', last_error = $2, claimed_at = NULL, updated_at = clock_timestamp()
        WHERE id = $1 AND status = 'sending'`,
      [messageId, error.slice(0, 1000)],
    );
  }
}
