import { randomBytes } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createCourse, createEvent, createTrainee, enroll } from './training.js';

/**
 * A certificate straight in the database (a placeholder PDF), of a new event in `countryCode`, held
 * by a new trainee with an e-mail address: for the expiry reminders and lists.
 */
export async function createCertificate(
  dataSource: DataSource,
  options: {
    expiresAt: Date;
    issuedAt?: Date;
    countryCode?: string;
    email?: string | null;
    preferredLanguage?: string | null;
    eventLanguage?: string;
    fullName?: string;
  },
): Promise<{ certificateId: string; code: string; traineeId: string; courseId: string }> {
  const course = await createCourse(dataSource, { validityMonths: 24 });
  await dataSource.query('UPDATE courses SET titles = $2 WHERE id = $1', [
    course.id,
    JSON.stringify({
      en: 'Istanbul Protocol for forensic experts',
      ru: 'Стамбульский протокол для судебно-медицинских экспертов',
      ky: 'Стамбул протоколу: соттук-медициналык эксперттер үчүн',
      tg: 'Протоколи Истанбул барои коршиносони тиббӣ-судӣ',
    }),
  ]);
  const eventId = await createEvent(dataSource, {
    courseId: course.id,
    countryCode: options.countryCode,
    language: options.eventLanguage ?? 'ru',
    status: EventStatus.Completed,
  });
  const traineeId = await createTrainee(dataSource, { countryCode: options.countryCode, fullName: options.fullName });
  await dataSource.query('UPDATE trainees SET email = $2, preferred_language = $3 WHERE id = $1', [
    traineeId,
    options.email === undefined ? `trainee-${randomBytes(4).toString('hex')}@example.org` : options.email,
    options.preferredLanguage ?? null,
  ]);
  const enrollmentId = await enroll(dataSource, eventId, traineeId);
  await dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
    enrollmentId,
  ]);
  const code = randomBytes(10).toString('hex').toUpperCase();
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO certificates (code, enrollment_id, issued_at, expires_at, locale, pdf)
     VALUES ($1, $2, $3, $4, 'ru', '\\x00') RETURNING id`,
    [
      code,
      enrollmentId,
      options.issuedAt ?? new Date(options.expiresAt.getTime() - 730 * 86_400_000),
      options.expiresAt,
    ],
  );
  return { certificateId: id, code, traineeId, courseId: course.id };
}
