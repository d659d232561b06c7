import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import QRCode, { type QRCodeToBufferOptions } from 'qrcode';

import { formatDate, formatDateRange, PDF_FONT, PDF_FONT_BOLD, registerDejaVu } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

/** Everything printed on a certificate, already chosen for its language. */
export interface CertificateContent {
  locale: Locale;
  traineeName: string | null;
  courseTitle: string;
  /** YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  venue: string;
  countryName: string;
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
const ACCENT = '#2c5d8a';
const QR_SIZE = 130;

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

/**
 * Draws a certificate as a one-page A4 landscape PDF. Called once, when the certificate is
 * issued; the bytes are stored and served as they are, never drawn again.
 */
@Injectable()
export class CertificatePdfRenderer {
  async render(content: CertificateContent): Promise<Buffer> {
    const t = (key: string, params?: Record<string, string>) => translate(content.locale, `certificate.${key}`, params);
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
    const centered = (text: string, font: string, size: number, color = INK, gap = 0) => {
      doc
        .font(font)
        .fontSize(size)
        .fillColor(color)
        .text(text, MARGIN, doc.y + gap, { width, align: 'center' });
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

    doc.y = MARGIN;
    centered(t('title'), PDF_FONT_BOLD, 28, ACCENT);
    centered(t('certifies'), PDF_FONT, 14, INK, 28);
    centered(content.traineeName ?? '—', PDF_FONT_BOLD, 26, INK, 10);
    centered(t('completed_course'), PDF_FONT, 14, INK, 10);
    centered(content.courseTitle, PDF_FONT_BOLD, 18, INK, 8);
    const place = `${content.venue}, ${content.countryName}`;
    const dates = formatDateRange(content.locale, content.startDate, content.endDate);
    centered(t('held', { place, dates }), PDF_FONT, 12, INK, 12);

    // The foot: dates and code on the left, the QR code to the verify page on the right.
    const qrX = WIDTH - MARGIN - QR_SIZE;
    const qrY = HEIGHT - MARGIN - QR_SIZE;
    doc.image(qr, qrX, qrY, { width: QR_SIZE, height: QR_SIZE });
    const footWidth = qrX - MARGIN - 30;
    doc.font(PDF_FONT).fontSize(12).fillColor(INK);
    doc.text(t('issued_on', { date: formatDate(content.locale, content.issuedAt) }), MARGIN, qrY + 4, {
      width: footWidth,
    });
    if (content.expiresAt) {
      doc.text(t('valid_until', { date: formatDate(content.locale, content.expiresAt) }), { width: footWidth });
    }
    doc.moveDown(0.5);
    doc.font(PDF_FONT_BOLD).text(t('code', { code: content.code }), { width: footWidth });
    doc.moveDown(0.5);
    doc
      .font(PDF_FONT)
      .fontSize(9)
      .fillColor('#4a5563')
      .text(t('verify_hint', { url: content.verifyUrl }), { width: footWidth });

    doc.end();
    return finished;
  }
}
