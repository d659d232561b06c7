import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, inCountryScope, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import { JobName, QUEUE_OF_JOB, type QueueName, type ScanDuplicatesJob } from '@cascade/queue';

import { JobsService } from '../../../infrastructure/jobs/index.js';
import type { DuplicateScanDto } from './dto/duplicate-scan.dto.js';
import { scanCountry, type ScanProgress } from './duplicate-scan.js';

/** A scan requested this long ago and still not finished has died with its job: another may start. */
const STALE_SCAN_MINUTES = 60;

interface ScanRow {
  country_code: string;
  job_id: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  trainees_total: number;
  trainees_done: number;
  pairs: number;
  queue_as_of: Date | null;
}

const scanDto = (row: ScanRow): DuplicateScanDto => ({
  country: row.country_code.trim(),
  jobId: row.job_id,
  requestedAt: row.requested_at.toISOString(),
  startedAt: row.started_at?.toISOString() ?? null,
  finishedAt: row.finished_at?.toISOString() ?? null,
  traineesTotal: row.trainees_total,
  traineesDone: row.trainees_done,
  pairs: row.pairs,
  queueAsOf: row.queue_as_of?.toISOString() ?? null,
});

/**
 * The registry-wide scan: an officer (of the country) or an admin starts it; it runs as a job in
 * the worker (see duplicate-scan.ts) and any officer of the country sees its progress. One scan a
 * country at a time: asking again while one runs answers with that one.
 */
@Injectable()
export class DuplicateScansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async start(user: AuthUser, countryCode: string): Promise<{ queue: QueueName; jobId: string }> {
    assertCanAccess(user, Permission.DuplicatesReview, { personal: true });
    if (!inCountryScope(user, countryCode)) throw countryProblem('country_out_of_scope');
    const [country]: unknown[] = await this.dataSource.query(`SELECT 1 FROM countries WHERE code = $1`, [countryCode]);
    if (!country) throw countryProblem('unknown_country', { codes: countryCode });
    const jobId = `scan-${countryCode}-${Date.now()}`;
    // Claims the country's scan unless one is under way; the row is the lock.
    const [claimed]: ScanRow[] = await this.dataSource.query(
      `INSERT INTO duplicate_scans (country_code, job_id, requested_by, requested_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (country_code) DO UPDATE
          SET job_id = EXCLUDED.job_id, requested_by = EXCLUDED.requested_by, requested_at = now(),
              started_at = NULL, finished_at = NULL, trainees_total = 0, trainees_done = 0, pairs = 0
        WHERE duplicate_scans.finished_at IS NOT NULL
           OR duplicate_scans.requested_at < now() - make_interval(mins => $4)
       RETURNING *`,
      [countryCode, jobId, user.id, STALE_SCAN_MINUTES],
    );
    if (!claimed) {
      const [running]: ScanRow[] = await this.dataSource.query(
        `SELECT * FROM duplicate_scans WHERE country_code = $1`,
        [countryCode],
      );
      return { queue: QUEUE_OF_JOB[JobName.ScanDuplicates], jobId: running.job_id };
    }
    const payload: ScanDuplicatesJob = { countryCode, requestedBy: user.id, requestedAt: new Date().toISOString() };
    return this.jobs.enqueue(JobName.ScanDuplicates, payload, { jobId });
  }

  /** The last scan of each of the caller's countries, with its progress. */
  async list(user: AuthUser): Promise<DuplicateScanDto[]> {
    assertCanAccess(user, Permission.DuplicatesReview, { personal: true });
    const rows: ScanRow[] = await this.dataSource.query(
      `SELECT * FROM duplicate_scans WHERE $1::text[] IS NULL OR country_code = ANY($1) ORDER BY country_code`,
      [countryScope(user)],
    );
    return rows.map(scanDto);
  }

  /** The job's work, in the worker. */
  run(job: ScanDuplicatesJob, onProgress: (progress: ScanProgress) => Promise<void>): Promise<ScanProgress> {
    return scanCountry(this.dataSource, job.countryCode, onProgress);
  }
}

const countryProblem = (code: string, params: Record<string, string> = {}) =>
  new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, [
    { field: 'country', code, messageKey: `validation.${code}`, params },
  ]);
