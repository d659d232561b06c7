import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { nameKeyOf } from '../../src/modules/trainees/duplicates/name-key.js';
import { TrainerLevel, TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
import { ensureCountries } from './users.js';

/**
 * Small builders for training records, written straight to the database: each returns the new
 * id and takes only what a test cares about, with plausible defaults for the rest.
 */

export async function createTrainer(
  dataSource: DataSource,
  options: {
    countryCode?: string;
    level?: TrainerLevel;
    status?: TrainerStatus;
    userId?: string | null;
    fullName?: string;
  } = {},
): Promise<string> {
  await ensureCountries(dataSource);
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO trainers (full_name, latin_name, country_code, level, status, languages, user_id)
     VALUES ($1, $2, $3, $4, $5, '{ru}', $6) RETURNING id`,
    [
      options.fullName ?? 'Асель Маматова',
      'Asel Mamatova',
      options.countryCode ?? 'KG',
      options.level ?? TrainerLevel.National,
      options.status ?? TrainerStatus.Active,
      options.userId ?? null,
    ],
  );
  return id;
}

export async function createTrainee(
  dataSource: DataSource,
  options: {
    countryCode?: string;
    fullName?: string;
    latinName?: string | null;
    profession?: string;
    sex?: string;
    birthYear?: number | null;
    phone?: string | null;
    organizationId?: string | null;
  } = {},
): Promise<string> {
  await ensureCountries(dataSource);
  const fullName = options.fullName ?? `Гүлнара Осмонова ${randomUUID().slice(0, 4)}`;
  // The key the trainees service keeps, so that duplicate detection sees factory-made trainees too.
  const { key, patronymic } = nameKeyOf(fullName);
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO trainees (full_name, latin_name, sex, profession, country_code, consent_given_at,
                           birth_year, phone, organization_id, name_key, patronymic_key)
     VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, $9, $10) RETURNING id`,
    [
      fullName,
      options.latinName !== undefined ? options.latinName : 'Gulnara Osmonova',
      options.sex ?? 'female',
      options.profession ?? 'forensic_expert',
      options.countryCode ?? 'KG',
      options.birthYear ?? null,
      options.phone ?? null,
      options.organizationId ?? null,
      key,
      patronymic,
    ],
  );
  return id;
}

/** A course with `modules` modules of 4 hours; pass rules as DOMAIN.md's usual ones unless given. */
export async function createCourse(
  dataSource: DataSource,
  options: {
    modules?: number;
    minAttendancePercent?: number;
    minPostScore?: number | null;
    validityMonths?: number | null;
  } = {},
): Promise<{ id: string; moduleIds: string[] }> {
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO courses (titles, descriptions, target_professions, min_attendance_percent, min_post_score, certificate_validity_months)
     VALUES ($1, '{}', '{forensic_expert}', $2, $3, $4) RETURNING id`,
    [
      JSON.stringify({
        en: 'Istanbul Protocol for forensic experts',
        ru: 'Стамбульский протокол для судебно-медицинских экспертов',
      }),
      options.minAttendancePercent ?? 80,
      options.minPostScore === undefined ? 70 : options.minPostScore,
      options.validityMonths ?? null,
    ],
  );
  const moduleIds: string[] = [];
  for (let position = 1; position <= (options.modules ?? 2); position++) {
    const [module] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO course_modules (course_id, position, titles, hours) VALUES ($1, $2, $3, 4) RETURNING id`,
      [id, position, JSON.stringify({ en: `Module ${position}`, ru: `Модуль ${position}` })],
    );
    moduleIds.push(module.id);
  }
  return { id, moduleIds };
}

/** An event of a new course (or the given one), by default in KG, 12–15 May 2025, capacity 25. */
export async function createEvent(
  dataSource: DataSource,
  options: {
    courseId?: string;
    countryCode?: string;
    startDate?: string;
    endDate?: string;
    capacity?: number;
    status?: EventStatus;
    language?: string;
  } = {},
): Promise<string> {
  await ensureCountries(dataSource);
  const courseId = options.courseId ?? (await createCourse(dataSource)).id;
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO training_events (course_id, country_code, venue, language, start_date, end_date, capacity, status)
     VALUES ($1, $2, 'Osh, hotel conference hall', $3, $4, $5, $6, $7) RETURNING id`,
    [
      courseId,
      options.countryCode ?? 'KG',
      options.language ?? 'ru',
      options.startDate ?? '2025-05-12',
      options.endDate ?? '2025-05-15',
      options.capacity ?? 25,
      options.status ?? EventStatus.Planned,
    ],
  );
  return id;
}

export async function assignTrainer(
  dataSource: DataSource,
  eventId: string,
  trainerId: string,
  role: 'lead' | 'co_trainer' = 'lead',
): Promise<void> {
  await dataSource.query('INSERT INTO event_trainers (event_id, trainer_id, role) VALUES ($1, $2, $3)', [
    eventId,
    trainerId,
    role,
  ]);
}

export async function createSession(
  dataSource: DataSource,
  eventId: string,
  options: { date?: string; startTime?: string; endTime?: string; moduleId?: string | null } = {},
): Promise<string> {
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO training_sessions (event_id, date, start_time, end_time, module_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      eventId,
      options.date ?? '2025-05-12',
      options.startTime ?? '09:00',
      options.endTime ?? '10:30',
      options.moduleId ?? null,
    ],
  );
  return id;
}

export async function enroll(dataSource: DataSource, eventId: string, traineeId: string): Promise<string> {
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO enrollments (event_id, trainee_id) VALUES ($1, $2) RETURNING id`,
    [eventId, traineeId],
  );
  return id;
}
