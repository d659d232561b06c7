import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { latinNameFor } from '../trainees/index.js';
import type { TraineeRecord } from './import-columns.js';
import type { ImportResult } from './import-report.js';
import type { ImportTarget, TargetFacts } from './import-rows.js';
import { ImportKind } from './registry-import.entity.js';

/**
 * Writes one batch of checked rows, a statement a table (trainees; for event records also their
 * enrolments, scores and attendance marks), and counts them in `result`. Gives the new trainees' ids.
 */
export async function insertTraineeBatch(
  manager: EntityManager,
  target: ImportTarget,
  facts: TargetFacts,
  actorId: string,
  batch: TraineeRecord[],
  result: ImportResult,
): Promise<string[]> {
  const ids = batch.map(() => randomUUID());
  // name_key and patronymic_key as the trainees service keeps them: imported people are found
  // by duplicate detection like any other.
  await manager.query(
    `INSERT INTO trainees (id, full_name, latin_name, sex, profession, country_code, region_code, birth_year,
                           phone, email, consent_given_at, consent_recorded_by_id, name_key, patronymic_key,
                           organization_id)
     SELECT t.id, t.full_name, t.latin_name, t.sex::sex, t.profession::profession, $1, t.region_code, t.birth_year,
            t.phone, t.email, t.consent::timestamp AT TIME ZONE 'UTC', $2, t.name_key, t.patronymic_key,
            t.organization_id
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[],
                   $11::text[], $12::date[], $13::text[], $14::text[], $15::uuid[])
            AS t (id, full_name, latin_name, sex, profession, region_code, birth_year, phone, email, consent,
                  name_key, patronymic_key, organization_id)`,
    [
      target.countryCode,
      actorId,
      ids,
      batch.map((r) => r.fullName),
      batch.map((r) => r.latinName ?? latinNameFor(r.fullName, target.countryCode)),
      batch.map((r) => r.sex),
      batch.map((r) => r.profession),
      batch.map((r) => r.regionCode),
      batch.map((r) => r.birthYear),
      batch.map((r) => r.phone),
      batch.map((r) => r.email),
      batch.map((r) => r.consentDate),
      batch.map((r) => r.nameKey),
      batch.map((r) => r.patronymicKey),
      batch.map((r) => r.organizationId),
    ],
  );
  result.trainees += batch.length;
  if (target.kind !== ImportKind.EventRecords || target.eventId === null) return ids;

  await manager.query(`INSERT INTO enrollments (event_id, trainee_id) SELECT $1, unnest($2::uuid[])`, [
    target.eventId,
    ids,
  ]);
  result.enrollments += batch.length;

  const scored = batch.flatMap((r, i) => (r.preScore !== null || r.postScore !== null ? [i] : []));
  if (scored.length > 0) {
    await manager.query(
      `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score)
       SELECT $1, a.trainee_id, a.pre_score, a.post_score
         FROM unnest($2::uuid[], $3::int[], $4::int[]) AS a (trainee_id, pre_score, post_score)`,
      [
        target.eventId,
        scored.map((i) => ids[i]),
        scored.map((i) => batch[i].preScore),
        scored.map((i) => batch[i].postScore),
      ],
    );
    result.assessments += scored.length;
  }

  const sessions: string[] = [];
  const trainees: string[] = [];
  const statuses: string[] = [];
  batch.forEach((record, i) =>
    record.attendance.forEach((status, session) => {
      if (status === null) return;
      sessions.push(facts.sessionIds[session]);
      trainees.push(ids[i]);
      statuses.push(status);
    }),
  );
  if (sessions.length > 0) {
    await manager.query(
      `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
       SELECT gen_random_uuid(), m.session_id, m.trainee_id, m.status::attendance_status, $1, now()
         FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS m (session_id, trainee_id, status)`,
      [actorId, sessions, trainees, statuses],
    );
    result.attendanceMarks += sessions.length;
  }
  return ids;
}
