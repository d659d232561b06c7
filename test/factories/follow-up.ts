import { randomBytes } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createCourse, createEvent, createTrainee, enroll } from './training.js';

/** A completed event (of a new course, which gets the default 3- and 6-month waves) that ended on `endDate`. */
export async function createCompletedEvent(
  dataSource: DataSource,
  options: { endDate: string; countryCode?: string; language?: string },
): Promise<string> {
  const course = await createCourse(dataSource);
  await dataSource.query('UPDATE courses SET titles = $2 WHERE id = $1', [
    course.id,
    JSON.stringify({
      en: 'Istanbul Protocol for forensic experts',
      ru: 'Стамбульский протокол для судебно-медицинских экспертов',
      ky: 'Стамбул протоколу: соттук-медициналык эксперттер үчүн',
      tg: 'Протоколи Истанбул барои коршиносони тиббӣ-судӣ',
      uk: 'Стамбульський протокол для судово-медичних експертів',
    }),
  ]);
  const end = new Date(`${options.endDate}T00:00:00Z`);
  const start = new Date(end.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
  return createEvent(dataSource, {
    courseId: course.id,
    countryCode: options.countryCode,
    language: options.language ?? 'ru',
    startDate: start,
    endDate: options.endDate,
    status: EventStatus.Completed,
  });
}

/** A trainee who completed the event, with an e-mail address unless told `email: null`. */
export async function createCompleter(
  dataSource: DataSource,
  eventId: string,
  options: { preferredLanguage?: string | null; email?: string | null; profession?: string; countryCode?: string } = {},
): Promise<{ traineeId: string; enrollmentId: string; email: string | null }> {
  const traineeId = await createTrainee(dataSource, {
    countryCode: options.countryCode,
    profession: options.profession,
  });
  const email = options.email === undefined ? `follow-up-${randomBytes(5).toString('hex')}@example.org` : options.email;
  await dataSource.query('UPDATE trainees SET email = $2, preferred_language = $3 WHERE id = $1', [
    traineeId,
    email,
    options.preferredLanguage ?? null,
  ]);
  const enrollmentId = await enroll(dataSource, eventId, traineeId);
  await dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
    enrollmentId,
  ]);
  return { traineeId, enrollmentId, email };
}
