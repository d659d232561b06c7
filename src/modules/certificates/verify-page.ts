import { formatDate, formatDateRange } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import type { CertificateVerificationDto } from './dto/certificate.dto.js';

/**
 * Whether a request's Accept header prefers an HTML page to JSON: a browser's does
 * (text/html first); an API client's (application/json, or * / *, or none) does not.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (!Number.isFinite(weight)) continue;
    const mediaType = type.trim();
    if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') html = Math.max(html, weight);
    if (mediaType === 'application/json') json = Math.max(json, weight);
  }
  return html > 0 && html > json;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value put into the page goes through this: names and titles are typed by people. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const STYLE = `
  body { font-family: system-ui, sans-serif; color: #1d2b3a; background: #f4f6f8; margin: 0; padding: 2rem 1rem; }
  main { max-width: 40rem; margin: 0 auto; background: #fff; border-radius: 8px; padding: 1.5rem 2rem; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1.5rem; }
  dt { color: #4a5563; } dd { margin: 0; font-weight: 600; }
  .status { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; }
  .valid { background: #d9f2e1; color: #14532d; }
  .expired { background: #fdf0d5; color: #713f12; }
  .revoked { background: #fbdada; color: #7f1d1d; }`;

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

/** The public page for a certificate found by its code, in the visitor's language. */
export function verificationPage(locale: Locale, code: string, result: CertificateVerificationDto): string {
  const t = (key: string, params?: Record<string, string>) =>
    escapeHtml(translate(locale, `certificate.verify.${key}`, params));
  const row = (label: string, value: string) => `<dt>${label}</dt><dd>${value}</dd>`;
  const status =
    `<span class="status ${result.status}">${escapeHtml(result.statusLabel)}</span>` +
    (result.revokedOn ? ` — ${t('revoked_on', { date: formatDate(locale, result.revokedOn) })}` : '');
  const rows = [
    row(t('status'), status),
    row(t('holder'), result.traineeName === null ? t('name_withheld') : escapeHtml(result.traineeName)),
    row(t('course'), escapeHtml(result.courseTitle)),
    row(t('event_dates'), escapeHtml(formatDateRange(locale, result.eventStartDate, result.eventEndDate))),
    row(t('issued'), escapeHtml(formatDate(locale, result.issuedOn))),
    row(t('expires'), result.expiresOn ? escapeHtml(formatDate(locale, result.expiresOn)) : t('no_expiry')),
  ];
  return page(
    locale,
    translate(locale, 'certificate.verify.page_title'),
    `<h1>${t('page_title')}</h1>
<p><code>${escapeHtml(code)}</code></p>
<p>${t('intro')}</p>
<dl>
${rows.join('\n')}
</dl>`,
  );
}

/** The page for a code no certificate has. */
export function notFoundPage(locale: Locale, code: string): string {
  const title = translate(locale, 'certificate.verify.not_found_title');
  return page(
    locale,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(translate(locale, 'certificate.verify.not_found', { code }))}</p>`,
  );
}
