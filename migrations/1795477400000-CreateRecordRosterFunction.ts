import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roster write (AttendanceService.record) becomes a function, so that PostgreSQL plans its
 * statement once per connection. Sent as a named statement, the planner still made a new plan for
 * every call: with 22 parameters it found each call's own plan cheaper than the shared one, and
 * planning cost more than running (about 1 ms of the write's 2.5 ms on the benchmark). The
 * function's `plan_cache_mode` keeps the shared plan: every lookup in it is by key, so one plan
 * suits every call.
 *
 * The statement is the one record-roster.sql.ts sent until now, word for word: its parameters
 * keep their numbers, and the columns their meaning (see that file). A change to it is a new
 * migration that replaces the function.
 */
export class CreateRecordRosterFunction1795477400000 implements MigrationInterface {
  name = 'CreateRecordRosterFunction1795477400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION record_roster(
  uuid, uuid, text[], uuid, boolean, integer, timestamptz, varchar, char(64),
  uuid[], uuid[], text[], text[], timestamptz[], uuid, varchar, jsonb, boolean,
  text, varchar[], varchar, uuid)
RETURNS TABLE (caller_ok boolean, found boolean, in_scope boolean, open boolean,
               request_hash text, response_body text, refused json, answer text)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
AS $roster$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    WITH caller AS (
      SELECT $19::text IS NULL OR EXISTS (
               SELECT 1 FROM users u
                WHERE u.id = $2::uuid AND u.active AND u.role::text = $19::text AND u.countries = $20::varchar[]
                  AND u.locale IS NOT DISTINCT FROM $21::varchar
                  AND EXISTS (SELECT 1 FROM refresh_tokens s
                               WHERE s.family_id = $22::uuid AND s.user_id = u.id AND s.revoked_at IS NULL)) AS ok
    ),
    mark AS (
      SELECT * FROM unnest($10::uuid[], $11::uuid[], $12::text[], $13::text[], $14::timestamptz[])
             WITH ORDINALITY AS mark (id, trainee_id, status, note, marked_at, n)
    ),
    earlier AS (
      SELECT request_hash, response_body FROM idempotency_records, caller
       WHERE caller.ok AND $8::varchar IS NOT NULL AND user_id = $2::uuid AND key = $8::varchar
    ),
    target AS (
      SELECT e.id AS event_id,
             ($3::text[] IS NULL OR e.country_code = ANY ($3::text[]))
             -- who teaches the event: the teaching scope's view, as loadEventAccess reads it
             AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM event_teachers et
                                               WHERE et.event_id = e.id AND et.trainer_user_id = $4::uuid)) AS in_scope,
             -- recordingOpen() in event-access.ts: until the end date's last second (UTC) plus the days, or reopened
             (NOT $5::boolean
              OR $7::timestamptz <= ((e.end_date + $6::int) + time '23:59:59') AT TIME ZONE 'UTC'
              OR coalesce($7::timestamptz <= e.attendance_reopened_until, false)) AS open
        FROM training_sessions s
        JOIN training_events e ON e.id = s.event_id
        JOIN caller ON caller.ok
       WHERE s.id = $1::uuid
    ),
    refused AS (
      SELECT n, code
        FROM (SELECT mark.n,
                     CASE WHEN row_number() OVER (PARTITION BY mark.trainee_id ORDER BY mark.n) > 1 THEN 'duplicate_trainee'
                          WHEN NOT EXISTS (SELECT 1 FROM enrollments en JOIN target ON en.event_id = target.event_id
                                            WHERE en.trainee_id = mark.trainee_id AND en.status <> 'withdrawn')
                          THEN 'not_enrolled'
                     END AS code
                FROM mark) checked
       WHERE code IS NOT NULL
    ),
    allowed AS (
      SELECT event_id FROM target
       WHERE in_scope AND open AND NOT EXISTS (SELECT 1 FROM earlier) AND NOT EXISTS (SELECT 1 FROM refused)
    ),
    written AS (
      INSERT INTO attendance_marks AS m (id, session_id, trainee_id, status, note, marked_by_id, marked_at)
      SELECT mark.id, $1::uuid, mark.trainee_id, mark.status::attendance_status, mark.note, $2::uuid, mark.marked_at
        FROM mark
       WHERE EXISTS (SELECT 1 FROM allowed)
      ON CONFLICT (session_id, trainee_id) DO UPDATE
         SET status = EXCLUDED.status, note = EXCLUDED.note, marked_by_id = EXCLUDED.marked_by_id,
             marked_at = EXCLUDED.marked_at, recorded_at = now()
       WHERE m.marked_at < EXCLUDED.marked_at
      RETURNING m.id, m.trainee_id, m.status, m.note, m.marked_at
    ),
    applied AS (
      SELECT count(*)::int AS n FROM written
    ),
    answer AS (
      SELECT CASE WHEN NOT $18::boolean THEN json_build_object(
               'sessionId', $1::uuid, 'applied', applied.n, 'unchanged', cardinality($10::uuid[]) - applied.n)
             ELSE json_build_object(
               'sessionId', $1::uuid,
               'applied', applied.n,
               'unchanged', cardinality($10::uuid[]) - applied.n,
               'roster', coalesce((
                 SELECT json_agg(json_build_object(
                          'traineeId', row.trainee_id, 'fullName', row.full_name, 'status', row.status,
                          'statusLabel', $17::jsonb ->> row.status::text, 'note', row.note,
                          -- as JavaScript's toISOString() writes it
                          'markedAt', to_char(row.marked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'markId', row.mark_id)
                          ORDER BY row.full_name NULLS LAST, row.trainee_id)
                   FROM (SELECT en.trainee_id, t.full_name,
                                CASE WHEN w.id IS NULL THEN m.status ELSE w.status END AS status,
                                CASE WHEN w.id IS NULL THEN m.note ELSE w.note END AS note,
                                CASE WHEN w.id IS NULL THEN m.marked_at ELSE w.marked_at END AS marked_at,
                                coalesce(w.id, m.id) AS mark_id
                           FROM enrollments en
                           JOIN trainees t ON t.id = en.trainee_id
                           LEFT JOIN written w ON w.trainee_id = en.trainee_id
                           LEFT JOIN attendance_marks m ON m.session_id = $1::uuid AND m.trainee_id = en.trainee_id
                          WHERE en.event_id = allowed.event_id AND en.status <> 'withdrawn') row), '[]'::json))
             END AS body
        FROM allowed, applied
    ),
    audited AS (
      INSERT INTO audit_log (actor_id, action, entity_type, entity_id, request_id, changed_fields, "values")
      SELECT $15::uuid, 'update', 'training_session', $1::uuid::text, $16::varchar, ARRAY['attendance'],
             jsonb_build_object('marksSent', cardinality($10::uuid[]), 'marksApplied', applied.n)
        FROM allowed, applied
    ),
    remembered AS (
      INSERT INTO idempotency_records (user_id, key, request_hash, response_status, response_body)
      SELECT $2::uuid, $8::varchar, $9::char(64), 200, answer.body::jsonb
        FROM answer
       WHERE $8::varchar IS NOT NULL
      ON CONFLICT DO NOTHING
    )
    SELECT (SELECT ok FROM caller) AS caller_ok, target.event_id IS NOT NULL AS found, target.in_scope, target.open,
           earlier.request_hash::text, earlier.response_body::text AS response_body,
           (SELECT json_agg(json_build_object('n', n, 'code', code) ORDER BY n) FROM refused) AS refused,
           (SELECT body FROM answer)::text AS answer
      FROM (VALUES (1)) one
      LEFT JOIN target ON true
      LEFT JOIN earlier ON true;
END
$roster$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION record_roster(uuid, uuid, text[], uuid, boolean, integer, timestamptz, varchar, char(64), uuid[], uuid[], text[], text[], timestamptz[], uuid, varchar, jsonb, boolean, text, varchar[], varchar, uuid)`,
    );
  }
}
