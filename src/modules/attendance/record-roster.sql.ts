/**
 * A roster write in one statement (AttendanceService.record): the Idempotency-Key's earlier
 * answer, the event's scope and recording window, every row's enrolment and repeats, the marks
 * (the later markedAt wins), the audit row, the answer and its idempotency record. The writes run
 * only when every check passes (their SELECTs are gated on `allowed`), and one statement commits
 * or fails whole, so a refused request writes nothing and needs no transaction around it.
 *
 * CTEs all read the statement's one snapshot: the roster in the answer takes each mark from
 * `written` (what this statement stored) before the stored one.
 *
 * Parameters: $1 session, $2 user, $3 the user's countries (null: all), $4 the teaching user
 * the event must have (null: any), $5 whether the editing window applies, $6 its days after the
 * end, $7 now, $8 Idempotency-Key (or null), $9 the request's hash, $10–$14 the marks' ids,
 * trainees, statuses, notes and markedAt, $15 the acting user, $16 the request id for the audit row,
 * $17 the statuses' labels in the caller's language ({"present": "…"}), $18 whether the answer
 * carries the roster (false for a client that asked `Prefer: return=minimal`: the counts only);
 * for a user taken from the token's claims (AuthUser.fromClaims), $19–$21 the claimed role,
 * countries and language and $22 the session, checked against the account first (null $19: the
 * guard loaded the user, nothing to check).
 *
 * The answer is the response body as JSON text, labels and all: the API sends it as it comes, and
 * an Idempotency-Key's retry gets the same text back.
 */
export const RECORD_ROSTER_SQL = `
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
       earlier.request_hash, earlier.response_body::text AS response_body,
       (SELECT json_agg(json_build_object('n', n, 'code', code) ORDER BY n) FROM refused) AS refused,
       (SELECT body FROM answer)::text AS answer
  FROM (VALUES (1)) one
  LEFT JOIN target ON true
  LEFT JOIN earlier ON true`;
