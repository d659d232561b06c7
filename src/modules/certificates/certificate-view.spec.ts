import { addMonths } from './certificate-dates.js';
import { certificateLocale, certificateStatus, localizedText } from './certificate-view.js';

describe('certificateStatus', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it.each([
    [{ revokedAt: null, expiresAt: null }, 'valid'],
    [{ revokedAt: null, expiresAt: new Date('2026-01-02') }, 'valid'],
    [{ revokedAt: null, expiresAt: new Date('2025-12-31') }, 'expired'],
    [{ revokedAt: new Date('2025-06-01'), expiresAt: null }, 'revoked'],
    [{ revokedAt: new Date('2025-06-01'), expiresAt: new Date('2025-12-31') }, 'revoked'],
    [{ revokedAt: null, expiresAt: new Date('2026-03-01'), renewedAt: new Date('2025-12-01') }, 'renewed'],
    [{ revokedAt: null, expiresAt: new Date('2025-12-31'), renewedAt: new Date('2025-12-01') }, 'renewed'],
    [{ revokedAt: null, expiresAt: new Date('2026-03-01'), renewedAt: new Date('2026-02-01') }, 'valid'],
    [{ revokedAt: new Date('2025-12-15'), expiresAt: null, renewedAt: new Date('2025-12-01') }, 'revoked'],
  ])('%p is %s', (certificate, status) => {
    expect(certificateStatus(certificate, now)).toBe(status);
  });
});

describe('certificateLocale', () => {
  it('takes the trainee’s language, else the event’s', () => {
    expect(certificateLocale('ky', 'ru')).toBe('ky');
    expect(certificateLocale(null, 'tg')).toBe('tg');
    expect(certificateLocale('de', 'uk')).toBe('uk');
    expect(certificateLocale(null, 'xx')).toBe('en');
  });
});

describe('localizedText', () => {
  it('falls back to English, then Russian, then any', () => {
    expect(localizedText({ en: 'IP', ru: 'СП', ky: 'СП (ky)' }, 'ky')).toBe('СП (ky)');
    expect(localizedText({ en: 'IP', ru: 'СП' }, 'tg')).toBe('IP');
    expect(localizedText({ ru: 'СП', uk: 'СП (uk)' }, 'tg')).toBe('СП');
    expect(localizedText({ uk: 'СП (uk)' }, 'tg')).toBe('СП (uk)');
    expect(localizedText({}, 'tg')).toBe('');
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-05-20T10:00:00Z', 36, '2028-05-20T10:00:00.000Z'],
    ['2025-01-31T10:00:00Z', 1, '2025-02-28T10:00:00.000Z'],
    ['2024-01-31T10:00:00Z', 1, '2024-02-29T10:00:00.000Z'],
    ['2025-11-15T00:00:00Z', 3, '2026-02-15T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(new Date(from), months).toISOString()).toBe(expected);
  });
});
