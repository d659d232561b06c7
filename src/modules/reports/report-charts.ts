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

/** The pixel size of every chart text: legible on a phone, where the SVG is drawn at its own size. */
const TEXT_SIZE = 12;
/**
 * How wide a chart is drawn: by default for a page, whose SVG is shown at its own size within a
 * 390 px phone (narrow bars, labels wrapped at 16 characters); a PDF page has room for more.
 */
export interface ChartLayout {
  plotWidth: number;
  labelWidth: number;
}
export const PHONE_LAYOUT: ChartLayout = { plotWidth: 130, labelWidth: 16 };
export const PAGE_LAYOUT: ChartLayout = { plotWidth: 380, labelWidth: 30 };
/** A drawn line of label text, and a bar with room around it, in pixels. */
const LINE_HEIGHT = 15;
const BAR_HEIGHT = 18;

const config = {
  font: CHART_FONT,
  view: { stroke: null },
  // Vega's own ARIA texts are English ("X-axis for a linear scale…"): the app writes the description.
  aria: false,
  axis: { labelFontSize: TEXT_SIZE, titleFontSize: TEXT_SIZE, labelColor: '#1d2b3a', titleColor: '#1d2b3a' },
  legend: { labelFontSize: TEXT_SIZE, titleFontSize: TEXT_SIZE, symbolSize: 120 },
};

/**
 * A count as a chart draws it: a number as it is; a suppressed one ("≤5") as a pale bar up to 5
 * with its mark beside it, never left out; a withheld one (null) as an empty bar with a dash.
 */
export interface ChartCount {
  label: string;
  actual: number | string | null;
  target: number | null;
}

const SUPPRESSED_BAR = 5;
/** The value axis keeps its grid but no numbers: each bar carries its own, in the page's format. */
const VALUES_ON_BARS = { labels: false, ticks: false, tickCount: 4 };

function barOf(value: number | string | null, format: (value: number) => string) {
  if (typeof value === 'number') return { value, shown: format(value), suppressed: false };
  if (value === null) return { value: 0, shown: '—', suppressed: false };
  return { value: SUPPRESSED_BAR, shown: value, suppressed: true };
}

/** The plot's height: every band tall enough for its label's lines and its bars, so nothing overlaps. */
function bandsHeight(labels: string[], barsPerBand: number): number {
  const lines = Math.max(1, ...labels.map((label) => label.split('\n').length));
  const band = Math.max(lines * LINE_HEIGHT, barsPerBand * BAR_HEIGHT) + 8;
  return band * labels.length;
}

/** The bars with their values written at their ends, in the page's number format. */
function barsWithValues(colour: object) {
  return [
    { mark: { type: 'bar', aria: false }, encoding: colour },
    {
      mark: {
        type: 'text',
        aria: false,
        align: 'left',
        baseline: 'middle',
        dx: 4,
        fontSize: TEXT_SIZE,
        color: '#1d2b3a',
      },
      encoding: { text: { field: 'shown', type: 'nominal' } },
    },
  ];
}

/** Grouped horizontal bars: each indicator's actual value beside its target (when it has one). */
export function targetsChartSpec(
  rows: ChartCount[],
  texts: { actual: string; target: string },
  format: (value: number) => string,
  layout = PHONE_LAYOUT,
): TopLevelSpec {
  const values = rows.flatMap((row) => {
    const indicator = wrapLabel(row.label, layout.labelWidth);
    return [
      { indicator, series: texts.actual, ...barOf(row.actual, format) },
      ...(row.target === null ? [] : [{ indicator, series: texts.target, ...barOf(row.target, format) }]),
    ];
  });
  const labels = [...new Set(values.map((value) => value.indicator))];
  const withTargets = rows.some((row) => row.target !== null);
  return {
    width: layout.plotWidth,
    height: bandsHeight(labels, withTargets ? 2 : 1),
    data: { values },
    encoding: {
      y: {
        field: 'indicator',
        type: 'nominal',
        sort: null,
        title: null,
        scale: { paddingInner: 0.2 },
        axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelPadding: 6, labelLineHeight: LINE_HEIGHT },
      },
      yOffset: { field: 'series', sort: [texts.actual, texts.target] },
      x: { field: 'value', type: 'quantitative', title: null, axis: VALUES_ON_BARS },
    },
    layer: barsWithValues({
      color: {
        field: 'series',
        type: 'nominal',
        sort: [texts.actual, texts.target],
        scale: { range: [ACTUAL, TARGET] },
        legend: { title: null, orient: 'bottom' },
      },
      opacity: { condition: { test: 'datum.suppressed', value: 0.45 }, value: 1 },
    }),
    config,
  } as TopLevelSpec;
}

/** One bar per generation: the trainees it reached. */
export function cascadeChartSpec(
  rows: { label: string; trainees: number | string | null }[],
  title: string,
  format: (value: number) => string,
  layout = PHONE_LAYOUT,
): TopLevelSpec {
  const values = rows.map((row) => ({
    label: wrapLabel(row.label, layout.labelWidth),
    ...barOf(row.trainees, format),
  }));
  return {
    width: layout.plotWidth,
    height: bandsHeight(
      values.map((value) => value.label),
      1,
    ),
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelLineHeight: LINE_HEIGHT },
      },
      x: { field: 'value', type: 'quantitative', title, axis: VALUES_ON_BARS },
    },
    layer: barsWithValues({
      color: { value: ACTUAL },
      opacity: { condition: { test: 'datum.suppressed', value: 0.45 }, value: 1 },
    }),
    config,
  } as TopLevelSpec;
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
