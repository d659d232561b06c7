import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type PDFDocument from 'pdfkit';

/** The names every PDF the app draws registers DejaVu Sans under. */
export const PDF_FONT = 'Sans';
export const PDF_FONT_BOLD = 'Sans-Bold';

// pdfkit's built-in fonts are Latin-1 only: DejaVu Sans covers Cyrillic with the Kyrgyz and Tajik
// letters (ң ө ү ғ ӣ қ ӯ ҳ ҷ) and Ukrainian's (ї є ґ). Read once, then shared by every document.
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function dejaVu(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    // The app runs from the repository root (see docker/Dockerfile); resolve from there.
    const require = createRequire(join(process.cwd(), 'package.json'));
    const file = (name: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
    fonts = { regular: file('DejaVuSans.ttf'), bold: file('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

/** Registers DejaVu Sans in a pdfkit document as PDF_FONT and PDF_FONT_BOLD. */
export function registerDejaVu(doc: typeof PDFDocument): void {
  const { regular, bold } = dejaVu();
  doc.registerFont(PDF_FONT, regular);
  doc.registerFont(PDF_FONT_BOLD, bold);
}
