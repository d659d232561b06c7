import i18next, { type i18n as I18nInstance } from 'i18next';

import type { LocaleResource } from './locale-resource.js';
import { en } from './locales/en.js';
import { ky } from './locales/ky.js';
import { ru } from './locales/ru.js';
import { tg } from './locales/tg.js';
import { uk } from './locales/uk.js';

export const SUPPORTED_LOCALES = ['en', 'ru', 'ky', 'tg', 'uk'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The cookie that keeps a visitor's chosen language when no user is signed in. */
export const LOCALE_COOKIE = 'cascade_locale';

/** Every locale's texts, in one place. */
export const LOCALE_RESOURCES: Readonly<Record<Locale, LocaleResource>> = { en, ru, ky, tg, uk };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

const instance: I18nInstance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, { translation: LOCALE_RESOURCES[locale] }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...SUPPORTED_LOCALES],
  initAsync: false,
  returnEmptyString: false,
  // Output is JSON or escaped by the page template, never raw HTML.
  interpolation: { escapeValue: false },
});

/**
 * `{{values, choices}}`: a list of allowed codes ("judge, prosecutor") read as people say it — each
 * code by its label in the locale's `enums` when one list there holds them all, joined by the
 * locale's "or" ("судья, прокурор или адвокат").
 */
instance.services.formatter?.add('choices', (value: unknown, lng: string | undefined) => {
  const locale = isLocale(lng) ? lng : DEFAULT_LOCALE;
  const codes = String(value)
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  const labels = choiceLabels(locale, codes) ?? codes;
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(labels);
});

function choiceLabels(locale: Locale, codes: string[]): string[] | null {
  const groups = Object.values(LOCALE_RESOURCES[locale].enums as Record<string, unknown>);
  for (const group of groups) {
    if (group === null || typeof group !== 'object') continue;
    const labels = group as Record<string, unknown>;
    if (codes.every((code) => typeof labels[code] === 'string')) return codes.map((code) => labels[code] as string);
  }
  return null;
}

export type TranslationParams = Record<string, string | number>;

export function translate(locale: Locale, key: string, params?: TranslationParams): string {
  return instance.t(key, { lng: locale, ...params });
}

export function hasTranslation(key: string): boolean {
  return instance.exists(key, { lng: DEFAULT_LOCALE });
}

/**
 * Picks the locale for a request: the signed-in user's preference, else the best supported
 * language in Accept-Language (by q-value, region tags such as ky-KG matched on their
 * language), else English.
 */
export function resolveLocale(acceptLanguage: string | undefined, preferred?: string | null): Locale {
  if (isLocale(preferred)) return preferred;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attributes] = part.trim().split(';');
      const q = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { language: tag.toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? DEFAULT_LOCALE;
}
