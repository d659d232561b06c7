import type { Locale } from '@cascade/i18n';

/**
 * Where a message stands. `kept`: no mail server is configured, so it stays in the outbox for an
 * admin to read; `withheld`: its trainee withdrew consent before it went out; `failed`: refused by
 * the mail server (5xx), out of tries, or interrupted mid-send (never sent twice).
 */
export enum MessageStatus {
  Queued = 'queued',
  Sending = 'sending',
  Sent = 'sent',
  Kept = 'kept',
  Failed = 'failed',
  Withheld = 'withheld',
}

export const MESSAGE_STATUSES: MessageStatus[] = Object.values(MessageStatus);

/** Why a message was written; each has its label under `enums.message_kind`. */
export enum MessageKind {
  CertificateExpiry = 'certificate_expiry',
  FollowUpWave = 'follow_up_wave',
  FollowUpReminder = 'follow_up_reminder',
}

/** A message to write to a trainee, already in their language. */
export interface OutgoingMessage {
  /** One message per key, however often it is asked for: e.g. `cert-expiry:<certificateId>:60`. */
  dedupeKey: string;
  kind: MessageKind;
  traineeId: string;
  locale: Locale;
  subject: string;
  bodyText: string;
}

/** A message as the outbox holds it. */
export interface OutboxMessage {
  id: string;
  dedupeKey: string;
  kind: MessageKind;
  traineeId: string | null;
  recipient: string | null;
  locale: string;
  subject: string;
  bodyText: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const OUTBOX_COLUMNS = `id, dedupe_key AS "dedupeKey", kind, trainee_id AS "traineeId", recipient, locale,
  subject, body_text AS "bodyText", status, attempts, last_error AS "lastError", sent_at AS "sentAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
