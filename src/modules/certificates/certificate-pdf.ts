import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import QRCode, { type QRCodeToBufferOptions } from 'qrcode';

import { formatDate, formatDateRange, PDF_FONT, PDF_FONT_BOLD, registerDejaVu } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

/** The recorded sex picks the grammatical forms in Russian and Ukrainian; the others need none. */
export type CertificateSex = 'female' | 'male' | 'not_recorded';

/** Who issues the country's certificates, as an officer set it. */
export interface CertificateIssuerContent {
  organization: string;
  signatoryName: string;
  signatoryTitle: string;
  /** PNG or JPEG bytes, drawn above the signatory's name. */
  signature: Buffer | null;
}

/** Everything printed on a certificate, already chosen for its language. */
export interface CertificateContent {
  locale: Locale;
  traineeName: string | null;
  sex: CertificateSex;
  courseTitle: string;
  /** The course's teaching hours; null when its modules give none. */
  courseHours: number | null;
  /** YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  venue: string;
  countryName: string;
  issuer: CertificateIssuerContent | null;
  issuedAt: Date;
  expiresAt: Date | null;
  code: string;
  verifyUrl: string;
}

// A4 landscape, in points.
const WIDTH = 841.89;
const HEIGHT = 595.28;
const MARGIN = 60;
const INK = '#1d2b3a';
const MUTED = '#4a5563';
const ACCENT = '#2c5d8a';
const QR_SIZE = 112;
/** The foot (dates, code, signature, QR) starts here; the text above shrinks to end before it. */
const FOOT_TOP = HEIGHT - 48 - QR_SIZE;
const SIGNATURE_WIDTH = 210;
const MIN_URL_SIZE = 4.5;

// Whole pixels per module keep the edges sharp. No PNG row filters (pngjs's filterType, missing
// from the types): pdfkit decodes the image and compresses it again, so choosing them is wasted work.
// A new object each time: qrcode writes into the options it is given.
const qrOptions = (): QRCodeToBufferOptions & { rendererOpts: { filterType: number } } => ({
  type: 'png',
  errorCorrectionLevel: 'M',
  margin: 1,
  scale: 8,
  rendererOpts: { filterType: 0 },
});

const FORMS: Record<CertificateSex, { certifies: string; completed: string }> = {
  female: { certifies: 'certifies', completed: 'completed_female' },
  male: { certifies: 'certifies', completed: 'completed_male' },
  not_recorded: { certifies: 'certifies_neutral', completed: 'completed_neutral' },
};

/**
 * Draws a certificate as a one-page A4 landscape PDF, print-ready: DejaVu Sans embedded, the
 * verify address on one line (its size shrinks to fit), a QR code to it. Called when the
 * certificate is issued or reissued; the bytes are stored and served as they are.
 */
@Injectable()
export class CertificatePdfRenderer {
  async render(content: CertificateContent): Promise<Buffer> {
    const t = (key: string, params?: Record<string, string | number>) =>
      translate(content.locale, `certificate.${key}`, params);
    const qr = await QRCode.toBuffer(content.verifyUrl, qrOptions());

    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { top: MARGIN, bottom: 20, left: MARGIN, right: MARGIN },
      lang: content.locale,
      displayTitle: true,
      info: { Title: t('title'), Subject: content.courseTitle, Producer: 'Cascade', CreationDate: content.issuedAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });

    registerDejaVu(doc);
    const width = WIDTH - 2 * MARGIN;
    /** A centred block in the largest size up to `size` that keeps it within `lines` lines. */
    const centered = (
      text: string,
      font: string,
      size: number,
      options: { color?: string; gap?: number; lines?: number } = {},
    ) => {
      doc.font(font);
      let fitted = size;
      while (
        fitted > 8 &&
        doc.fontSize(fitted).heightOfString(text, { width }) > (options.lines ?? 2) * fitted * 1.25
      ) {
        fitted -= 1;
      }
      doc
        .fontSize(fitted)
        .fillColor(options.color ?? INK)
        .text(text, MARGIN, doc.y + (options.gap ?? 0), { width, align: 'center', height: FOOT_TOP - doc.y });
    };

