import { canMoveTo, daysSpanned, EVENT_STATUS_TRANSITIONS, isClosed } from './event-status.js';
import { EventStatus } from './training-event.entity.js';

describe('event status transitions', () => {
  it.each([
    [EventStatus.Planned, EventStatus.Ongoing, true],
    [EventStatus.Ongoing, EventStatus.Completed, true],
    [EventStatus.Planned, EventStatus.Cancelled, true],
    [EventStatus.Ongoing, EventStatus.Cancelled, true],
    [EventStatus.Planned, EventStatus.Completed, false],
    [EventStatus.Planned, EventStatus.Planned, false],
    [EventStatus.Ongoing, EventStatus.Planned, false],
    [EventStatus.Completed, EventStatus.Ongoing, false],
    [EventStatus.Completed, EventStatus.Cancelled, false],
    [EventStatus.Cancelled, EventStatus.Planned, false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMoveTo(from, to)).toBe(allowed);
  });

  it('leaves completed and cancelled events with nowhere to go, and closed', () => {
    expect(EVENT_STATUS_TRANSITIONS[EventStatus.Completed]).toEqual([]);
    expect(EVENT_STATUS_TRANSITIONS[EventStatus.Cancelled]).toEqual([]);
    expect([EventStatus.Completed, EventStatus.Cancelled].every(isClosed)).toBe(true);
    expect([EventStatus.Planned, EventStatus.Ongoing].some(isClosed)).toBe(false);
  });
});

describe('daysSpanned', () => {
  it('counts the first and the last day, across months and leap days', () => {
    expect(daysSpanned('2025-05-12', '2025-05-15')).toBe(4);
    expect(daysSpanned('2025-05-12', '2025-05-12')).toBe(1);
    expect(daysSpanned('2024-02-27', '2024-03-01')).toBe(4);
    expect(daysSpanned('2025-03-29', '2025-04-01')).toBe(4);
  });
});
