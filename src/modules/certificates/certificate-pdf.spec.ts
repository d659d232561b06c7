import { spawnSync } from 'node:child_process';

import { CertificatePdfRenderer } from './certificate-pdf.js';

const content = {
  locale: 'ky' as const,
  traineeName: 'Нурбек Өмүрзаков',
  courseTitle: 'Стамбул протоколу: кыйноолорду документтештирүү (ң ө ү)',
  startDate: '2025-05-12',
  endDate: '2025-05-15',
  venue: 'Ош, мейманкананын конференц-залы',
  countryName: 'Кыргызстан',
  issuedAt: new Date('2025-05-20T10:00:00Z'),
  expiresAt: new Date('2028-05-20T10:00:00Z'),
  code: '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV',
  verifyUrl: 'https://cascade.example.org/verify/7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV',
};

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

describe('CertificatePdfRenderer', () => {
  const renderer = new CertificatePdfRenderer();

  it('draws one A4 landscape page', async () => {
    const pdf = await renderer.render(content);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
  });

  it('keeps to one page with a very long name and course title', async () => {
    const pdf = await renderer.render({
      ...content,
      traineeName: 'Өмүрзакова-Тоқтоғулова Гүлнара Бактыбековна '.repeat(3).trim(),
      courseTitle: 'Стамбул протоколу боюнча окуу курсу '.repeat(8).trim(),
      venue: 'Ош шаары, '.repeat(10),
    });
    expect(pages(pdf)).toBe(1);
  });

  // poppler-utils reads the PDF back: skipped without it, except in CI, where it must be there.
  const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
  const inCi = !!process.env.CI && process.env.CI !== 'false';
  if (!hasPdftotext && !inCi) console.warn('pdftotext (poppler-utils) is not installed: skipping the PDF text check.');
  (hasPdftotext || inCi ? it : it.skip)('writes text that reads back with its Kyrgyz letters', async () => {
    const pdf = await renderer.render(content);
    const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf });
    if (result.error) throw new Error(`pdftotext (poppler-utils) is required in CI: ${result.error.message}`);
    const text = result.stdout.toString().replace(/\s+/g, ' ');
    expect(text).toContain('Нурбек Өмүрзаков');
    expect(text).toContain('Окууну аяктагандыгы тууралуу сертификат');
    expect(text).toContain('12–15-май 2025-ж.');
    expect(text).toContain('7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV');
  });
});
