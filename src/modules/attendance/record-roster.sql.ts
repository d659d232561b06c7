/**
 * A roster write in one statement (AttendanceService.record), kept in the function
 * `record_roster` (migrations/1795477400000-CreateRecordRosterFunction.ts) so that it is planned
 * once per connection: the Idempotency-Key's earlier answer, the event's scope and recording window, every row's enrolment and repeats, the marks
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
export const RECORD_ROSTER_SQL = `SELECT * FROM record_roster(
  $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`;
