import PDFDocument from 'pdfkit';

import { PDF_FONT, PDF_FONT_BOLD, registerDejaVu } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

/** Everything printed on a sign-in sheet, already in the event's language. */
export interface SignInSheet {
  locale: Locale;
  courseTitle: string;
  dates: string;
  venue: string;
  /** One line a session ("Session: 12 May 2025, 09:00–10:30"), or none for the whole event. */
  sessions: string[];
  /** `feedbackQr`: a PNG of the trainee's personal feedback link, printed on the last session's sheet. */
  people: { name: string; profession: string; feedbackQr?: Buffer }[];
}

// A4 portrait, in points.
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 40;
const ROW = 30;
const INK = '#1d2b3a';
const COLUMNS = [
  { key: 'number', width: 30 },
  { key: 'name', width: 190 },
  { key: 'profession', width: 135 },
  { key: 'signature', width: WIDTH - 2 * MARGIN - 30 - 190 - 135 },
] as const;
/** With feedback codes: a column of QR codes, rows tall enough for a phone to read them from paper. */
const QR = 56;
const FEEDBACK_ROW = QR + 6;
const FEEDBACK_COLUMNS = [
  { key: 'number', width: 30 },
  { key: 'name', width: 170 },
  { key: 'profession', width: 115 },
  { key: 'signature', width: WIDTH - 2 * MARGIN - 30 - 170 - 115 - (QR + 6) },
  { key: 'feedback', width: QR + 6 },
] as const;

/**
 * A paper sign-in sheet: the event, its session(s), and a row a trainee with a blank signature
 * column; the header is repeated on each page and pages are numbered, so loose sheets stay in order.
 */
export function renderSignInSheet(sheet: SignInSheet): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) =>
    translate(sheet.locale, `web.sheet.${key}`, params);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: sheet.locale,
    displayTitle: true,
    bufferPages: true,
    info: { Title: t('title'), Subject: sheet.courseTitle, Producer: 'Cascade' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerDejaVu(doc);
  const width = WIDTH - 2 * MARGIN;
  const withFeedback = sheet.people.some((person) => person.feedbackQr);
  const columns = withFeedback ? FEEDBACK_COLUMNS : COLUMNS;
  const rowHeight = withFeedback ? FEEDBACK_ROW : ROW;

  const heading = () => {
    doc.fillColor(INK).font(PDF_FONT_BOLD).fontSize(16).text(t('title'), MARGIN, MARGIN, { width });
    doc.font(PDF_FONT_BOLD).fontSize(12).text(sheet.courseTitle, { width });
    doc
      .font(PDF_FONT)
      .fontSize(10)
      .text(t('dates', { dates: sheet.dates }), { width });
    doc.text(t('venue', { venue: sheet.venue }), { width });
    for (const session of sheet.sessions) doc.text(session, { width });
    if (withFeedback) doc.text(t('feedback_hint'), { width });
    doc.moveDown(0.6);
    row(
      columns.map((c) => t(c.key)),
      PDF_FONT_BOLD,
      20,
    );
  };
  const row = (cells: string[], font: string, height: number, qr?: Buffer) => {
    const y = doc.y;
    let x = MARGIN;
    doc.font(font).fontSize(10);
    columns.forEach((column, index) => {
      doc.rect(x, y, column.width, height).lineWidth(0.5).strokeColor(INK).stroke();
      if (column.key === 'feedback' && qr) doc.image(qr, x + 3, y + 3, { fit: [QR, QR] });
      else doc.text(cells[index] ?? '', x + 4, y + 5, { width: column.width - 8, height: height - 6, ellipsis: true });
      x += column.width;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };

  heading();
  sheet.people.forEach((person, index) => {
    if (doc.y + rowHeight > HEIGHT - MARGIN - 20) {
      doc.addPage();
      heading();
    }
    row([String(index + 1), person.name, person.profession, ''], PDF_FONT, rowHeight, person.feedbackQr);
  });

  const range = doc.bufferedPageRange();
  for (let page = 0; page < range.count; page++) {
    doc.switchToPage(range.start + page);
    // The number sits in the bottom margin: with the margin kept, pdfkit would start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font(PDF_FONT)
      .fontSize(8)
      .fillColor('#4a5563')
      .text(t('page', { page: page + 1, pages: range.count }), MARGIN, HEIGHT - MARGIN, {
        width,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return finished;
}
