import { DEFAULT_LOCALE, type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import type { LocalizedText } from './course.entity.js';

/** The text in the caller's language, else English, else whichever language it was written in. */
export function localized(text: LocalizedText, locale: Locale): string {
  const pick = text[locale] ?? text[DEFAULT_LOCALE] ?? SUPPORTED_LOCALES.map((l) => text[l]).find(Boolean);
  return pick ?? '';
}

/** The languages given a non-empty text, without the ones left out or blank. */
export function compactText(text: LocalizedText | undefined): LocalizedText {
  const result: LocalizedText = {};
  for (const locale of SUPPORTED_LOCALES) {
    const value = text?.[locale]?.trim();
    if (value) result[locale] = value;
  }
  return result;
}
