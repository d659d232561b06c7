import type { EntityManager } from 'typeorm';

/** Ratings drawn from, most of them good: the mean lands near 4. */
const RATINGS = [5, 4, 4, 5, 3, 4, 5, 2, 4, 5];

/**
 * Two trainees in three of each completed demo event answered its feedback (overall rating only,
 * no written answer: nothing to review), and the feedback closed two weeks after the event, so the
 * progress report's feedback figures show something. Drawn from the event and trainee ids (stable
 * in the demo), so every run draws the same.
 */
export async function seedFeedbackAnswers(manager: EntityManager, completedEventIds: string[]) {
  await manager.query(
    `INSERT INTO feedback_windows (event_id, closes_at)
     SELECT id, (end_date + 14)::timestamp AT TIME ZONE 'UTC' FROM training_events WHERE id = ANY($1)
     ON CONFLICT (event_id) DO NOTHING`,
    [completedEventIds],
  );
  await manager.query(
    `INSERT INTO feedback_answers (event_id, enrollment_id, overall)
     SELECT en.event_id, en.id,
            ($2::int[])[1 + abs(hashtext(en.event_id::text || en.trainee_id::text || ':rating')) % cardinality($2::int[])]
       FROM enrollments en
      WHERE en.event_id = ANY($1) AND en.status <> 'withdrawn'
        AND abs(hashtext(en.event_id::text || en.trainee_id::text)) % 3 <> 0
     ON CONFLICT (enrollment_id) DO NOTHING`,
    [completedEventIds, RATINGS],
  );
}
