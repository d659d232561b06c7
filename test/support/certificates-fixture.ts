import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

import { Role } from '@cascade/auth';

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
import { bearer, signIn } from './auth.js';
import { awaitJob } from './jobs.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from './test-app.js';

export const PUBLIC_BASE_URL = 'https://cascade.example.org/';

// Course titles with every Kyrgyz and Tajik letter a built-in PDF font would lose.
export const TITLES = {
  en: 'Istanbul Protocol for forensic experts',
  ru: 'Стамбульский протокол для судебно-медицинских экспертов',
  ky: 'Стамбул протоколу: соттук-медициналык эксперттер үчүн (ң ө ү)',
  tg: 'Протоколи Истанбул барои коршиносони тиббӣ-судӣ (ғ ӣ қ ӯ ҳ ҷ)',
};

/** poppler-utils reads the PDFs back; without it the PDF checks are skipped, except in CI. */
export const poppler = !spawnSync('pdftotext', ['-v']).error && !spawnSync('pdftoppm', ['-v']).error;
export const inCi = !!process.env.CI && process.env.CI !== 'false';
if (!poppler && !inCi) {
  console.warn('pdftotext/pdftoppm (poppler-utils) are not installed: skipping the checks that read certificate PDFs.');
}
export const itReadingPdfs = poppler || inCi ? it : it.skip;

export function pdfText(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf });
  if (result.error) throw new Error(`pdftotext (poppler-utils) is required in CI: ${result.error.message}`);
  return result.stdout.toString('utf8').replace(/\s+/g, ' ');
}

/** Renders page 1 at 150 dpi, as a scanner would see the printout, and reads its QR code. */
export function qrOf(pdf: Buffer): string | null {
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

export type Headers = Record<string, string>;

export interface JobStatus {
  state: string;
  progress: unknown;
  result: Record<string, unknown>;
}

export interface Enrollee {
  name: string;
  attended: number;
  postScore?: number | null;
  language?: string;
  withdrawn?: boolean;
}

/**
 * The completion and certificates tests' API and worker (with a public base URL), an officer of KG, an
 * officer of TJ, a donor, a trainer and another trainer, and helpers. Call it inside a describe: its
 * values are set once that describe's beforeAll ran.
 */
export function useCertificatesFixture() {
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

  const waitForJob = (statusUrl: string, headers: Headers) => awaitJob<JobStatus>(app, statusUrl, headers);

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

  return {
    get app() {
      return app;
    },
    get worker() {
      return worker;
    },
    get officerUser() {
      return officerUser;
    },
    get officer() {
      return officer;
    },
    get tjOfficer() {
      return tjOfficer;
    },
    get donor() {
      return donor;
    },
    get trainer() {
      return trainer;
    },
    get otherTrainer() {
      return otherTrainer;
    },
    get trainerId() {
      return trainerId;
    },
    get visitor() {
      return visitor;
    },
    completedEvent,
    waitForJob,
    runCompletion,
    eventually,
    enrollmentStates,
    halfIssued,
    certificateOf,
    verify,
  };
}
