// svg-to-pdfkit ships no types: the part of its API the reports use.
declare module 'svg-to-pdfkit' {
  import type PDFDocument from 'pdfkit';

  export interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    /** Take the SVG's units as points rather than CSS pixels (1 px = 0.75 pt). */
    assumePt?: boolean;
    /** The registered pdfkit font to draw a text in, from its font-family, weight and style. */
    fontCallback?: (
      family: string,
      bold: boolean,
      italic: boolean,
      options: { fauxBold: boolean; fauxItalic: boolean },
    ) => string;
    warningCallback?: (message: string) => void;
  }

  export default function SVGtoPDF(
    doc: typeof PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: SvgToPdfOptions,
  ): void;
}
