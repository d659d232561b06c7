import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type CertificateContent, CertificatePdfRenderer } from './certificate-pdf.js';

const CODE = '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV';
const URL = `https://cascade.example.org/verify/${CODE}`;

// A 1×1 PNG: the signature image the officer may upload.
const SIGNATURE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==',
  'base64',
);

const kyrgyz: CertificateContent = {
  locale: 'ky',
  traineeName: 'Нурбек Өмүрзаков',
  sex: 'male',
  courseTitle: 'Стамбул протоколу: кыйноолорду документтештирүү (ң ө ү)',
  courseHours: 24,
  startDate: '2025-05-12',
  endDate: '2025-05-15',
  venue: 'Ош, мейманкананын конференц-залы',
  countryName: 'Кыргызстан',
  issuer: {
    organization: 'Кыргыз Республикасынын Акыйкатчысынын (Омбудсменинин) аппараты',
    signatoryName: 'Гүлнара Токтогулова',
    signatoryTitle: 'Программанын жетекчиси',
    signature: SIGNATURE,
  },
  issuedAt: new Date('2025-05-20T10:00:00Z'),
  expiresAt: new Date('2028-05-20T10:00:00Z'),
  code: CODE,
  verifyUrl: URL,
};

const tajik: CertificateContent = {
  ...kyrgyz,
  locale: 'tg',
  traineeName: 'Фарзона Ҷӯраева',
  sex: 'female',
  courseTitle: 'Протоколи Истанбул барои коршиносони тиббӣ-судӣ (ғ ӣ қ ӯ ҳ ҷ)',
  venue: 'Душанбе, маркази таълимӣ',
  countryName: 'Тоҷикистон',
  issuer: {
    organization: 'Дафтари Ваколатдор оид ба ҳуқуқи инсон',
    signatoryName: 'Меҳрубон Қодирова',
    signatoryTitle: 'Роҳбари барнома',
    signature: null,
  },
};

const ukrainian: CertificateContent = {
  ...kyrgyz,
  locale: 'uk',
  traineeName: 'Оксана Ковальчук',
  sex: 'female',
  courseTitle: 'Стамбульський протокол для судово-медичних експертів',
  venue: 'Київ, навчальний центр',
  countryName: 'Україна',
  issuer: {
    organization: 'Офіс Уповноваженого Верховної Ради України з прав людини',
    signatoryName: 'Ірина Мельник',
    signatoryTitle: 'Керівниця програми',
    signature: null,
  },
};

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

// poppler-utils and zbar read the PDF back: skipped without them, except in CI, where they must be there.
const has = (tool: string, flag: string) => !spawnSync(tool, [flag]).error;
const inCi = !!process.env.CI && process.env.CI !== 'false';
const poppler = has('pdftotext', '-v') && has('pdftoppm', '-v');
const zbar = has('zbarimg', '--version');
if (!poppler && !inCi) console.warn('pdftotext (poppler-utils) is not installed: skipping the PDF text checks.');
if (!zbar && !inCi) console.warn('zbarimg (zbar-tools) is not installed: skipping the QR check.');
const withPoppler = poppler || inCi ? it : it.skip;
const withZbar = (poppler && zbar) || inCi ? it : it.skip;

function text(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf });
  if (result.error) throw new Error(`pdftotext (poppler-utils) is required in CI: ${result.error.message}`);
  return result.stdout.toString().replace(/\s+/g, ' ');
}

