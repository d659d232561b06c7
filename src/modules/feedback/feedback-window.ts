/** Days after an event's last day during which its feedback stays open, unless an officer sets another time. */
export const DEFAULT_FEEDBACK_DAYS = 14;

/** Trainers see averages only over this many answers or more, so no single answer can be read back. */
export const MIN_ANSWERS_SHOWN_TO_TRAINERS = 5;

/** Longest free-text answer. */
export const FEEDBACK_TEXT_MAX = 1000;

/** The SQL for when an event's feedback closes: the officer's time, else the end of its last day + the default days (UTC). */
export const CLOSES_AT_SQL = `coalesce(w.closes_at, (e.end_date + ${DEFAULT_FEEDBACK_DAYS} + 1)::timestamp AT TIME ZONE 'UTC')`;

/** The end (UTC) of a YYYY-MM-DD day: an officer's closing date closes when that day is over. */
export function endOfDay(date: string): Date {
  const end = new Date(`${date}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return end;
}

/** Feedback opens on the event's last day (UTC) and takes answers until it closes. */
export function feedbackState(endDate: string, closesAt: Date, now: Date): 'not_open' | 'open' | 'closed' {
  if (now.toISOString().slice(0, 10) < endDate) return 'not_open';
  return now < closesAt ? 'open' : 'closed';
}
