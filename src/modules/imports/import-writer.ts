import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { latinNameFor } from '../trainees/index.js';
import type { TraineeRecord } from './import-columns.js';
import type { ImportResult } from './import-report.js';
import type { ImportTarget, TargetFacts } from './import-rows.js';
import { ImportKind } from './registry-import.entity.js';

/** A row written for a trainee: a new one, or a registered one the officer linked the row to. */
export interface WrittenRow {
  traineeId: string;
  record: TraineeRecord;
}

/** A batch of new trainees ready to register: their ids, and the statement's values. */
export interface TraineeInsert {
  ids: string[];
  values: unknown[];
}

/**
 * A batch's values, made ready apart from the statement (Latin names transliterated, columns
 * gathered): a commit does it while the batch before is written.
 */
export function traineeInsert(target: ImportTarget, actorId: string, batch: readonly TraineeRecord[]): TraineeInsert {
  const ids = batch.map(() => randomUUID());
  return {
    ids,
    values: [
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
  };
}

/** Registers a batch of new trainees in one statement and counts them in `result`; gives their ids. */
export async function insertTrainees(
  manager: EntityManager,
  insert: TraineeInsert,
  result: ImportResult,
): Promise<string[]> {
  if (insert.ids.length === 0) return insert.ids;
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
    insert.values,
  );
  result.trainees += insert.ids.length;
  return insert.ids;
}

/** The fields a linked row may fill on its registered trainee, when the trainee has none. */
const FILLABLE = ['birth_year', 'region_code', 'phone', 'email'] as const;
type Fillable = (typeof FILLABLE)[number];

const fileValue = (record: TraineeRecord, field: Fillable): string | number | null =>
  ({ birth_year: record.birthYear, region_code: record.regionCode, phone: record.phone, email: record.email })[field];

/**
 * Rows linked to registered trainees: each trainee's empty fields filled from its row, in one
 * statement; a value it already has is kept even when the file says otherwise (counted in
 * `keptFields`, never overwritten silently). A trainee named by two rows takes the first.
 */
export async function fillLinkedTrainees(
  manager: EntityManager,
  links: readonly WrittenRow[],
  result: ImportResult,
): Promise<void> {
  result.linked += links.length;
  const byTrainee = new Map<string, TraineeRecord>();
  for (const link of links) if (!byTrainee.has(link.traineeId)) byTrainee.set(link.traineeId, link.record);
  if (byTrainee.size === 0) return;
  const current = await manager.query<(Record<Fillable, string | number | null> & { id: string })[]>(
    `SELECT id, ${FILLABLE.join(', ')} FROM trainees WHERE id = ANY($1::uuid[]) FOR UPDATE`,
    [[...byTrainee.keys()]],
  );
  const filled: Record<Fillable, (string | number | null)[]> = {
    birth_year: [],
    region_code: [],
    phone: [],
    email: [],
  };
  const ids: string[] = [];
  for (const trainee of current) {
    const record = byTrainee.get(trainee.id) as TraineeRecord;
    let changed = false;
    for (const field of FILLABLE) {
      const given = fileValue(record, field);
      const registered = trainee[field];
      if (given !== null && registered === null) {
        changed = true;
        result.filledFields++;
      } else if (given !== null && String(given) !== String(registered)) result.keptFields++;
      filled[field].push(registered ?? given);
    }
    if (changed) ids.push(trainee.id);
    else for (const field of FILLABLE) filled[field].pop();
  }
  if (ids.length === 0) return;
  await manager.query(
    `UPDATE trainees t SET birth_year = f.birth_year, region_code = f.region_code, phone = f.phone, email = f.email,
            updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[])
            AS f (id, birth_year, region_code, phone, email)
      WHERE t.id = f.id`,
    [ids, filled.birth_year, filled.region_code, filled.phone, filled.email],
  );
}

/**
 * A past event's records for written rows, a statement a table: enrolments, scores and attendance
 * marks. A linked trainee already enrolled, scored or marked keeps what is recorded; only what is
 * missing is added (a score filled where it is empty).
 */
export async function writeEventRecords(
  manager: EntityManager,
  target: ImportTarget,
  facts: TargetFacts,
  actorId: string,
  rows: readonly WrittenRow[],
  result: ImportResult,
): Promise<void> {
  if (target.kind !== ImportKind.EventRecords || target.eventId === null || rows.length === 0) return;
  const ids = rows.map((row) => row.traineeId);
  const enrolled: unknown[] = await manager.query(
    `INSERT INTO enrollments (event_id, trainee_id) SELECT $1, unnest($2::uuid[])
     ON CONFLICT ON CONSTRAINT enrollments_key DO NOTHING RETURNING id`,
    [target.eventId, [...new Set(ids)]],
  );
  result.enrollments += enrolled.length;

  const scored = rows.filter((row) => row.record.preScore !== null || row.record.postScore !== null);
  if (scored.length > 0) {
    const written: unknown[] = await manager.query(
      `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score)
       SELECT DISTINCT ON (a.trainee_id) $1, a.trainee_id, a.pre_score, a.post_score
         FROM unnest($2::uuid[], $3::int[], $4::int[]) AS a (trainee_id, pre_score, post_score)
       ON CONFLICT ON CONSTRAINT assessments_key DO UPDATE
          SET pre_score = COALESCE(assessments.pre_score, EXCLUDED.pre_score),
              post_score = COALESCE(assessments.post_score, EXCLUDED.post_score)
        WHERE assessments.pre_score IS NULL OR assessments.post_score IS NULL
       RETURNING id`,
      [
        target.eventId,
        scored.map((row) => row.traineeId),
        scored.map((row) => row.record.preScore),
        scored.map((row) => row.record.postScore),
      ],
    );
    result.assessments += written.length;
  }

  const sessions: string[] = [];
  const trainees: string[] = [];
  const statuses: string[] = [];
  for (const row of rows) {
    row.record.attendance.forEach((status, session) => {
      if (status === null) return;
      sessions.push(facts.sessionIds[session]);
      trainees.push(row.traineeId);
      statuses.push(status);
    });
  }
  if (sessions.length > 0) {
    const marked: unknown[] = await manager.query(
      `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
       SELECT gen_random_uuid(), m.session_id, m.trainee_id, m.status::attendance_status, $1, now()
         FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS m (session_id, trainee_id, status)
       ON CONFLICT ON CONSTRAINT attendance_marks_session_trainee_key DO NOTHING RETURNING id`,
      [actorId, sessions, trainees, statuses],
    );
    result.attendanceMarks += marked.length;
  }
}