    doc
      .lineWidth(3)
      .strokeColor(ACCENT)
      .rect(20, 20, WIDTH - 40, HEIGHT - 40)
      .stroke();
    doc
      .lineWidth(0.75)
      .rect(28, 28, WIDTH - 56, HEIGHT - 56)
      .stroke();

    doc.y = 46;
    if (content.issuer) centered(content.issuer.organization, PDF_FONT_BOLD, 13, { color: ACCENT, lines: 1 });
    doc.y = Math.max(doc.y, MARGIN) + 12;
    centered(t('title'), PDF_FONT_BOLD, 26, { color: ACCENT, gap: 6, lines: 1 });
    const forms = FORMS[content.sex];
    centered(t(forms.certifies), PDF_FONT, 13, { gap: 34, lines: 1 });
    centered(content.traineeName ?? '—', PDF_FONT_BOLD, 26, { gap: 14, lines: 1 });
    centered(t(forms.completed), PDF_FONT, 13, { gap: 14, lines: 1 });
    centered(content.courseTitle, PDF_FONT_BOLD, 18, { gap: 10, lines: 2 });
    if (content.courseHours) centered(t('hours', { hours: content.courseHours }), PDF_FONT, 11, { gap: 16, lines: 1 });
    const place = `${content.venue}, ${content.countryName}`;
    const dates = formatDateRange(content.locale, content.startDate, content.endDate);
    centered(t('held', { place, dates }), PDF_FONT, 11, { gap: 6, lines: 2 });

    const qrX = WIDTH - MARGIN - QR_SIZE;
    doc.image(qr, qrX, FOOT_TOP, { width: QR_SIZE, height: QR_SIZE });
    const signatureX = qrX - 24 - SIGNATURE_WIDTH;
    if (content.issuer) this.signature(doc, content.issuer, signatureX);
    this.facts(doc, content, t, signatureX - 24 - MARGIN);

    doc.end();
    return finished;
  }

  /** Dates, code and the verify address, at the foot's left. */
  private facts(
    doc: PDFKit.PDFDocument,
    content: CertificateContent,
    t: (key: string, params?: Record<string, string>) => string,
    width: number,
  ): void {
    doc.font(PDF_FONT).fontSize(11).fillColor(INK);
    doc.text(t('issued_on', { date: formatDate(content.locale, content.issuedAt) }), MARGIN, FOOT_TOP, { width });
    if (content.expiresAt) {
      doc.text(t('valid_until', { date: formatDate(content.locale, content.expiresAt) }), { width });
    }
    doc.moveDown(0.4);
    doc
      .font(PDF_FONT_BOLD)
      .fontSize(10.5)
      .text(t('code', { code: content.code }), { width });
    doc.moveDown(0.4);
    doc.font(PDF_FONT).fontSize(8.5).fillColor(MUTED).text(t('verify_at'), { width });
    // The address on one line whatever its length: a code broken across lines cannot be typed back.
    let size = 8.5;
    while (size > MIN_URL_SIZE && doc.fontSize(size).widthOfString(content.verifyUrl) > width) size -= 0.25;
    doc.fontSize(size).fillColor(ACCENT).text(content.verifyUrl, MARGIN, doc.y, { lineBreak: false });
  }

  /** The signature image (when given), a line, the signatory's name and title. */
  private signature(doc: PDFKit.PDFDocument, issuer: CertificateIssuerContent, x: number): void {
    const lineY = FOOT_TOP + 60;
    if (issuer.signature) {
      doc.image(issuer.signature, x + 20, FOOT_TOP, {
        fit: [SIGNATURE_WIDTH - 40, 56],
        align: 'center',
        valign: 'bottom',
      });
    }
    doc
      .lineWidth(0.75)
      .strokeColor(INK)
      .moveTo(x, lineY)
      .lineTo(x + SIGNATURE_WIDTH, lineY)
      .stroke();
    doc
      .font(PDF_FONT_BOLD)
      .fontSize(10.5)
      .fillColor(INK)
      .text(issuer.signatoryName, x, lineY + 6, { width: SIGNATURE_WIDTH, align: 'center' });
    doc
      .font(PDF_FONT)
      .fontSize(9)
      .fillColor(MUTED)
      .text(issuer.signatoryTitle, x, doc.y + 1, { width: SIGNATURE_WIDTH, align: 'center', height: 30 });
  }
}