/** Prints page 1 at 150 dpi, as a scanner would see it, and reads its QR codes with zbar. */
function scannedQr(pdf: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'cascade-certificate-'));
  try {
    writeFileSync(join(folder, 'certificate.pdf'), pdf);
    const page = join(folder, 'page');
    const printed = spawnSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(folder, 'certificate.pdf'), page]);
    if (printed.status !== 0) throw new Error(`pdftoppm failed: ${String(printed.stderr)}`);
    const scanned = spawnSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', `${page}.png`]);
    if (scanned.error) throw new Error(`zbarimg (zbar-tools) is required in CI: ${scanned.error.message}`);
    return scanned.stdout.toString().trim();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('CertificatePdfRenderer', () => {
  const renderer = new CertificatePdfRenderer();

  it('draws one A4 landscape page', async () => {
    const pdf = await renderer.render(kyrgyz);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
  });

  it('keeps to one page with a very long name, course title, venue and issuer', async () => {
    const pdf = await renderer.render({
      ...kyrgyz,
      traineeName: 'Өмүрзакова-Тоқтоғулова Гүлнара Бактыбековна '.repeat(3).trim(),
      courseTitle: 'Стамбул протоколу боюнча окуу курсу '.repeat(8).trim(),
      venue: 'Ош шаары, '.repeat(10),
      issuer: { ...kyrgyz.issuer!, organization: 'Уюм '.repeat(60), signatoryTitle: 'Кызмат '.repeat(30) },
    });
    expect(pages(pdf)).toBe(1);
  });

  withPoppler('reads back in Kyrgyz: the trainee, course, hours, dates, venue, issuer and signatory', async () => {
    const read = text(await renderer.render(kyrgyz));
    expect(read).toContain('Окууну аяктагандыгы тууралуу сертификат');
    expect(read).toContain('Нурбек Өмүрзаков');
    expect(read).toContain('төмөнкү окуу курсун ийгиликтүү аяктады');
    expect(read).toContain('кыйноолорду документтештирүү (ң ө ү)');
    expect(read).toContain('Курстун көлөмү (академиялык саат): 24');
    expect(read).toContain('12–15-май 2025-ж.');
    expect(read).toContain('Ош, мейманкананын конференц-залы, Кыргызстан');
    expect(read).toContain('Акыйкатчысынын (Омбудсменинин) аппараты');
    expect(read).toContain('Гүлнара Токтогулова');
    expect(read).toContain('Программанын жетекчиси');
    expect(read).toContain(CODE);
  });

  withPoppler('reads back in Tajik, with its own letters', async () => {
    const read = text(await renderer.render(tajik));
    expect(read).toContain('Сертификати хатми таълим');
    expect(read).toContain('Фарзона Ҷӯраева');
    expect(read).toContain('курси таълимии зеринро бомуваффақият хатм кардааст');
    expect(read).toContain('(ғ ӣ қ ӯ ҳ ҷ)');
    expect(read).toContain('Ҳаҷми курс (соатҳои академӣ): 24');
    expect(read).toContain('Меҳрубон Қодирова');
    expect(read).toContain('Дафтари Ваколатдор оид ба ҳуқуқи инсон');
  });

  withPoppler(
    'says "пройшла" for a woman in Ukrainian, "пройшов" for a man, and neither when sex is not recorded',
    async () => {
      const female = text(await renderer.render(ukrainian));
      expect(female).toContain('Сертифікат про проходження навчання');
      expect(female).toContain('Оксана Ковальчук');
      expect(female).toContain('успішно пройшла навчання за курсом');
      expect(female).not.toContain('пройшов');
      expect(female).toContain('Керівниця програми');
      const male = text(await renderer.render({ ...ukrainian, traineeName: 'Петро Ковальчук', sex: 'male' }));
      expect(male).toContain('успішно пройшов навчання за курсом');
      const unknown = text(await renderer.render({ ...ukrainian, sex: 'not_recorded' }));
      expect(unknown).toContain('Цей сертифікат видано: Оксана Ковальчук');
      expect(unknown).not.toMatch(/пройш(ов|ла)|\(ла\)/);
    },
  );

  withPoppler('says "прошла" / "прошёл" in Russian, never "прошёл(ла)"', async () => {
    const female = text(await renderer.render({ ...tajik, locale: 'ru', traineeName: 'Анна Петрова' }));
    expect(female).toContain('успешно прошла обучение по курсу');
    const male = text(await renderer.render({ ...tajik, locale: 'ru', sex: 'male' }));
    expect(male).toContain('успешно прошёл обучение по курсу');
    expect(female + male).not.toContain('(ла)');
  });

  withPoppler('prints the verify address on one line, however long the address', async () => {
    const long = `https://certificates.training-programme.ombudsman.example.org/cascade/verify/${CODE}`;
    const read = text(await renderer.render({ ...kyrgyz, verifyUrl: long }));
    expect(read).toContain(long);
  });

  withZbar('carries a QR code that a scanner reads as the verify address', async () => {
    expect(scannedQr(await renderer.render(ukrainian))).toBe(URL);
  });

  it('refuses nothing without an issuer: the foot then has no signature', async () => {
    const pdf = await renderer.render({ ...kyrgyz, issuer: null });
    expect(pages(pdf)).toBe(1);
  });
});
