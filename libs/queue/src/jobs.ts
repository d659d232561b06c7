import type { DefaultJobOptions, JobsOptions } from 'bullmq';

/** Every queue Cascade uses; a processor for each runs in the worker process. */
export enum QueueName {
  System = 'system',
  Certificates = 'certificates',
  Exports = 'exports',
  Imports = 'imports',
  Duplicates = 'duplicates',
  Messages = 'messages',
  FollowUp = 'follow-up',
}

/** Every job name, across queues. */
export enum JobName {
  DataInventory = 'data-inventory',
  CompleteEvent = 'complete-event',
  ExportProgressReport = 'export-progress-report',
  CheckImport = 'check-import',
  CommitImport = 'commit-import',
  PurgeImports = 'purge-imports',
  ScanDuplicates = 'scan-duplicates',
  SendMessage = 'send-message',
  RemindExpiringCertificates = 'remind-expiring-certificates',
  SendFollowUpWaves = 'send-follow-up-waves',
}

/** The payload each job carries: the only data a processor may rely on. */
export interface JobPayloads {
  [JobName.DataInventory]: JobRequest;
  [JobName.CompleteEvent]: CompleteEventJob;
  [JobName.ExportProgressReport]: ExportProgressReportJob;
  [JobName.CheckImport]: ImportJob;
  [JobName.CommitImport]: ImportJob;
  [JobName.PurgeImports]: PurgeImportsJob;
  [JobName.ScanDuplicates]: ScanDuplicatesJob;
  [JobName.SendMessage]: SendMessageJob;
  [JobName.RemindExpiringCertificates]: RemindExpiringCertificatesJob;
  [JobName.SendFollowUpWaves]: SendFollowUpWavesJob;
}

/** Who asked for a job: only they (and admins) may read its status and result. */
export interface JobRequest {
  requestedBy: string;
  requestedAt: string;
}

/** Decide completion for every enrollee of a completed event and issue (or revoke) certificates. */
export interface CompleteEventJob extends JobRequest {
  eventId: string;
}

/** Write a progress report, one part per breakdown and the cascade, to a CSV, XLSX or PDF file, as the requester may see it. */
export interface ExportProgressReportJob extends JobRequest {
  country: string;
  from: string;
  to: string;
  breakdowns: string[];
  format: 'csv' | 'xlsx' | 'pdf';
  /** The language of the file's headers and labels. */
  locale: string;
}

/**
 * Check (dry run) or commit an uploaded import file kept in the `imports` table. The job id is made
 * from the import id, so the same import is never queued twice; progress is { rowsDone, rowsTotal }.
 */
export interface ImportJob extends JobRequest {
  importId: string;
  /** A commit: the officer's answer for each row that may be a registered trainee (imports' RowResolution). */
  resolutions?: { row: number; choice: 'same' | 'new' | 'skip'; traineeId?: string }[];
  /** A commit: rows with candidates and no answer are new people, their pairs left to the duplicate queue. */
  unansweredAsNew?: boolean;
}

/**
 * Delete the imports never committed within IMPORT_RETENTION_DAYS, files and reports with them. Run
 * by a schedule the worker keeps; nobody requests it, so it carries nothing.
 */
export type PurgeImportsJob = Record<string, never>;

/**
 * Refill a country's duplicate queue from all pairs of its trainees (the registry-wide scan);
 * progress is { traineesDone, traineesTotal, pairs }.
 */
export interface ScanDuplicatesJob extends JobRequest {
  countryCode: string;
}

/** Deliver one message of the outbox (`outbox_messages`): by SMTP when configured, else keep it there. */
export interface SendMessageJob {
  messageId: string;
}

/**
 * Write the 60- and 14-day reminders of the certificates that expire soon. Run daily by a schedule
 * the worker keeps (carrying nothing); `now` moves the day looked from, for tests and catch-up runs.
 */
export interface RemindExpiringCertificatesJob {
  now?: string;
}

/**
 * Open the practice follow-up waves that are due (a personal link each, written by e-mail) and write
 * the 7- and 14-day reminders. Run daily by a schedule the worker keeps; `now` moves the day looked
 * from, for tests and catch-up runs.
 */
export interface SendFollowUpWavesJob {
  now?: string;
}

/** Which queue runs which job. */
export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.DataInventory]: QueueName.System,
  [JobName.CompleteEvent]: QueueName.Certificates,
  [JobName.ExportProgressReport]: QueueName.Exports,
  [JobName.CheckImport]: QueueName.Imports,
  [JobName.CommitImport]: QueueName.Imports,
  [JobName.PurgeImports]: QueueName.Imports,
  [JobName.ScanDuplicates]: QueueName.Duplicates,
  [JobName.SendMessage]: QueueName.Messages,
  [JobName.RemindExpiringCertificates]: QueueName.Certificates,
  [JobName.SendFollowUpWaves]: QueueName.FollowUp,
};

/**
 * Retry and retention defaults for every job: three tries with a growing pause, so a worker
 * killed mid-way or a database restart is survived; finished jobs are kept long enough for
 * a client to come back for the result.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * Jobs that need other tries than the defaults. A message waits out a mail server that is down
 * for a while (about 20 minutes over eight tries); a refusal (5xx) ends it at once, whatever is left.
 */
export const JOB_OPTIONS: Readonly<Partial<Record<JobName, JobsOptions>>> = {
  [JobName.SendMessage]: { attempts: 8, backoff: { type: 'exponential', delay: 10_000 } },
};
