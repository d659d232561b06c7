import { stageOf } from './certificate-reminders.service.js';

describe('stageOf', () => {
  const expiresAt = new Date('2030-06-30T12:00:00Z');
  const daysBefore = (days: number) => new Date(expiresAt.getTime() - days * 86_400_000);

  it('is the 60-day reminder from 60 to just over 14 days before expiry, then the 14-day one', () => {
    expect(stageOf(expiresAt, daysBefore(60))).toBe(60);
    expect(stageOf(expiresAt, daysBefore(14.5))).toBe(60);
    expect(stageOf(expiresAt, daysBefore(14))).toBe(14);
    expect(stageOf(expiresAt, daysBefore(1))).toBe(14);
  });
});
