import { DEFAULT_LOCALE, isLocale, type Locale } from '@cascade/i18n';

import type { LocalizedText } from '../courses/index.js';

export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'replaced' | 'renewed';

export const CERTIFICATE_STATUSES: CertificateStatus[] = ['valid', 'expired', 'revoked', 'replaced', 'renewed'];

/**
 * Revoked wins over the rest: a revoked certificate is never shown as merely expired or replaced.
 * A code replaced by a reissue (`replacedAt`) is replaced; the certificate's current code never is.
 * A certificate a refresher course renewed (`renewedAt`) is renewed from then on, expired or not.
 */
export function certificateStatus(
  certificate: { revokedAt: Date | null; expiresAt: Date | null; replacedAt?: Date | null; renewedAt?: Date | null },
  now = new Date(),
): CertificateStatus {
  if (certificate.revokedAt) return 'revoked';
  if (certificate.replacedAt) return 'replaced';
  if (certificate.renewedAt && new Date(certificate.renewedAt) <= now) return 'renewed';
  if (certificate.expiresAt && new Date(certificate.expiresAt) <= now) return 'expired';
  return 'valid';
}

/** The certificate's language: the trainee's when they chose one, else the event's. */
export function certificateLocale(preferred: string | null, eventLanguage: string): Locale {
  if (isLocale(preferred)) return preferred;
  return isLocale(eventLanguage) ? eventLanguage : DEFAULT_LOCALE;
}

const FALLBACKS: Locale[] = ['en', 'ru'];

/** A text in the wanted language, else English, else Russian, else whichever there is. */
export function localizedText(texts: LocalizedText | Record<string, string>, locale: Locale): string {
  const available = texts as Record<string, string | undefined>;
  for (const candidate of [locale, ...FALLBACKS]) {
    const text = available[candidate];
    if (text) return text;
  }
  return Object.values(available).find((text) => !!text) ?? '';
}
