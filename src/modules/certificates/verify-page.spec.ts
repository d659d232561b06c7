import { escapeHtml, notFoundPage, prefersHtml, verificationPage } from './verify-page.js';

describe('prefersHtml', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/html', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.5, application/json', false],
    ['text/html, application/json', false],
    ['text/html;q=0', false],
    ['application/xhtml+xml', true],
    ['TEXT/HTML', true],
  ])('Accept %p → %p', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });
});

describe('the verify page', () => {
  const result = {
    status: 'revoked' as const,
    statusLabel: 'отозван',
    traineeName: '<img src=x onerror=alert(1)>',
    courseTitle: 'Курс "A" & <b>B</b>',
    eventStartDate: '2025-05-12',
    eventEndDate: '2025-05-15',
    issuedOn: '2025-05-20',
    expiresOn: null,
    revokedOn: '2025-06-01',
  };

  it('escapes every value', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = verificationPage('ru', '7KQ2-<x>', result);
    expect(html).not.toMatch(/<img|<b>|<x>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Курс &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;');
    expect(notFoundPage('ru', '"><script>')).not.toContain('<script>');
  });

  it('is in the visitor’s language, with the revocation date and no expiry', () => {
    // Intl puts no-break spaces in dates.
    const html = verificationPage('ru', '7KQ2', result).replace(/\s/g, ' ');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Проверка сертификата');
    expect(html).toContain('Отозван 1 июня 2025 г.');
    expect(html).toContain('12–15 мая 2025 г.');
    expect(html).toContain('Бессрочный');
  });

  it('says when the name is withheld', () => {
    expect(verificationPage('uk', '7KQ2', { ...result, traineeName: null })).toContain(
      'Не показано: власник відкликав згоду',
    );
  });
});
