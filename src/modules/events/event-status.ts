import { EventStatus } from './training-event.entity.js';

/** planned → ongoing → completed, and planned or ongoing → cancelled: nothing else. */
export const EVENT_STATUS_TRANSITIONS: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  [EventStatus.Planned]: [EventStatus.Ongoing, EventStatus.Cancelled],
  [EventStatus.Ongoing]: [EventStatus.Completed, EventStatus.Cancelled],
  [EventStatus.Completed]: [],
  [EventStatus.Cancelled]: [],
};

export function canMoveTo(from: EventStatus, to: EventStatus): boolean {
  return EVENT_STATUS_TRANSITIONS[from].includes(to);
}

/** A completed or cancelled event is closed: its plan (dates, sessions, trainers, roster) stays as it was. */
export function isClosed(status: EventStatus): boolean {
  return status === EventStatus.Completed || status === EventStatus.Cancelled;
}

/** The longest an event may run, first and last day included. */
export const MAX_EVENT_DAYS = 10;

/** Days from the first to the last date, both counted: 12–15 May is 4 days. */
export function daysSpanned(startDate: string, endDate: string): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}
