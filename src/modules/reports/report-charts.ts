import type PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import { PDF_FONT, PDF_FONT_BOLD } from '@cascade/common';

/** The family charts name; fontCallback maps it (and any other) to the registered DejaVu Sans. */
const CHART_FONT = 'DejaVu Sans';
const ACTUAL = '#2c5d8a';
const TARGET = '#b8c7d6';

/**
 * Splits a label into lines of at most `width` characters at spaces, joined by "\n": vega draws an
 * array of lines (see `labelExpr` below), so long indicator names wrap instead of being cut.
 */
export function wrapLabel(label: string, width = 30): string {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const config = {
  font: CHART_FONT,
  view: { stroke: null },
  axis: { labelFontSize: 10, titleFontSize: 10, labelColor: '#1d2b3a', titleColor: '#1d2b3a' },
  legend: { labelFontSize: 9, titleFontSize: 10 },
};

/** Grouped horizontal bars: each indicator's actual value beside its target (when it has one). */
export function targetsChartSpec(
  rows: { label: string; actual: number; target: number | null }[],
  texts: { actual: string; target: string },
): TopLevelSpec {
  const values = rows.flatMap((row) => [
    { indicator: wrapLabel(row.label), series: texts.actual, value: row.actual },
    ...(row.target === null ? [] : [{ indicator: wrapLabel(row.label), series: texts.target, value: row.target }]),
  ]);
  return {
    width: 380,
    height: { step: 12 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'indicator',
        type: 'nominal',
        sort: null,
        title: null,
        axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelPadding: 6 },
      },
      yOffset: { field: 'series', sort: [texts.actual, texts.target] },
      x: { field: 'value', type: 'quantitative', title: null },
      color: {
        field: 'series',
        type: 'nominal',
        sort: [texts.actual, texts.target],
        scale: { range: [ACTUAL, TARGET] },
        legend: { title: null, orient: 'bottom' },
      },
    },
    config,
  };
}

/** One bar per generation: the trainees it reached. */
export function cascadeChartSpec(rows: { label: string; trainees: number }[], title: string): TopLevelSpec {
  return {
    width: 380,
    height: { step: 22 },
    data: { values: rows },
    mark: { type: 'bar', color: ACTUAL },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } },
      x: { field: 'trainees', type: 'quantitative', title, axis: { tickMinStep: 1 } },
    },
    config,
  };
}

/** A vega-lite spec drawn to SVG on the server: compiled to vega, run headless (no canvas, no DOM). */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Draws an SVG chart into the document at the current position, scaled down to `maxWidth` points
 * when wider, every text in DejaVu Sans (the Kyrgyz and Tajik letters included); moves below it.
 */
export function drawSvg(doc: typeof PDFDocument, svg: string, x: number, maxWidth: number): void {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const width = size ? Number(size[1]) * 0.75 : maxWidth;
  const height = size ? Number(size[2]) * 0.75 : maxWidth / 2;
  const scale = Math.min(1, maxWidth / width);
  const box = { width: width * scale, height: height * scale };
  if (doc.y + box.height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const y = doc.y;
  SVGtoPDF(doc, svg, x, y, {
    ...box,
    preserveAspectRatio: 'xMinYMin meet',
    fontCallback: (_family, bold) => (bold ? PDF_FONT_BOLD : PDF_FONT),
  });
  doc.x = x;
  doc.y = y + box.height;
}
