import type { EntityManager } from 'typeorm';

import { transliterate } from '@cascade/common';

import { nameKeyOf } from '../modules/trainees/duplicates/name-key.js';
import { seedCertification, seedRepeatedObservations } from './demo-certification.js';
import { COUNTRIES, type CountrySeed } from './demo-countries.js';
import { COURSES } from './demo-courses.js';
import { seedFeedbackAnswers } from './demo-feedback.js';
import { seeded, stableUuid } from './demo-random.js';

export { stableUuid } from './demo-random.js';

/**
 * The demo's training records: deterministic (a seeded generator, stable ids), realistic per
 * DOMAIN.md, and consistent with the course rules — attendance and scores are drawn first, and
 * completion follows from them when the completion jobs run.
 */

const STATUS_WEIGHTS: [string, number][] = [
  ['present', 0.85],
  ['late', 0.05],
  ['excused', 0.04],
  ['absent', 0.06],
];

export interface TrainingSeedReport {
  trainers: number;
  courses: number;
  events: number;
  trainees: number;
  attendanceMarks: number;
  /** Completed events whose completion (and certificates) the worker is to work out. */
  completedEventIds: string[];
}

/** Writes the training records once: a second run finds the first course and adds nothing. */
export async function seedTrainingRecords(manager: EntityManager, today = new Date()): Promise<TrainingSeedReport> {
  const empty: TrainingSeedReport = {
    trainers: 0,
    courses: 0,
    events: 0,
    trainees: 0,
    attendanceMarks: 0,
    completedEventIds: [],
  };
  const [seededBefore] = await manager.query<unknown[]>('SELECT 1 FROM courses WHERE id = $1', [
    stableUuid('course:medical'),
  ]);
  if (seededBefore) return empty;

  const random = seeded(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const normal = (mean: number, deviation: number) => {
    const u = 1 - random();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const isoDate = (date: Date) => date.toISOString().slice(0, 10);
  const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

  const person = (country: CountrySeed, female: boolean) => {
    const stem = pick(country.surnames);
    const surname = country.neutral
      ? stem
      : `${stem}${/[аоуыэяеёюиөүӯ]$/i.test(stem) ? 'ев' : 'ов'}${female ? 'а' : ''}`;
    const fullName = `${pick(female ? country.female : country.male)} ${surname}`;
    return { fullName, latinName: transliterate(fullName, country.code === 'UA' ? 'ukrainian' : 'central_asian') };
  };

  // Courses and their modules.
  const courseIds: Record<string, string> = {};
  const moduleIds: Record<string, string[]> = {};
  for (const course of COURSES) {
    const id = stableUuid(`course:${course.key}`);
    courseIds[course.key] = id;
    await manager.query(
      `INSERT INTO courses (id, titles, descriptions, target_professions, min_attendance_percent, min_post_score,
                            certificate_validity_months)
       VALUES ($1, $2, $3, $4::profession[], 80, $5, $6)`,
      [
        id,
        JSON.stringify(course.titles),
        JSON.stringify(course.descriptions),
        course.professions,
        course.minPostScore,
        course.validityMonths,
      ],
    );
    moduleIds[course.key] = [];
    for (const [index, module] of course.modules.entries()) {
      const moduleId = stableUuid(`module:${course.key}:${index}`);
      moduleIds[course.key].push(moduleId);
      await manager.query(
        'INSERT INTO course_modules (id, course_id, position, titles, hours) VALUES ($1, $2, $3, $4, $5)',
        [moduleId, id, index + 1, JSON.stringify(module.titles), module.hours],
      );
    }
  }

  // Organisations of each country, to place trainees and trainers.
  const organizations = await manager.query<{ id: string; country_code: string; type: string }[]>(
    'SELECT id, country_code, type FROM organizations ORDER BY name',
  );
  const demoTrainerUsers = await manager.query<{ id: string; email: string }[]>(
    `SELECT id, email FROM users WHERE email IN ('trainer.osh@demo.cascade.test', 'trainer.dushanbe@demo.cascade.test', 'trainer.kyiv@demo.cascade.test')`,
  );
  const userFor = (email: string) => demoTrainerUsers.find((u) => u.email === email)?.id ?? null;
  const trainerUserEmail: Record<string, string> = {
    KG: 'trainer.osh@demo.cascade.test',
    TJ: 'trainer.dushanbe@demo.cascade.test',
    UA: 'trainer.kyiv@demo.cascade.test',
  };

  // The cascade: a master trainer per country, three generations of national trainers below.
  const trainersByCountry: Record<string, { id: string; generation: number }[]> = {};
  const links: { trainerId: string; trainedById: string; country: string }[] = [];
  let trainerCount = 0;
  for (const country of COUNTRIES) {
    const list: { id: string; generation: number }[] = [];
    const shape = [1, 3, 3, country.code === 'UA' ? 1 : 2];
    for (const [generation, size] of shape.entries()) {
      for (let i = 0; i < size; i++) {
        const id = stableUuid(`trainer:${country.code}:${generation}:${i}`);
        const female = random() < 0.6;
        const { fullName, latinName } = person(country, female);
        const isDemoUser = generation === 1 && i === 0;
        await manager.query(
          `INSERT INTO trainers (id, full_name, latin_name, sex, country_code, region_code, organization_id, level, status,
                                 languages, user_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            id,
            fullName,
            latinName,
            female ? 'female' : 'male',
            country.code,
            pick(country.cities).region,
            pick(organizations.filter((o) => o.country_code === country.code)).id,
            generation === 0 ? 'master' : 'national',
            generation === 3 && i === size - 1 ? 'candidate' : 'active',
            ['ru', country.language].filter((language, index, all) => all.indexOf(language) === index),
            isDemoUser ? userFor(trainerUserEmail[country.code]) : null,
          ],
        );
        if (generation > 0) {
          const parents = list.filter((trainer) => trainer.generation === generation - 1);
          links.push({ trainerId: id, trainedById: parents[i % parents.length].id, country: country.code });
        }
        list.push({ id, generation });
        trainerCount += 1;
      }
    }
    trainersByCountry[country.code] = list;
  }

  // Trainees: about 500 a country.
  const traineesByCountry: Record<string, { id: string; profession: string }[]> = {};
  const allProfessions = [...new Set(COURSES.flatMap((c) => c.professions))];
  let traineeCount = 0;
  for (const country of COUNTRIES) {
    const rows: unknown[][] = [];
    const list: { id: string; profession: string }[] = [];
    for (let i = 0; i < 500; i++) {
      const id = stableUuid(`trainee:${country.code}:${i}`);
      const female = random() < 0.58;
      const profession = pick(allProfessions);
      const { fullName, latinName } = person(country, female);
      const organization = pick(organizations.filter((o) => o.country_code === country.code));
      rows.push([
        id,
        fullName,
        latinName,
        female ? 'female' : 'male',
        profession,
        organization.id,
        country.code,
        pick(country.cities).region,
        between(1962, 1998),
        nameKeyOf(fullName).key,
        nameKeyOf(fullName).patronymic,
      ]);
      list.push({ id, profession });
    }
    await manager.query(
      `INSERT INTO trainees (id, full_name, latin_name, sex, profession, organization_id, country_code, region_code, birth_year,
                             consent_given_at, name_key, patronymic_key)
       SELECT id, full_name, latin_name, sex::sex, profession::profession, organization_id, country_code, region_code,
              birth_year, '2024-01-10T09:00:00Z', name_key, patronymic_key
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::int[],
                     $10::text[], $11::text[])
              AS t (id, full_name, latin_name, sex, profession, organization_id, country_code, region_code, birth_year,
                    name_key, patronymic_key)`,
      rows[0].map((_, column) => rows.map((row) => row[column])),
    );
    traineesByCountry[country.code] = list;
    traineeCount += list.length;
  }

  // Events: twenty a country: sixteen held since January 2024, one under way today, three to come.
  const start = new Date('2024-01-15T00:00:00Z');
  const span = addDays(today, -20).getTime() - start.getTime();
  const firstDay = (n: number): Date => {
    if (n < 16) return new Date(start.getTime() + Math.floor((span * (n + random() * 0.8)) / 16));
    if (n === 16) return addDays(today, -1);
    return addDays(today, (n - 16) * 35 + between(0, 10));
  };
  const completedEventIds: string[] = [];
  let eventCount = 0;
  let markCount = 0;
  for (const country of COUNTRIES) {
    const trainers = trainersByCountry[country.code];
    const teaching = trainers.filter((trainer) => trainer.generation > 0);
    for (let n = 0; n < 20; n++) {
      const course = n % 5 === 4 ? COURSES[3] : COURSES[n % 3];
      const eventId = stableUuid(`event:${country.code}:${n}`);
      const first = new Date(`${isoDate(firstDay(n))}T00:00:00Z`);
      const days = pick([2, 3, 3, 4]);
      const last = addDays(first, days - 1);
      const city = pick(country.cities);
      const status =
        isoDate(last) < isoDate(today)
          ? random() < 0.06
            ? 'cancelled'
            : 'completed'
          : isoDate(first) <= isoDate(today)
            ? 'ongoing'
            : 'planned';
      await manager.query(
        `INSERT INTO training_events (id, course_id, country_code, region_code, venue, language, start_date, end_date, capacity,
                                      status, anonymous_participants)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 30, $9, $10)`,
        [
          eventId,
          courseIds[course.key],
          country.code,
          city.region,
          city.venue,
          country.language === 'tg' && random() < 0.5 ? 'ru' : country.language,
          isoDate(first),
          isoDate(last),
          status,
          between(0, 3),
        ],
      );
      eventCount += 1;

      // The master trainer leads the trainings of trainers; national trainers lead the rest.
      const lead = course.key === 'tot' ? trainers[0] : teaching[n % teaching.length];
      const co = teaching[(n + 3) % teaching.length];
      await manager.query(`INSERT INTO event_trainers (event_id, trainer_id, role) VALUES ($1, $2, 'lead')`, [
        eventId,
        lead.id,
      ]);
      if (co.id !== lead.id) {
        await manager.query(`INSERT INTO event_trainers (event_id, trainer_id, role) VALUES ($1, $2, 'co_trainer')`, [
          eventId,
          co.id,
        ]);
      }
      if (course.key === 'tot' && n < 10) {
        for (const link of links.filter((l) => l.country === country.code && l.trainedById === lead.id)) {
          await manager.query(
            `INSERT INTO trainer_links (trainer_id, trained_by_id, event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
            [link.trainerId, link.trainedById, eventId],
          );
        }
      }

      const sessionIds: string[] = [];
      for (let day = 0; day < days; day++) {
        const slots = pick([
          [
            ['09:00', '10:30'],
            ['11:00', '12:30'],
            ['14:00', '15:30'],
          ],
          [
            ['09:30', '12:30'],
            ['14:00', '17:00'],
          ],
        ]);
        for (const [index, [from, to]] of slots.entries()) {
          const sessionId = stableUuid(`session:${eventId}:${day}:${index}`);
          sessionIds.push(sessionId);
          await manager.query(
            `INSERT INTO training_sessions (id, event_id, date, start_time, end_time, module_id) VALUES ($1, $2, $3, $4, $5, $6)`,
            [
              sessionId,
              eventId,
              isoDate(addDays(first, day)),
              from,
              to,
              moduleIds[course.key][(day * slots.length + index) % moduleIds[course.key].length],
            ],
          );
        }
      }

      if (status === 'cancelled') continue;
      const candidates = traineesByCountry[country.code].filter((trainee) =>
        course.professions.includes(trainee.profession),
      );
      const enrolled = [...new Set(Array.from({ length: between(15, 28) }, () => pick(candidates).id))];
      await manager.query(
        `INSERT INTO enrollments (event_id, trainee_id, status) SELECT $1, unnest($2::uuid[]), 'enrolled'`,
        [eventId, enrolled],
      );
      if (status === 'planned') continue;

      // Attendance for the sessions held so far, with some trainees less assiduous than others.
      const held = status === 'completed' ? sessionIds : sessionIds.slice(0, Math.ceil(sessionIds.length / 2));
      const marks: unknown[][] = [];
      for (const traineeId of enrolled) {
        const keen = random() < 0.85;
        for (const sessionId of held) {
          let roll = random() * (keen ? 1 : 0.55);
          let markStatus = 'absent';
          if (!keen) roll += 0.45;
          for (const [candidate, weight] of STATUS_WEIGHTS) {
            if (roll < weight) {
              markStatus = candidate;
              break;
            }
            roll -= weight;
          }
          marks.push([stableUuid(`mark:${sessionId}:${traineeId}`), sessionId, traineeId, markStatus]);
        }
      }
      const markedBy = (
        await manager.query<{ user_id: string | null }[]>('SELECT user_id FROM trainers WHERE id = $1', [lead.id])
      )[0]?.user_id;
      await manager.query(
        `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
         SELECT m.id, m.session_id, m.trainee_id, m.status::attendance_status, $5, $6
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) AS m (id, session_id, trainee_id, status)`,
        [
          ...[0, 1, 2, 3].map((column) => marks.map((mark) => mark[column])),
          markedBy ?? stableUuid('system'),
          `${isoDate(first)}T18:00:00Z`,
        ],
      );
      markCount += marks.length;

      // Scores: a pre-test for everyone present on day one, a post-test at the end.
      const scores = enrolled.map((traineeId) => {
        const pre = Math.max(5, Math.min(95, Math.round(normal(48, 12))));
        const post =
          status === 'completed' && random() < 0.95
            ? Math.max(0, Math.min(100, Math.round(pre + normal(24, 10))))
            : null;
        return [traineeId, pre, post];
      });
      await manager.query(
        `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score)
         SELECT $1, s.trainee_id, s.pre, s.post FROM unnest($2::uuid[], $3::int[], $4::int[]) AS s (trainee_id, pre, post)`,
        [eventId, ...[0, 1, 2].map((column) => scores.map((score) => score[column]))],
      );
      if (status === 'completed') completedEventIds.push(eventId);
    }
  }

  // Trained-by links not tied to an event in the loop above, and certification.
  for (const link of links) {
    await manager.query(
      `INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [link.trainerId, link.trainedById],
    );
  }
  const signer = (
    await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE email = 'admin@demo.cascade.test'`)
  )[0];
  if (signer) {
    const trainerIds = Object.values(trainersByCountry)
      .flat()
      .map((trainer) => trainer.id);
    await seedCertification(
      manager,
      signer.id,
      trainerIds,
      COUNTRIES.map((country) => country.code),
    );
    await seedRepeatedObservations(manager, signer.id, trainerIds);
  }
  await seedFeedbackAnswers(manager, completedEventIds);
  return {
    trainers: trainerCount,
    courses: COURSES.length,
    events: eventCount,
    trainees: traineeCount,
    attendanceMarks: markCount,
    completedEventIds,
  };
}
